"""Appeals: a client user questions one answer in time; a coordinator decides."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from mystery.access import get_visible_or_404, visible
from mystery.appeals.models import Appeal
from mystery.appeals.rescore import current_answer, pinned_definition, rescore
from mystery.appeals.signals import appeal_decided
from mystery.checklists.models import Checklist
from mystery.database import as_utc, utcnow
from mystery.errors import Conflict, Invalid
from mystery.extensions import db
from mystery.scoring import iter_questions, localize
from mystery.stores.models import Store
from mystery.visits.models import Submission, Visit
from mystery.visits.services import lock_visit, log_event
from mystery.waves.models import Wave


def appeal_deadline(visit):
    """Return the last moment the visit's answers may be appealed."""
    return as_utc(visit.approved_at) + timedelta(days=int(current_app.config["APPEAL_DAYS"]))


def create_appeal(user, visit_id, data):
    """Open an appeal of one answer of an approved visit the client user may see."""
    visit = get_visible_or_404(Visit, visit_id, user)
    visit = lock_visit(visit.id)  # one open appeal per answer, even when two race
    question = data["question"]
    keys = {q["key"] for _section, q in iter_questions(pinned_definition(visit))}
    if question not in keys:
        message = _("The visit's checklist has no question %(key)s.", key=question)
        raise Invalid(message=message, errors={"json": {"question": [message]}})
    if visit.approved_at is None or utcnow() > appeal_deadline(visit):
        days = current_app.config["APPEAL_DAYS"]
        raise Conflict(
            message=_(
                "Answers can be appealed only within %(days)s days of the visit's approval.",
                days=days,
            ),
            errors={"approved_at": [visit.approved_at.isoformat() if visit.approved_at else None]},
        )
    twin = db.session.scalar(
        sa.select(Appeal.id).where(
            Appeal.visit_id == visit.id, Appeal.question == question, Appeal.status == "open"
        )
    )
    if twin is not None:
        raise Conflict(
            message=_("Appeal %(id)s of this answer is still open.", id=twin),
            errors={"question": [question]},
        )
    submission = db.session.get(Submission, visit.current_submission_id)
    answer = current_answer(submission, question)
    appeal = Appeal(
        visit_id=visit.id,
        client_id=user.client_id,
        store_id=visit.store_id,
        question=question,
        reason=data["reason"],
        status="open",
        created_by=user.id,
        previous_value=answer.get("value") if answer else None,
        previous_total=(visit.score or {}).get("total"),
    )
    db.session.add(appeal)
    db.session.flush()
    log_event(
        visit, user, "appeal", visit.status, visit.status, note=data["reason"], reason=question
    )
    return appeal


def decide_appeal(user, appeal, data):
    """Uphold (re-scoring when a corrected value comes with it) or reject an open appeal."""
    visit = lock_visit(appeal.visit_id)
    db.session.refresh(appeal, with_for_update=True)
    if appeal.status != "open":
        raise Conflict(
            message=_(
                "Appeal %(id)s was already decided: %(status)s.", id=appeal.id, status=appeal.status
            ),
            errors={"status": [appeal.status]},
        )
    decision, note = data["decision"], data.get("note")
    value = data.get("value")
    rescored = decision == "upheld" and value is not None
    if rescored:
        snapshot = rescore(visit, user, appeal.question, value, note or appeal.reason, appeal.id)
        appeal.value = value
        appeal.new_total = snapshot.get("total")
    appeal.status = decision
    appeal.decided_by = user.id
    appeal.decided_at = utcnow()
    appeal.decision_note = note
    log_event(
        visit,
        user,
        f"appeal-{decision}",
        visit.status,
        visit.status,
        note=note,
        reason=appeal.question,
    )
    appeal_decided.send(appeal, actor=user, visit=visit, rescored=rescored)
    db.session.flush()
    return appeal


def list_appeals(user, args):
    """Select the appeals the caller may see, the newest first."""
    statement = visible(Appeal, user)
    for name in ("status", "visit_id", "store_id"):
        if name in args:
            statement = statement.where(getattr(Appeal, name) == args[name])
    return statement.order_by(Appeal.created_at.desc(), Appeal.id.desc())


def present_appeals(appeals):
    """Return API dicts for appeals, with store, wave and question text (batch-loaded)."""
    appeals = list(appeals)
    if not appeals:
        return []
    visit_ids = {a.visit_id for a in appeals}
    rows = db.session.execute(
        sa.select(Visit.id, Wave.id, Wave.name, Store.name, Checklist.definition)
        .join(Wave, Wave.id == Visit.wave_id)
        .join(Store, Store.id == Visit.store_id)
        .join(Checklist, Checklist.id == Wave.checklist_id)
        .where(Visit.id.in_(visit_ids))
    ).all()
    locale = str(get_locale() or "en")
    info = {}
    for visit_id, wave_id, wave_name, store_name, definition in rows:
        questions = {q["key"]: q for _s, q in iter_questions(definition)}
        info[visit_id] = (wave_id, wave_name, store_name, questions)
    result = []
    for appeal in appeals:
        wave_id, wave_name, store_name, questions = info[appeal.visit_id]
        question = questions.get(appeal.question, {})
        result.append(
            {
                **{c.key: getattr(appeal, c.key) for c in Appeal.__table__.columns},
                "wave_id": wave_id,
                "wave_name": wave_name,
                "store_name": store_name,
                "question_text": localize(question.get("text"), locale) or appeal.question,
                "question_type": question.get("type"),
                # What a corrected value may be, so a decision form can offer the choices.
                "question_domain": _domain(question, locale),
                "decision": appeal.status if appeal.status != "open" else None,
                "note": appeal.decision_note,
            }
        )
    return result


def _domain(question, locale):
    """Return the values a question accepts, as far as a form needs them."""
    domain = {}
    if question.get("type") == "choice":
        domain["options"] = [
            {"value": o["value"], "label": localize(o.get("label"), locale) or o["value"]}
            for o in question.get("options", [])
        ]
    for name in ("min", "max", "pass_value"):
        if name in question:
            domain[name] = question[name]
    return domain
