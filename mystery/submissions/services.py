"""Receiving submissions idempotently: one UUID, one row, whatever the network does."""

import hashlib
import json
import uuid as uuidlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached

from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.database import as_utc, not_found, utcnow
from mystery.errors import Conflict, Invalid, NotFound
from mystery.extensions import db
from mystery.media.links import link_referenced_media
from mystery.scoring import answer_number, iter_questions, score_submission, validate_answers
from mystery.stores.models import Store
from mystery.submissions.models import Answer, Submission
from mystery.visits import services as visits
from mystery.visits.flags import compute_flags
from mystery.visits.models import Visit
from mystery.waves.models import Wave

# The scoring package has no Flask and speaks English; its fixed sentences are translated
# here. Sentences with numbers in them (which answer, which limit) stay English.
ANSWER_PROBLEMS = {
    "Answers must be a list.": _l("Answers must be a list."),
    "Unknown question.": _l("Unknown question."),
    "The question is answered more than once.": _l("The question is answered more than once."),
    "An answer is required.": _l("An answer is required."),
    "N/A must be true or false.": _l("N/A must be true or false."),
    "N/A is not allowed for this question.": _l("N/A is not allowed for this question."),
    "Media must be a list of media ids (UUIDs).": _l("Media must be a list of media ids (UUIDs)."),
    "Must be true or false.": _l("Must be true or false."),
    "Must be a number.": _l("Must be a number."),
    "Must be a whole number from 0 to 10.": _l("Must be a whole number from 0 to 10."),
    "Must be a whole number of seconds, 0 or more.": _l(
        "Must be a whole number of seconds, 0 or more."
    ),
    "Must be 'happy', 'neutral' or 'sad'.": _l("Must be 'happy', 'neutral' or 'sad'."),
    "Must be a real date written YYYY-MM-DD.": _l("Must be a real date written YYYY-MM-DD."),
    "Must be a time written HH:MM or HH:MM:SS.": _l("Must be a time written HH:MM or HH:MM:SS."),
}


def canonical_hash(payload):
    """Return the SHA-256 of the payload's canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def parse_uuid(value, field="uuid"):
    """Return the canonical form of a UUID, or answer 422 naming the field."""
    try:
        return str(uuidlib.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise Invalid(
            message=_("%(value)s is not a UUID.", value=repr(value)),
            errors={"path": {field: [_("Not a UUID.")]}},
        ) from None


def _replay(existing, actor, payload_hash):
    """Answer a repeated PUT: the stored submission if identical, 409 if not."""
    if existing.shopper_id != actor.id:
        raise NotFound(message=not_found("Submission", existing.uuid))
    if existing.payload_hash != payload_hash:
        raise Conflict(
            message=_(
                "Submission %(uuid)s was already received with different content; "
                "send changes under a new UUID.",
                uuid=existing.uuid,
            ),
        )
    return existing, False


def _translated_problems(problems):
    """Translate the scoring package's fixed sentences; keys and other texts stay as they are."""
    return {
        key: [str(ANSWER_PROBLEMS.get(message, message)) for message in messages]
        for key, messages in problems.items()
    }


def _answer_rows(submission, visit, definition, answers, score):
    """Flatten the answers into rows for SQL aggregation (one executemany, no ORM objects)."""
    by_key = {a["question"]: a for a in answers}
    rows = []
    for _section, question in iter_questions(definition):
        answer = by_key.get(question["key"])
        if answer is None:
            continue
        result = score.questions.get(question["key"])
        counted = result is not None and not result.excluded and result.score is not None
        rows.append(
            {
                "submission_id": submission.id,
                "visit_id": visit.id,
                "question": question["key"],
                "qtype": question["type"],
                "value": answer.get("value"),
                "num_value": answer_number(question["type"], answer.get("value")),
                "score": float(result.score) if counted else None,
                "weight": float(result.possible) if counted else 0.0,
                "na": bool(answer.get("na")),
                "hidden": result is not None and result.reason == "hidden",
                "comment": answer.get("comment"),
            }
        )
    if rows:  # Core, every row with every column: one INSERT (the ORM splits by None)
        db.session.execute(Answer.__table__.insert(), rows)


def _context_of(visit_id):
    """Return (definition, store, wave, client) of a visit in one query, or None if there is none.

    Read before the visit's lock: a visit's wave and store never change, and on SQLite the
    write lock is then taken only after validation and scoring (see `database`).
    """
    return db.session.execute(
        sa.select(Checklist.definition, Store, Wave, Client)
        .select_from(Visit)
        .join(Wave, Wave.id == Visit.wave_id)
        .join(Checklist, Checklist.id == Wave.checklist_id)
        .join(Store, Store.id == Visit.store_id)
        .join(Client, Client.id == Wave.client_id)
        .where(Visit.id == visit_id)
    ).one_or_none()


def _insert_once(values):
    """INSERT the submission unless its UUID is stored already; return its id, or None.

    One statement (ON CONFLICT DO NOTHING on the unique UUID) instead of a savepoint, an
    INSERT and a release: two concurrent PUTs of one UUID still leave exactly one row.
    """
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    statement = (
        insert(Submission.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["uuid"])
        .returning(Submission.__table__.c.id)
    )
    return db.session.execute(statement).scalar()


