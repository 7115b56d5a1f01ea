"""Integrity flags (DESIGN §7), recomputed when a submission or one of its photos arrives.

Each flag is stored as {"code", "params"}; `flags_text.describe` writes its detail in the
reader's language when it is read.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.clients.models import Client
from mystery.extensions import db
from mystery.geo import client_zone, distance_m
from mystery.integrity import photos as photo_index
from mystery.integrity import texts as text_index
from mystery.media.models import Media, MediaLink
from mystery.stores.models import Store
from mystery.visits.models import Answer, Submission, Visit
from mystery.waves.models import Wave

STAMP = "%Y-%m-%d %H:%M"


def _parse(value):
    if isinstance(value, datetime) or value is None:
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def clock_offset(submission, config):
    """Return how far the phone's clock ran ahead of the server's (negative: behind), or zero.

    The phone's own reading at sending time (`X-Client-Time`) is the best witness; without
    it, a `finished_at` later than the server received the submission is one.
    """
    limit = timedelta(minutes=config["FLAG_CLOCK_SKEW_MINUTES"])
    if submission.clock_offset_s is not None:
        offset = timedelta(seconds=submission.clock_offset_s)
        if abs(offset) > limit:
            return offset
    if submission.finished_at and submission.received_at:
        ahead = submission.finished_at - submission.received_at
        if ahead > limit:
            return ahead
    return timedelta(0)


def clock_flags(offset):
    """Flag a phone clock that was off by more than the setting."""
    if not offset:
        return []
    return [("clock_skew", {"minutes": round(offset.total_seconds() / 60, 1)})]


def checkin_flags(submission, store, config):
    """Flag a missing, far-off or imprecise check-in."""
    checkin = submission.checkin
    if not checkin or checkin.get("latitude") is None:
        return [("no_checkin", {})]
    flags = []
    metres = distance_m(checkin["latitude"], checkin["longitude"], store.latitude, store.longitude)
    if metres > config["FLAG_FAR_FROM_STORE_M"]:
        flags.append(("far_from_store", {"metres": metres}))
    accuracy = checkin.get("accuracy_m")
    if accuracy is not None and accuracy > config["FLAG_LOW_GPS_ACCURACY_M"]:
        flags.append(("low_gps_accuracy", {"metres": accuracy}))
    return flags


def window_flags(visit, wave, submission, zone, offset):
    """Flag a visit that started outside its window or the wave's daily hours, by server time."""
    started = _parse((submission.checkin or {}).get("at")) or submission.started_at
    if started is None:
        return []
    started = started - offset
    local = started.astimezone(zone)
    stamp = local.strftime(STAMP)
    if started < visit.window_start or started > visit.window_end:
        params = {
            "started": stamp,
            "start": visit.window_start.astimezone(zone).strftime(STAMP),
            "end": visit.window_end.astimezone(zone).strftime(STAMP),
        }
        return [("outside_window", params)]
    if wave.window_start_time and not (
        wave.window_start_time <= local.time() <= wave.window_end_time
    ):
        params = {
            "started": stamp,
            "start": f"{wave.window_start_time:%H:%M}",
            "end": f"{wave.window_end_time:%H:%M}",
            "daily": True,
        }
        return [("outside_window", params)]
    return []


def duration_flags(submission, config):
    """Flag a visit filled in implausibly fast."""
    if not submission.started_at or not submission.finished_at:
        return []
    minutes = (submission.finished_at - submission.started_at).total_seconds() / 60
    limit = config["FLAG_TOO_SHORT_MINUTES"]
    if minutes < limit:
        return [("too_short", {"minutes": round(max(minutes, 0), 1), "limit": limit})]
    return []


def photo_time_flags(submission, media, config):
    """Flag photos taken away from the visit time (the phone's clock on both sides)."""
    flags = []
    slack = timedelta(hours=config["FLAG_PHOTO_TIME_HOURS"])
    if not (submission.started_at and submission.finished_at):
        return flags
    for item in media:
        taken = item.exif_taken_at
        if taken is None:
            continue
        if taken < submission.started_at - slack:
            gap, when = submission.started_at - taken, "before"
        elif taken > submission.finished_at + slack:
            gap, when = taken - submission.finished_at, "after"
        else:
            continue
        hours = round(gap.total_seconds() / 3600, 1)
        flags.append(
            ("photo_time_mismatch", {"question": item.question, "hours": hours, "when": when})
        )
    return flags


def duplicate_photo_flags(visit, media, config):
    """Flag photos within the hash distance of a photo of another visit (an index look-up)."""
    flags = []
    limit = config["FLAG_DUPLICATE_PHOTO_DISTANCE"]
    for item in media:
        if not item.phash:
            continue
        other = photo_index.similar_photo(item.phash, visit.id, limit)
        if other is not None:
            flags.append(("duplicate_photo", {"question": item.question, "visit_id": other}))
        photo_index.index_photo(item.id, visit.id, item.phash)
    return flags


