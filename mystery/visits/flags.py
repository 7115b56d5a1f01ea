"""Integrity flags (DESIGN §7), recomputed when a submission or one of its photos arrives."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.clients.models import Client
from mystery.extensions import db
from mystery.geo import client_zone, distance_m, format_distance
from mystery.media.models import Media
from mystery.stores.models import Store
from mystery.submissions.models import Answer, Submission
from mystery.visits.models import Visit
from mystery.waves.models import Wave


def _hours(delta):
    hours = abs(delta.total_seconds()) / 3600
    return f"{hours:.1f} h"


def _parse(value):
    if isinstance(value, datetime) or value is None:
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def checkin_flags(submission, store, config):
    """Flag a missing, far-off or imprecise check-in."""
    checkin = submission.checkin
    if not checkin or checkin.get("latitude") is None:
        return [("no_checkin", "No check-in location was recorded.")]
    flags = []
    metres = distance_m(checkin["latitude"], checkin["longitude"], store.latitude, store.longitude)
    if metres > config["FLAG_FAR_FROM_STORE_M"]:
        flags.append(("far_from_store", f"Check-in {format_distance(metres)} from the store"))
    accuracy = checkin.get("accuracy_m")
    if accuracy is not None and accuracy > config["FLAG_LOW_GPS_ACCURACY_M"]:
        flags.append(("low_gps_accuracy", f"GPS accuracy was {format_distance(accuracy)}"))
    return flags


def window_flags(visit, wave, submission, zone):
    """Flag a visit that started outside its window or the wave's daily hours."""
    started = _parse((submission.checkin or {}).get("at")) or submission.started_at
    if started is None:
        return []
    local = started.astimezone(zone)
    stamp = local.strftime("%Y-%m-%d %H:%M")
    if started < visit.window_start or started > visit.window_end:
        return [
            (
                "outside_window",
                f"Visit started {stamp}, outside its window "
                f"{visit.window_start.astimezone(zone):%Y-%m-%d %H:%M}–"
                f"{visit.window_end.astimezone(zone):%Y-%m-%d %H:%M}",
            )
        ]
    if wave.window_start_time and not (
        wave.window_start_time <= local.time() <= wave.window_end_time
    ):
        return [
            (
                "outside_window",
                f"Visit started {stamp}, outside the daily window "
                f"{wave.window_start_time:%H:%M}–{wave.window_end_time:%H:%M}",
            )
        ]
    return []


def duration_flags(submission, config):
    """Flag a visit filled in implausibly fast."""
    if not submission.started_at or not submission.finished_at:
        return []
    minutes = (submission.finished_at - submission.started_at).total_seconds() / 60
    if minutes < config["FLAG_TOO_SHORT_MINUTES"]:
        return [
            (
                "too_short",
                f"Visit took {max(minutes, 0):.1f} min "
                f"(under {config['FLAG_TOO_SHORT_MINUTES']:g} min)",
            )
        ]
    return []


def photo_flags(visit, submission, media, config):
    """Flag photos taken away from the visit time or seen before in another visit."""
    flags = []
    slack = timedelta(hours=config["FLAG_PHOTO_TIME_HOURS"])
    if submission.started_at and submission.finished_at:
        for item in media:
            taken = item.exif_taken_at
            if taken is None:
                continue
            if taken < submission.started_at - slack:
                flags.append(
                    (
                        "photo_time_mismatch",
                        f"Photo for '{item.question}' was taken "
                        f"{_hours(submission.started_at - taken)} before the visit",
                    )
                )
            elif taken > submission.finished_at + slack:
                flags.append(
                    (
                        "photo_time_mismatch",
                        f"Photo for '{item.question}' was taken "
                        f"{_hours(taken - submission.finished_at)} after the visit",
                    )
                )
    hashes = [item for item in media if item.phash]
    if hashes:
        others = db.session.execute(
            sa.select(Media.phash, Submission.visit_id)
            .join(Submission, Submission.uuid == Media.submission_uuid)
            .where(Media.phash.is_not(None), Submission.visit_id != visit.id)
        ).all()
        limit = config["FLAG_DUPLICATE_PHOTO_DISTANCE"]
        for item in hashes:
            mine = int(item.phash, 16)
            for phash, other_visit in others:
                if (mine ^ int(phash, 16)).bit_count() <= limit:
                    flags.append(
                        (
                            "duplicate_photo",
                            f"Photo for '{item.question}' matches a photo from visit {other_visit}",
                        )
                    )
                    break
    return flags


def comment_flags(visit, submission, config):
    """Flag long comments copied word for word from another visit."""
    minimum = config["FLAG_COPIED_COMMENT_CHARS"]
    comments = {
        a.get("comment").strip()
        for a in submission.answers
        if isinstance(a.get("comment"), str) and len(a["comment"].strip()) >= minimum
    }
    if not comments:
        return []
    rows = db.session.execute(
        sa.select(Answer.comment, Answer.visit_id).where(
            Answer.comment.in_(comments), Answer.visit_id != visit.id
        )
    ).all()
    copied = {}
    for comment, other_visit in rows:
        copied.setdefault(comment, other_visit)
    return [
        ("copied_comment", f'Comment "{c[:40]}…" also appears in visit {v}')
        for c, v in copied.items()
    ]


def compute_flags(visit, submission):
    """Return the flags of a submission for its visit, as [{"code", "detail"}]."""
    store, wave, client = db.session.execute(
        sa.select(Store, Wave, Client)
        .join(Wave, Wave.client_id == Store.client_id)  # a wave's stores are its client's
        .join(Client, Client.id == Wave.client_id)
        .where(Store.id == visit.store_id, Wave.id == visit.wave_id)
    ).one()
    media = db.session.scalars(
        sa.select(Media).where(Media.submission_uuid == submission.uuid)
    ).all()
    config = current_app.config
    found = (
        checkin_flags(submission, store, config)
        + window_flags(visit, wave, submission, client_zone(client.locale))
        + duration_flags(submission, config)
        + photo_flags(visit, submission, media, config)
        + comment_flags(visit, submission, config)
    )
    return [{"code": code, "detail": detail} for code, detail in found]


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
