"""Turn visits into API dicts, batch-loading what they embed (no N+1)."""

import sqlalchemy as sa
from flask_babel import get_locale

from mystery.access import STAFF
from mystery.auth.models import User
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.media.models import Media, MediaLink
from mystery.scoring import localize, round_half_away
from mystery.stores.models import Store
from mystery.visits.flags_text import describe_all
from mystery.visits.models import Answer, Submission
from mystery.waves.models import Wave

STORE_FIELDS = ("id", "code", "name", "address", "city", "region", "latitude", "longitude")


def _by_id(model, ids):
    """Load rows of a model by id into a dict."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def present_score(score, locale=None):
    """Return the API shape of a stored score snapshot, titles in the caller's language."""
    if not score:
        return None
    locale = locale or str(get_locale() or "en")
    return {
        "total": score.get("total"),
        "critical_failed": score.get("critical_failed", False),
        "sections": [
            {
                **{k: v for k, v in section.items() if k != "title"},
                "title": localize(section.get("title"), locale),
            }
            for section in score.get("sections", [])
        ],
    }


def referenced_media(answers):
    """Return the media UUIDs a submission's answers point at."""
    return {
        uuid
        for answer in answers or []
        if isinstance(answer, dict)
        for uuid in (answer.get("media") or [])
        if isinstance(uuid, str)
    }


def _submissions(visits):
    """Return ({submission_id: uuid}, {visit_id: photo counts}) in one pass over submissions.

    Photos are looked up by the page's submissions, never by the UUIDs the answers name:
    those are the shopper's data, and one SQL parameter each would not scale.
    """
    submission_ids = {v.current_submission_id for v in visits if v.current_submission_id}
    if not submission_ids:
        return {}, {}
    rows = db.session.execute(
        sa.select(Submission.id, Submission.uuid, Submission.answers).where(
            Submission.id.in_(submission_ids)
        )
    ).all()
    uuids = {sid: uuid for sid, uuid, _answers in rows}
    referenced = {sid: referenced_media(answers) for sid, _uuid, answers in rows}
    received = {}
    page = set(uuids.values())
    # A photo counts for the submission it was uploaded under and for every later one that
    # links it (a returned visit's resubmission, DESIGN §6).
    stored = sa.select(Media.submission_uuid, Media.uuid).where(Media.submission_uuid.in_(page))
    linked = (
        sa.select(MediaLink.submission_uuid, Media.uuid)
        .join(Media, Media.id == MediaLink.media_id)
        .where(MediaLink.submission_uuid.in_(page))
    )
    for submission_uuid, media_uuid in db.session.execute(stored.union(linked)):
        received.setdefault(submission_uuid, set()).add(media_uuid)
    photos = {}
    for visit in visits:
        sid = visit.current_submission_id
        if sid:
            wanted = referenced.get(sid, set())
            got = received.get(uuids.get(sid), set())
            photos[visit.id] = {"referenced": len(wanted), "received": len(wanted & got)}
    return uuids, photos


def _previous_submissions(visits, viewer):
    """Return {submission id: what the shopper sent} for their returned visits (DESIGN §6)."""
    ids = {
        v.current_submission_id
        for v in visits
        if v.status == "returned" and v.shopper_id == viewer.id and v.current_submission_id
    }
    if not ids:
        return {}
    submissions = db.session.scalars(sa.select(Submission).where(Submission.id.in_(ids))).all()
    return {
        s.id: {
            "uuid": s.uuid,
            "answers": s.answers or [],
            "started_at": s.started_at,
            "finished_at": s.finished_at,
            "media": sorted(referenced_media(s.answers)),
        }
        for s in submissions
    }


