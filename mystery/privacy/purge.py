"""Retention: remove photos, comments and check-ins of visits approved long enough ago.

Scores and answers stay, so reports and summaries are unchanged. Every visit touched gets
a `purge` audit event saying what went; a second run finds nothing left and logs nothing.
Files are deleted only once the database work has committed, so a failed run loses nothing.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.database import after_commit, utcnow
from mystery.extensions import db
from mystery.integrity.photos import forget_photos
from mystery.integrity.texts import forget_texts
from mystery.media.models import Media, MediaLink
from mystery.media.storage import get_storage
from mystery.visits.models import Answer, Submission, Visit
from mystery.visits.services import log_event

CHUNK = 200


def _strip_comments(answers):
    """Return the answers without comments, and how many comments were dropped."""
    kept, dropped = [], 0
    for answer in answers or []:
        if isinstance(answer, dict) and answer.get("comment"):
            answer = {k: v for k, v in answer.items() if k != "comment"}
            dropped += 1
        kept.append(answer)
    return kept, dropped


def _purge_visit(visit, actor=None):
    """Remove one visit's photos, comments and check-ins; return (photos, comments, checkins)."""
    submissions = db.session.scalars(
        sa.select(Submission).where(Submission.visit_id == visit.id)
    ).all()
    uuids = [s.uuid for s in submissions]
    linked = sa.select(MediaLink.media_id).where(MediaLink.submission_uuid.in_(uuids))
    media = db.session.scalars(
        sa.select(Media).where(sa.or_(Media.submission_uuid.in_(uuids), Media.id.in_(linked)))
    ).all()
    keys = [k for m in media for k in (m.original_key, m.display_key, m.thumb_key) if k]
    media_ids = [m.id for m in media]
    if media_ids:
        db.session.execute(sa.delete(MediaLink).where(MediaLink.media_id.in_(media_ids)))
    forget_photos(media_ids)
    for row in media:
        db.session.delete(row)
    # The comments go, so does the index derived from them (text answers stay, and so do theirs).
    forget_texts(visit.id, part="comment")
    comments = checkins = 0
    for submission in submissions:
        answers, dropped = _strip_comments(submission.answers)
        if dropped:
            submission.answers = answers
            comments += dropped
        if submission.checkin is not None:
            submission.checkin = None
            checkins += 1
    # The flattened rows carry the same comments; the submission JSON counted them already.
    db.session.execute(
        sa.update(Answer)
        .where(Answer.visit_id == visit.id, Answer.comment.is_not(None))
        .values(comment=None)
    )
    removed = (len(media), comments, checkins)
    if any(removed):
        note = "photos={} comments={} checkins={}".format(*removed)
        log_event(visit, actor, "purge", visit.status, visit.status, note=note)
    if keys:
        storage = get_storage(current_app)
        after_commit(lambda: [storage.delete(key) for key in keys])
    return removed


def purge(older_than_days, actor=None):
    """Purge every visit approved more than `older_than_days` ago; return the totals."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    visits = db.session.scalars(
        sa.select(Visit)
        .where(Visit.status == "approved", Visit.approved_at < cutoff)
        .order_by(Visit.id)
    ).all()
    totals = {"visits": 0, "photos": 0, "comments": 0, "checkins": 0}
    for visit in visits:
        photos, comments, checkins = _purge_visit(visit, actor)
        if photos or comments or checkins:
            totals["visits"] += 1
        totals["photos"] += photos
        totals["comments"] += comments
        totals["checkins"] += checkins
    db.session.flush()
    current_app.logger.info("purge older than %s days: %s", older_than_days, totals)
    return totals
