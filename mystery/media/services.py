"""Photos: receiving them once (size, type, owner, question), and who may see them."""

import hashlib
import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from mystery.checklists.models import Checklist
from mystery.database import after_rollback, end_read, not_found
from mystery.errors import Conflict, Invalid, NotFound, TooLarge, Unsupported
from mystery.extensions import db
from mystery.media import images
from mystery.media.links import OPEN_FOR_MEDIA, link_media, linked_submissions, same_visit
from mystery.media.models import Media, MediaLink
from mystery.media.storage import get_storage, media_key
from mystery.scoring import iter_questions
from mystery.stores.models import Store
from mystery.visits.flags import refresh_flags_for_submission
from mystery.visits.models import Submission, Visit
from mystery.waves.models import Wave

log = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
SIZES = ("thumb", "display", "original")
# images.py has no Flask and speaks English; its fixed sentences are translated here.
# Those that quote Pillow's own error stay English.
IMAGE_PROBLEMS = {
    "The body is empty; send the image bytes.": _l("The body is empty; send the image bytes."),
    "The body is not a JPEG, PNG or WebP image.": _l("The body is not a JPEG, PNG or WebP image."),
    "The image has no pixels.": _l("The image has no pixels."),
}


def upload_limit():
    """Return the largest accepted upload, in bytes."""
    return int(current_app.config.get("MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES)


def too_large(length=None):
    """Answer 413, naming the limit (and the size, when known)."""
    limit = upload_limit()
    numbers = {
        "limit": format_decimal(limit, format="#,##0"),
        "mb": format_decimal(limit / 1024 / 1024, format="#,##0.0"),
    }
    if length is None:
        message = _(
            "The upload is larger than that; at most %(limit)s bytes (%(mb)s MB) are accepted.",
            **numbers,
        )
    else:
        message = _(
            "The upload is %(size)s bytes; at most %(limit)s bytes (%(mb)s MB) are accepted.",
            size=format_decimal(length, format="#,##0"),
            **numbers,
        )
    raise TooLarge(message=message)


def check_size(length):
    """Answer 413 when a body is (or announces itself as) over the upload limit."""
    if length is not None and length > upload_limit():
        too_large(length)


def on_media_arrived(submission_uuid):
    """Recompute the integrity flags of the visit this photo belongs to, if it has arrived."""
    refresh_flags_for_submission(submission_uuid)


def _media(media_uuid):
    return db.session.scalar(sa.select(Media).where(Media.uuid == media_uuid))


def _replay(actor, media, submission_uuid, question, digest):
    """Return the stored photo for a repeated PUT, or refuse a conflicting one.

    The same bytes for the same question under a later submission of the same visit (a
    returned visit's resubmission) are linked to it, not refused: nothing new is stored.
    """
    if media.uploaded_by != actor.id:
        raise NotFound(message=not_found("Media", media.uuid))
    if media.question != question:
        raise Conflict(
            message=_(
                "Media %(uuid)s was already sent for question %(question)s; "
                "give a new photo a new UUID.",
                uuid=media.uuid,
                question=repr(media.question),
            ),
        )
    if media.sha256 != digest:
        raise Conflict(
            message=_(
                "Media %(uuid)s was already sent with different bytes; "
                "give a new photo a new UUID.",
                uuid=media.uuid,
            ),
        )
    if submission_uuid in linked_submissions(media.id):
        return media
    if not same_visit(actor, media, submission_uuid):
        raise Conflict(
            message=_(
                "Media %(uuid)s was already sent for submission %(submission)s; "
                "give a new photo a new UUID.",
                uuid=media.uuid,
                submission=media.submission_uuid,
            ),
        )
    link_media(media, submission_uuid)
    on_media_arrived(submission_uuid)
    return media


# The expense's receipt travels as media of this pseudo-question (DESIGN §13).
RECEIPT = "receipt"


def _photo_keys(definitions):
    return {
        question.get("key")
        for definition in definitions
        for _section, question in iter_questions(definition or {})
        if question.get("type") == "photo"
    }


def _require_photo_question(actor, submission, question):
    """Answer 422 unless `question` is a photo question of the visit the photo is for."""
    visits = sa.select(Wave.checklist_id).join(Visit, Visit.wave_id == Wave.id)
    if submission is not None:
        visits = visits.where(Visit.id == submission.visit_id)
    else:
        # The submission has not arrived yet: any visit the shopper is working on will do.
        visits = visits.where(Visit.shopper_id == actor.id, Visit.status.in_(OPEN_FOR_MEDIA))
    definitions = db.session.scalars(
        sa.select(Checklist.definition).where(Checklist.id.in_(visits))
    ).all()
    if question == RECEIPT or question in _photo_keys(definitions):
        return
    key = repr(question)
    if submission is not None:
        message = _(
            "Question %(key)s is not a photo question of this submission's checklist.", key=key
        )
        problem = _("%(key)s is not a photo question of this submission's checklist.", key=key)
    else:
        message = _(
            "Question %(key)s is not a photo question in the checklist of any visit "
            "you are working on.",
            key=key,
        )
        problem = _(
            "%(key)s is not a photo question in the checklist of any visit you are working on.",
            key=key,
        )
    raise Invalid(message=message, errors={"question": [problem]})


def _discard(media_uuid, keys):
    """Delete the files of a failed upload, except those a stored row (a racing twin) uses."""
    try:
        kept = _media(media_uuid)
    except Exception:  # the database is unreachable: an orphan file beats a lost photo
        log.exception("Could not check media %s; leaving its files in place", media_uuid)
        return
    keep = {kept.original_key, kept.display_key, kept.thumb_key} if kept is not None else set()
    storage = get_storage(current_app)
    for key in keys:
        if key in keep:
            continue
        try:
            storage.delete(key)
        except Exception:
            log.exception("Could not delete media file %s", key)


def _write_files(media_uuid, info, raw, display, thumb):
    """Store original, display copy and thumbnail; all three or none."""
    tag = info.sha256[:16]
    files = (
        (media_key(media_uuid, "original", images.EXTENSIONS[info.content_type], tag), raw),
        (media_key(media_uuid, "display", "jpg", tag), display),
        (media_key(media_uuid, "thumb", "jpg", tag), thumb),
    )
    storage = get_storage(current_app)
    written = []
    try:
        for key, data in files:
            storage.save(key, data)
            written.append(key)
    except Exception:
        for key in written:
            storage.delete(key)
        raise
    return [key for key, _data in files]


def store_image(media_uuid, raw):
    """Read an image body and write its original, display copy and thumbnail.

    Return (image info, [original, display, thumb keys]); answer 415 for what is not a
    JPEG, PNG or WebP image. Shared by submission photos and action evidence.
    """
    max_pixels = current_app.config.get("MAX_IMAGE_PIXELS") or DEFAULT_MAX_IMAGE_PIXELS
    try:
        info = images.inspect_image(raw, max_pixels=max_pixels)
        display, thumb = images.render_variants(raw, max_pixels=max_pixels)
    except images.TooManyPixels as error:
        raise TooLarge(
            message=_(
                "The photo is %(width)s × %(height)s pixels; at most %(limit)s pixels are "
                "accepted. Send a smaller photo.",
                width=error.width,
                height=error.height,
                limit=format_decimal(error.limit, format="#,##0"),
            ),
        ) from None
    except images.NotAnImage as error:
        problem = IMAGE_PROBLEMS.get(str(error), error)
        raise Unsupported(
            message=_("%(problem)s Send a JPEG, PNG or WebP photo.", problem=problem)
        ) from None
    return info, _write_files(media_uuid, info, raw, display, thumb)


def receive_media(actor, submission_uuid, media_uuid, question, raw):
    """Store a photo for a submission's question once; return (media, created).

    The same UUID with the same bytes replays the stored photo; anything else about
    an existing UUID is a conflict. Files are written before the row, so a row
    always has its files.
    """
    if actor.role != "shopper":
        raise NotFound(message=_("Not found."))
    submission_uuid, media_uuid = str(submission_uuid).lower(), str(media_uuid).lower()
    check_size(len(raw))
    digest = hashlib.sha256(raw).hexdigest()

    submission = db.session.scalar(sa.select(Submission).where(Submission.uuid == submission_uuid))
    if submission is not None and submission.shopper_id != actor.id:
        raise NotFound(message=not_found("Submission", submission_uuid))
    existing = _media(media_uuid)
    if existing is not None:
        return _replay(actor, existing, submission_uuid, question, digest), False
    _require_photo_question(actor, submission, question)
    actor_id = actor.id
    # End the read transaction before the slow part: on SQLite a writing request holds the
    # database's write lock from its first query, and decoding a photo takes a while.
    end_read()

    info, keys = store_image(media_uuid, raw)
    media = Media(
        uuid=media_uuid,
        submission_uuid=submission_uuid,
        question=question,
        uploaded_by=actor_id,
        content_type=info.content_type,
        size=info.size,
        width=info.width,
        height=info.height,
        sha256=info.sha256,
        phash=info.phash,
        original_key=keys[0],
        display_key=keys[1],
        thumb_key=keys[2],
        exif_taken_at=info.taken_at,
        exif_latitude=info.latitude,
        exif_longitude=info.longitude,
    )
    try:
        with db.session.begin_nested():
            db.session.add(media)
            db.session.flush()
            db.session.add(MediaLink(media_id=media.id, submission_uuid=submission_uuid))
    except IntegrityError:
        # A concurrent PUT of the same UUID won the unique constraint: answer as a replay.
        _discard(media_uuid, keys)
        winner = _media(media_uuid)
        if winner is None:
            raise
        return _replay(actor, winner, submission_uuid, question, digest), False
    except Exception:
        _discard(media_uuid, keys)
        raise
    # The request commits; should it roll back instead, the files go with it.
    after_rollback(lambda: _discard(media_uuid, keys))
    on_media_arrived(submission_uuid)
    return media, True


def visible_media(user, statement):
    """Restrict a select of media to what the caller may see.

    Staff see all; shoppers what they uploaded; client users photos of the current
    submission of an approved visit of their client (and regions).
    """
    if user.is_staff:
        return statement
    if user.role == "shopper":
        return statement.where(Media.uploaded_by == user.id)
    if user.role == "client" and user.client_id is not None:
        approved = (
            sa.select(Submission.uuid)
            .join(Visit, Visit.current_submission_id == Submission.id)
            .join(Wave, Wave.id == Visit.wave_id)
            .join(Store, Store.id == Visit.store_id)
            .where(
                Visit.status == "approved",
                Wave.client_id == user.client_id,
                Store.client_id == user.client_id,
            )
        )
        if user.regions:
            approved = approved.where(Store.region.in_(user.regions))
        linked = sa.select(MediaLink.media_id).where(MediaLink.submission_uuid.in_(approved))
        return statement.where(Media.id.in_(linked))
    return statement.where(sa.false())


def get_visible_media(user, media_uuid):
    """Load a photo the caller may see, or answer 404."""
    media_uuid = str(media_uuid).lower()
    statement = visible_media(user, sa.select(Media).where(Media.uuid == media_uuid))
    media = db.session.scalar(statement)
    if media is None:
        raise NotFound(message=not_found("Media", media_uuid))
    return media


def read_variant(media, size, keep_metadata=False):
    """Return (bytes, content type, file extension) of one size of a photo.

    The copies never carry metadata; the original keeps its EXIF only for staff, who review
    when and where it was taken. Anyone else gets it stripped (owner, serial number, GPS).
    """
    if size == "original":
        key, content_type = media.original_key, media.content_type
    else:
        key = media.thumb_key if size == "thumb" else media.display_key
        content_type = "image/jpeg"
    try:
        data = get_storage(current_app).open(key)
    except FileNotFoundError:
        log.error("Media %s has a row but no %s file (%s)", media.uuid, size, key)
        raise NotFound(
            message=_(
                "The %(size)s file of media %(uuid)s is missing.", size=size, uuid=media.uuid
            ),
        ) from None
    if size == "original" and not keep_metadata:
        try:
            data = images.strip_metadata(data)
        except images.NotAnImage:
            log.error("Media %s: original cannot be stripped; sending the display copy", media.uuid)
            return read_variant(media, "display")
    return data, content_type, images.EXTENSIONS.get(content_type, "jpg")
