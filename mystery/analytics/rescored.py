"""Analytics follows a re-scored visit: its section scores and the wave's rollups.

An appeal corrects an answer in place (same submission), so the rollups' fingerprint
(approved visits and the sum of their submission ids) cannot see the change. The wave's
totals are dropped instead, under the wave's fold lock, and the next summary rebuilds them;
appeals are rare, so that costs one rebuild now and then.
"""

import sqlalchemy as sa

from mystery.analytics import rollups
from mystery.analytics.models import SectionScore
from mystery.analytics.summary import record_section_scores
from mystery.extensions import db
from mystery.visits.signals import visit_rescored


def forget_totals(wave_id):
    """Drop a wave's region totals in the current transaction (PostgreSQL only)."""
    if not rollups.enabled():
        return
    db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(rollups.LOCK_NAMESPACE, wave_id)))
    for table in rollups.TOTALS:
        db.session.execute(sa.delete(table).where(table.wave_id == wave_id))


@visit_rescored.connect
def _refresh_after_rescore(visit, submission=None, score=None, **_details):
    """Rewrite the section scores of the corrected submission and drop the wave's totals."""
    if submission is None or score is None:
        return
    db.session.execute(sa.delete(SectionScore).where(SectionScore.submission_id == submission.id))
    record_section_scores(submission, visit, score)
    forget_totals(visit.wave_id)