def _writes_text(submission, minimum):
    """Tell whether any answer carries a value or comment long enough to be compared."""
    return any(
        isinstance(text, str) and len(text.strip()) >= minimum
        for answer in submission.answers or []
        if isinstance(answer, dict)
        for text in (answer.get("value"), answer.get("comment"))
    )


def _texts(submission, minimum):
    """Return [(answer id, question, part, text)] of what the shopper wrote in a submission."""
    if not _writes_text(submission, minimum):
        return []  # nothing to compare: no need to read the answer rows back
    rows = db.session.execute(
        sa.select(Answer.id, Answer.question, Answer.qtype, Answer.value, Answer.comment).where(
            Answer.submission_id == submission.id
        )
    ).all()
    texts = []
    for answer_id, question, qtype, value, comment in rows:
        if qtype == "text" and isinstance(value, str) and len(value.strip()) >= minimum:
            texts.append((answer_id, question, "value", value.strip()))
        if isinstance(comment, str) and len(comment.strip()) >= minimum:
            texts.append((answer_id, question, "comment", comment.strip()))
    return texts


def _stored_texts(answer_ids):
    """Return {(answer id, part): text} for candidate answers."""
    rows = db.session.execute(
        sa.select(Answer.id, Answer.qtype, Answer.value, Answer.comment).where(
            Answer.id.in_(answer_ids)
        )
    ).all()
    stored = {}
    for answer_id, qtype, value, comment in rows:
        if qtype == "text" and isinstance(value, str):
            stored[(answer_id, "value")] = value.strip()
        if isinstance(comment, str):
            stored[(answer_id, "comment")] = comment.strip()
    return stored


def copied_text_flags(visit, submission, config):
    """Flag texts equal or nearly equal (word-trigram Jaccard) to a text of another visit."""
    minimum = config["FLAG_COPIED_COMMENT_CHARS"]
    threshold = config["FLAG_COPIED_TEXT_SIMILARITY"]
    texts = _texts(submission, minimum)
    flags = []
    for _answer_id, question, part, text in texts:
        found = text_index.candidates(text, visit.id)
        if not found:
            continue
        stored = _stored_texts({answer_id for answer_id, _p, _v in found})
        mine = text_index.trigrams(text)
        best = None
        for answer_id, other_part, other_visit in sorted(found, key=lambda f: f[2]):
            other = stored.get((answer_id, other_part))
            if other is None or len(other) < minimum:
                continue  # purged, or rewritten since
            similarity = (
                1.0 if other == text else text_index.jaccard(mine, text_index.trigrams(other))
            )
            if similarity >= threshold and (best is None or similarity > best[0]):
                best = (similarity, other_visit)
        if best is not None:
            params = {
                "question": question,
                "part": part,
                "excerpt": text[:40],
                "similarity": round(best[0], 2),
                "visit_id": best[1],
            }
            flags.append(("copied_comment", params))
    if texts:  # nothing to index otherwise
        text_index.index_texts(
            submission.id,
            visit.id,
            [(answer_id, part, text) for answer_id, _q, part, text in texts],
        )
    return flags


def submission_media(submission_uuid):
    """Return the photos a submission uses, wherever they were first uploaded."""
    return db.session.scalars(
        sa.select(Media)
        .join(MediaLink, MediaLink.media_id == Media.id)
        .where(MediaLink.submission_uuid == submission_uuid)
        .order_by(Media.id)
    ).all()


def compute_flags(visit, submission, context=None):
    """Return the flags of a submission for its visit, as [{"code", "params"}].

    `context` is the visit's (store, wave, client) when the caller has read them already.
    """
    store, wave, client = (
        context
        or db.session.execute(
            sa.select(Store, Wave, Client)
            .join(Wave, Wave.client_id == Store.client_id)  # a wave's stores are its client's
            .join(Client, Client.id == Wave.client_id)
            .where(Store.id == visit.store_id, Wave.id == visit.wave_id)
        ).one()
    )
    media = submission_media(submission.uuid)
    config = current_app.config
    offset = clock_offset(submission, config)
    found = (
        checkin_flags(submission, store, config)
        + window_flags(visit, wave, submission, client_zone(client.locale), offset)
        + duration_flags(submission, config)
        + clock_flags(offset)
        + photo_time_flags(submission, media, config)
        + duplicate_photo_flags(visit, media, config)
        + copied_text_flags(visit, submission, config)
    )
    return [{"code": code, "params": params} for code, params in found]


def refresh_flags(visit):
    """Recompute and store the flags of a visit's current submission."""
    if visit.current_submission_id is None:
        return []
    visit.flags = compute_flags(visit, db.session.get(Submission, visit.current_submission_id))
    db.session.flush()
    return visit.flags


def refresh_flags_for_submission(submission_uuid):
    """Recompute flags when a photo arrives for a visit's current submission."""
    visit = db.session.scalar(
        sa.select(Visit)
        .join(Submission, Submission.id == Visit.current_submission_id)
        .where(Submission.uuid == submission_uuid)
    )
    if visit is not None:
        refresh_flags(visit)