def _stored(values, submission_id):
    """Return the just-inserted submission as a persistent object, without reading it back."""
    submission = Submission(id=submission_id, **values)
    make_transient_to_detached(submission)
    db.session.add(submission)
    return submission


def _check_answers(context, answers):
    """Validate and score the answers against the visit's checklist: (problems, score)."""
    if context is None:
        return None, None
    problems = validate_answers(context.definition, answers)
    if problems:
        return problems, None
    return None, score_submission(context.definition, answers)


def receive_submission(actor, submission_uuid, data, raw_payload, client_time=None):
    """Store a submission once; return (submission, created).

    `client_time` is the phone's clock when it sent the request (`X-Client-Time`), so
    flags can judge the visit's times by the server's clock.
    """
    submission_uuid = parse_uuid(submission_uuid)
    payload_hash = canonical_hash(raw_payload)
    answers = data["answers"]
    # Pure work first, outside the visit's lock; its verdict is given after the lock's checks,
    # so a replay, a missing visit or a visit in the wrong state answer as they always did.
    context = _context_of(data["visit_id"])
    problems, score = _check_answers(context, answers)
    visit = visits.lock_visit(data["visit_id"])
    # One look for the UUID, under the visit's lock: a concurrent twin has committed by now
    # (or waits for us); a twin on another visit meets the unique index below.
    existing = db.session.scalar(sa.select(Submission).where(Submission.uuid == submission_uuid))
    if existing is not None:
        return _replay(existing, actor, payload_hash)
    if visit is None or visit.shopper_id != actor.id or context is None:
        raise NotFound(message=not_found("Visit", data["visit_id"]))
    if visit.status not in ("accepted", "returned"):
        raise Conflict(
            message=_(
                "Visit %(id)s is %(status)s; only accepted or returned visits can be submitted.",
                id=visit.id,
                status=visit.status,
            ),
            errors={"status": [visit.status]},
        )
    if problems:
        keys = ", ".join(sorted(problems))
        raise Invalid(
            message=_("Some answers need attention: %(keys)s.", keys=keys),
            errors=_translated_problems(problems),
        )
    snapshot = score.to_snapshot()

    received_at = utcnow()
    values = {
        "uuid": submission_uuid,
        "visit_id": visit.id,
        "shopper_id": actor.id,
        "answers": answers,
        "started_at": as_utc(data.get("started_at")),
        "finished_at": as_utc(data.get("finished_at")),
        "checkin": _checkin_json(data.get("checkin")),
        "expense": _expense_json(data.get("expense")),
        "payload_hash": payload_hash,
        "score": snapshot,
        "received_at": received_at,
        "clock_offset_s": (
            round((client_time - received_at).total_seconds()) if client_time else None
        ),
    }
    submission_id = _insert_once(values)
    if submission_id is None:
        # Another request stored this UUID (for another visit) between our look and our
        # insert: the request answers as a replay.
        existing = db.session.scalar(
            sa.select(Submission).where(Submission.uuid == submission_uuid)
        )
        return _replay(existing, actor, payload_hash)
    submission = _stored(values, submission_id)

    _answer_rows(submission, visit, context.definition, answers, score)
    link_referenced_media(actor, submission)
    # Flags first: their queries would otherwise flush the visit once more on their own.
    flags = compute_flags(visit, submission, context=(context.Store, context.Wave, context.Client))
    if submission.checkin:
        visits.log_event(visit, actor, "check-in", visit.status, visit.status)
    visit.current_submission_id = submission.id
    visit.score = snapshot
    visit.score_total = float(score.total) if score.total is not None else None
    visit.critical_failed = score.critical_failed
    visit.submitted_at = submission.received_at
    visit.review_note = None
    visit.flags = flags
    # One UPDATE of the visit, in its flush; `context` keeps the wave in the session, so the
    # signal's receivers find it there instead of loading it again.
    visits.transition(visit, actor, "submit", submission=submission)
    return submission, True


def _checkin_json(checkin):
    """Store a check-in with its time as ISO text."""
    if not checkin:
        return None
    at = checkin.get("at")
    return {**checkin, "at": at.isoformat() if at else None}


def _expense_json(expense):
    """Store an expense with its amount as a 2-place string (the ledger reads it on submit)."""
    if not expense:
        return None
    receipt = expense.get("receipt")
    return {
        "amount": f"{expense['amount']:.2f}",
        "description": expense.get("description") or "",
        "receipt": str(receipt) if receipt else None,
        "currency": expense.get("currency"),
    }


def is_photo_question(definition, key):
    """Tell whether the checklist has a photo question with this key."""
    return any(q["key"] == key and q["type"] == "photo" for _s, q in iter_questions(definition))


def rewrite_answer_rows(submission, visit, definition, answers, score):
    """Replace a submission's flattened answer rows after a correction (appeals re-score)."""
    db.session.execute(sa.delete(Answer).where(Answer.submission_id == submission.id))
    _answer_rows(submission, visit, definition, answers, score)


def client_time(header):
    """Read the phone's clock from an `X-Client-Time` header (ISO 8601 with offset), if sent."""
    if not header:
        return None
    try:
        value = datetime.fromisoformat(header.strip().replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise Invalid(
            message=_("The X-Client-Time header must be an ISO 8601 time with its offset."),
            errors={"headers": {"X-Client-Time": [_("Not a time with an offset.")]}},
        )
    return value