def question_scores(visits):
    """Return {visit_id: {question: {score, earned, possible}}} of each current submission.

    The answer rows hold each question's score as the server computed it when the visit was
    submitted (or an appeal corrected it), so screens show these and never re-score.
    """
    submission_ids = {v.current_submission_id for v in visits if v.current_submission_id}
    if not submission_ids:
        return {}
    rows = db.session.execute(
        sa.select(Answer.visit_id, Answer.question, Answer.score, Answer.weight).where(
            Answer.submission_id.in_(submission_ids),
            Answer.score.is_not(None),
            Answer.weight > 0,
            Answer.na.is_(False),
            Answer.hidden.is_(False),
        )
    ).all()
    scores = {}
    for visit_id, question, score, weight in rows:
        scores.setdefault(visit_id, {})[question] = {
            "score": round_half_away(score, 4),
            "earned": round_half_away(score * weight, 2),
            "possible": round_half_away(weight, 2),
        }
    return scores


def present_visits(visits, viewer, with_checklist=False, distances=None):
    """Return API dicts for visits as this viewer may see them."""
    visits = list(visits)
    stores = _by_id(Store, (v.store_id for v in visits))
    waves = _by_id(Wave, (v.wave_id for v in visits))
    clients = _by_id(Client, (w.client_id for w in waves.values()))
    staff = viewer.role in STAFF
    shoppers = _by_id(User, (v.shopper_id for v in visits)) if staff else {}
    checklists = {}
    if with_checklist or staff:
        checklists = _by_id(Checklist, (w.checklist_id for w in waves.values()))
    submission_uuids, photos = _submissions(visits)
    previous = _previous_submissions(visits, viewer)
    scores = question_scores(visits) if viewer.role != "shopper" else {}
    locale = str(get_locale() or "en")
    result = []
    for visit in visits:
        store, wave = stores[visit.store_id], waves[visit.wave_id]
        client = clients[wave.client_id]
        item = {
            "id": visit.id,
            "wave_id": visit.wave_id,
            "wave_name": wave.name,
            "client": {
                "id": client.id,
                "name": client.name,
                "brand_colour": client.brand_colour,
                "locale": client.locale,
            },
            "store": {field: getattr(store, field) for field in STORE_FIELDS},
            "window_start": visit.window_start,
            "window_end": visit.window_end,
            "daily_window": _daily_window(wave),
            "scenario": visit.scenario,
            "status": visit.status,
            "score": present_score(visit.score, locale),
            "submission_uuid": submission_uuids.get(visit.current_submission_id),
            "photos": photos.get(visit.id, {"referenced": 0, "received": 0}),
            "submitted_at": visit.submitted_at,
            "approved_at": visit.approved_at,
            "checklist_id": wave.checklist_id,
        }
        if viewer.role != "client":  # clients never learn who the shopper was
            item["fee"] = float(wave.fee)
            item["expense_cap"] = wave.expense_cap
            item["currency"] = client.currency
            item["certification_id"] = wave.certification_id
            item["review_note"] = visit.review_note
            item["flags"] = describe_all(visit.flags)
            item["shopper_id"] = visit.shopper_id
            item["scheduled_on"] = visit.scheduled_on  # the shopper's planned day (§14)
        if viewer.role != "shopper":  # earlier totals after appeals (DESIGN §15)
            item["score_history"] = visit.score_history or []
            item["question_scores"] = scores.get(visit.id, {})
        if staff and visit.shopper_id:
            shopper = shoppers.get(visit.shopper_id)
            item["shopper"] = {"id": shopper.id, "name": shopper.name, "email": shopper.email}
        if with_checklist and wave.checklist_id in checklists:
            checklist = checklists[wave.checklist_id]
            item["checklist"] = {
                "id": checklist.id,
                "name": checklist.name,
                "version": checklist.version,
                "definition": checklist.definition,
            }
        if visit.status == "returned" and viewer.id == visit.shopper_id:
            item["previous_submission"] = previous.get(visit.current_submission_id)
        if distances is not None:
            item["distance_km"] = distances.get(visit.id)
        result.append(item)
    return result


def _daily_window(wave):
    """Return the wave's daily time window as strings, or None."""
    if wave.window_start_time is None:
        return None
    return {
        "start": wave.window_start_time.strftime("%H:%M"),
        "end": wave.window_end_time.strftime("%H:%M"),
    }
