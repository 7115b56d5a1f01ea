"""Which submissions use a photo: the one it was uploaded under, and later ones of its visit.

A returned visit's resubmission may reference photos sent under the first submission (from
this device or, through `previous_submission`, another one); they are linked, not stored twice.
"""

import sqlalchemy as sa

from mystery.extensions import db
from mystery.media.models import Media, MediaLink
from mystery.visits.models import Submission, Visit

# Visits whose shopper may be sending photos before the submission itself arrives.
OPEN_FOR_MEDIA = ("accepted", "returned", "submitted")


def linked_submissions(media_id):
    """Return the UUIDs of the submissions that use a photo."""
    return set(
        db.session.scalars(
            sa.select(MediaLink.submission_uuid).where(MediaLink.media_id == media_id)
        )
    )


def link_media(media, submission_uuid):
    """Record that a submission uses a photo (idempotent)."""
    if submission_uuid not in linked_submissions(media.id):
        db.session.add(MediaLink(media_id=media.id, submission_uuid=submission_uuid))
        db.session.flush()


def same_visit(actor, media, submission_uuid):
    """Tell whether a new submission is for the visit the photo was first sent for."""
    earlier = set(
        db.session.scalars(
            sa.select(Submission.visit_id)
            .join(MediaLink, MediaLink.submission_uuid == Submission.uuid)
            .where(MediaLink.media_id == media.id, Submission.shopper_id == actor.id)
        )
    )
    if not earlier:
        return False
    later = db.session.scalar(sa.select(Submission).where(Submission.uuid == submission_uuid))
    if later is not None:
        return later.shopper_id == actor.id and later.visit_id in earlier
    # The resubmission has not arrived yet: the visit must still be the shopper's to finish.
    return (
        db.session.scalar(
            sa.select(Visit.id).where(
                Visit.id.in_(earlier),
                Visit.shopper_id == actor.id,
                Visit.status.in_(OPEN_FOR_MEDIA),
            )
        )
        is not None
    )


def link_referenced_media(actor, submission):
    """Link the photos a submission references that were sent under an earlier one of its visit."""
    wanted = {
        uuid.lower()
        for answer in submission.answers or []
        if isinstance(answer, dict)
        for uuid in (answer.get("media") or [])
        if isinstance(uuid, str)
    }
    if not wanted:
        return
    earlier = sa.select(Submission.uuid).where(
        Submission.visit_id == submission.visit_id, Submission.shopper_id == actor.id
    )
    rows = db.session.scalars(
        sa.select(Media)
        .join(MediaLink, MediaLink.media_id == Media.id)
        .where(
            Media.uuid.in_(wanted),
            Media.uploaded_by == actor.id,
            MediaLink.submission_uuid.in_(earlier),
        )
        .distinct()
    ).all()
    for media in rows:
        link_media(media, submission.uuid)
