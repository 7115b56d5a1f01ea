"""Region totals of approved answers and section scores, for wave summaries on PostgreSQL.

A summary over a million answer rows cannot re-read them within its 50 ms budget, so each
wave keeps per-region totals (question counts and sums, section sums, wait-time counts per
second) together with the list of visits they include (rolled_visits) and, per store, the
fingerprint of those visits: how many, the sum of their submission ids, the store's region.

Folding happens outside GETs: when an approval commits (for that visit's store), when a
correction commits (a rebuild), and in a background fold a summary queues when it finds a
store's part stale. A summary only reads: it compares the fingerprints with the live visits
(it reads them anyway for the store ranking) and, for the stores that differ, reads the
changed visits' answers beside the totals (read.py), so it is never stale and never waits
for a fold. Nothing is served unchecked, so this is not a response cache.

The parts: fingerprints.py (is a store's part current?), fold.py (the SQL that folds),
background.py (who folds when) and read.py (the totals a summary reads).
"""

from mystery.extensions import db

# Bump when what the totals hold changes meaning: the next summary rebuilds the wave's.
VERSION = 1
# pg_advisory_xact_lock(namespace, wave id) serialises the folding of one wave.
LOCK_NAMESPACE = 0x6D79
# A summary reads at most this many changed visits beside the totals. More (a wave's first
# fold, a rebuild, a bulk import) and it reads the answers directly until the background fold
# is done: as fast, and no GET ever waits for seconds of folding.
CHANGES_IN_REQUEST = 200


def enabled() -> bool:
    """Use totals on PostgreSQL; SQLite (embedded, small) aggregates the rows directly."""
    return db.session.get_bind().dialect.name == "postgresql"


# The parts read VERSION and enabled() through this package at call time, so a test that
# patches them here patches every part.
from mystery.analytics.rollups.background import catch_up, fold_later  # noqa: E402
from mystery.analytics.rollups.fingerprints import (  # noqa: E402
    fingerprint,
    moved_stores,
    readable,
    stale_stores,
)
from mystery.analytics.rollups.fold import TOTALS, refresh  # noqa: E402
from mystery.analytics.rollups.read import rolled_totals  # noqa: E402

__all__ = [
    "CHANGES_IN_REQUEST",
    "LOCK_NAMESPACE",
    "TOTALS",
    "VERSION",
    "catch_up",
    "enabled",
    "fingerprint",
    "fold_later",
    "moved_stores",
    "readable",
    "refresh",
    "rolled_totals",
    "stale_stores",
]
