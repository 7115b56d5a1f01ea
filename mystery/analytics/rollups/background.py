"""Who folds the totals when: an approval once it commits, a correction, a background job."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from mystery.analytics import rollups
from mystery.analytics.lines import store_lines
from mystery.analytics.queries import Scope, load_plan
from mystery.analytics.rollups.fingerprints import stale_stores
from mystery.analytics.rollups.fold import refresh
from mystery.database import after_commit
from mystery.extensions import db
from mystery.visits.signals import visit_approved, visit_rescored
from mystery.waves.models import Wave

log = logging.getLogger(__name__)


def catch_up(wave_id: int, lock_timeout=None) -> None:
    """Bring a wave's totals up to date with its approved visits (a job's work, not a GET's)."""
    if not rollups.enabled():
        return
    wave = db.session.get(Wave, wave_id)
    if wave is None:
        return
    plan = load_plan(wave)
    stale, outdated = stale_stores(store_lines(wave_id, Scope()))
    db.session.rollback()
    refresh(wave_id, plan, stale, rebuild=outdated, lock_timeout=lock_timeout)


_folder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mystery-fold")
_queued: set[int] = set()
_queued_lock = threading.Lock()


def fold_later(app, wave_id: int) -> None:
    """Queue a background catch_up of a wave (once, however often it is asked for)."""
    with _queued_lock:
        if wave_id in _queued:
            return
        _queued.add(wave_id)
    _folder.submit(_fold_in_background, app, wave_id)


def _fold_in_background(app, wave_id):
    with _queued_lock:
        _queued.discard(wave_id)  # a change from now on queues another fold
    with app.app_context():
        try:
            catch_up(wave_id, lock_timeout="500ms")
        except Exception:
            log.exception("Folding the totals of wave %s failed", wave_id)
        finally:
            db.session.remove()


@visit_approved.connect
def _fold_after_approval(visit, **_details):
    """Fold an approved visit's store into the wave's totals once the approval committed."""
    if not rollups.enabled():
        return
    wave_id, store_id = visit.wave_id, visit.store_id
    plan = load_plan(db.session.get(Wave, wave_id))
    after_commit(lambda: refresh(wave_id, plan, [store_id]))


@visit_rescored.connect
def _rebuild_after_rescore(visit, **_details):
    """A corrected answer drops the wave's totals (rescored.py): rebuild them once the
    correction committed, in the deciding request, so no summary has to."""
    if not rollups.enabled():
        return
    wave_id = visit.wave_id
    plan = load_plan(db.session.get(Wave, wave_id))
    after_commit(lambda: refresh(wave_id, plan, None, rebuild=True))
