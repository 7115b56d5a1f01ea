"""Evidence photos of actions, stored and checked like submission photos (mystery/media)."""

import hashlib
import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mystery.actions.models import Action, ActionEvidence
from mystery.actions.services import log_change
from mystery.auth.models import User
from mystery.database import not_found
from mystery.errors import Conflict, NotFound
from mystery.extensions import db
from mystery.media.models import Media
from mystery.media.services import check_size, store_image
from mystery.media.storage import get_storage

log = logging.getLogger(__name__)


def _evidence(media_uuid):
    return db.session.scalar(sa.select(ActionEvidence).where(ActionEvidence.uuid == media_uuid))


def _replay(action_id, evidence, digest):
    """Return the stored photo for a repeated PUT, or refuse a conflicting one with 409."""
    if evidence.action_id != action_id:
        raise Conflict(
            message=_(
                "Photo %(uuid)s was already sent for another action; give a new photo a new UUID.",
                uuid=evidence.uuid,
            ),
        )
    if evidence.sha256 != digest:
        raise Conflict(
            message=_(
                "Photo %(uuid)s was already sent with different bytes; "
                "give a new photo a new UUID.",
                uuid=evidence.uuid,
            ),
        )
    return evidence


def _discard(keys):
    """Delete the files of an upload whose row was not stored."""
    storage = get_storage(current_app)
    for key in keys:
        try:
            storage.delete(key)
        except Exception:
            log.exception("Could not delete evidence file %s", key)


def receive_evidence(actor, action, media_uuid, raw):
    """Store an evidence photo for an action once; return (evidence, created)."""
    media_uuid = str(media_uuid).lower()
    check_size(len(raw))
    digest = hashlib.sha256(raw).hexdigest()
    existing = _evidence(media_uuid)
    if existing is not None:
        return _replay(action.id, existing, digest), False
    if db.session.scalar(sa.select(Media.id).where(Media.uuid == media_uuid)) is not None:
        raise Conflict(message=_("UUID %(uuid)s is already a visit photo.", uuid=media_uuid))
    action_id, actor_id = action.id, actor.id
    # Release SQLite's write lock while the photo is decoded (as submission photos do).
    db.session.rollback()
    info, keys = store_image(media_uuid, raw)
    evidence = ActionEvidence(
        uuid=media_uuid,
        action_id=action_id,
        uploaded_by=actor_id,
        content_type=info.content_type,
        size=info.size,
        width=info.width,
        height=info.height,
        sha256=info.sha256,
        original_key=keys[0],
        display_key=keys[1],
        thumb_key=keys[2],
    )
    try:
        db.session.add(evidence)
        db.session.flush()
    except IntegrityError:
        # A concurrent PUT of the same UUID won: answer as its replay.
        db.session.rollback()
        winner = _evidence(media_uuid)
        if winner is None or winner.original_key not in keys:
            _discard(keys)
        if winner is None:
            raise
        return _replay(action_id, winner, digest), False
    action = db.session.get(Action, action_id)
    actor = db.session.get(User, actor_id)
    log_change(action, actor, "evidence", action.status, evidence=media_uuid)
    return evidence, True


def get_evidence_or_404(action, media_uuid):
    """Load one evidence photo of an action, or answer 404."""
    media_uuid = str(media_uuid).lower()
    evidence = _evidence(media_uuid)
    if evidence is None or evidence.action_id != action.id:
        raise NotFound(message=not_found("Media", media_uuid))
    return evidence
