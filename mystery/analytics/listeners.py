"""Analytics follows the visit lifecycle: section scores on approval, and on re-scoring.

Summaries and exports read approved visits only, so a submission's section scores are
written when its visit is approved (from the exact score snapshot the visit carries),
rewritten when an appeal re-scores it.

An appeal corrects an answer in place (same submission), so the rollups' fingerprint
(approved visits and the sum of their submission ids) cannot see the change. The wave's
totals are dropped instead, under the wave's fold lock, and the next summary rebuilds them;
appeals are rare, so that costs one rebuild now and then.
"""

from fractions import Fraction

import sqlalchemy as sa

from mystery.analytics import rollups
from mystery.analytics.models import SectionScore
from mystery.analytics.summary import record_section_scores
from mystery.extensions import db
from mystery.visits.signals import visit_approved, visit_rescored


def forget_totals(wave_id):
    """Drop a wave's region totals in the current transaction (PostgreSQL only)."""
    if not rollups.enabled():
        return
    db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(rollups.LOCK_NAMESPACE, wave_id)))
    for table in rollups.TOTALS:
        db.session.execute(sa.delete(table).where(table.wave_id == wave_id))


def snapshot_rows(visit) -> list[dict]:
    """Return the section-score rows of a visit's current submission, from its score snapshot."""
    exact = (visit.score or {}).get("exact", {}).get("sections", {})
    return [
        {
            "submission_id": visit.current_submission_id,
            "visit_id": visit.id,
            "section": key,
            "percent": float(Fraction(v["percent"])) if v["percent"] is not None else None,
            "earned": float(Fraction(v["earned"])),
            "possible": float(Fraction(v["possible"])),
            "weight": float(Fraction(v["weight"])),
        }
        for key, v in exact.items()
    ]


@visit_approved.connect
def _record_on_approval(visit, **_details):
    """Store the approved submission's section scores, replacing any written before."""
    if visit.current_submission_id is None:
        return
    db.session.execute(
        sa.delete(SectionScore).where(SectionScore.submission_id == visit.current_submission_id)
    )
    rows = snapshot_rows(visit)
    if rows:
        db.session.execute(sa.insert(SectionScore), rows)


@visit_rescored.connect
def _refresh_after_rescore(visit, submission=None, score=None, **_details):
    """Rewrite the section scores of the corrected submission and drop the wave's totals."""
    if submission is None or score is None:
        return
    db.session.execute(sa.delete(SectionScore).where(SectionScore.submission_id == submission.id))
    record_section_scores(submission, visit, score)
    forget_totals(visit.wave_id)
