"""Re-scoring an approved visit from a corrected answer: the only way a score changes."""

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.checklists.models import Checklist
from mystery.database import utcnow
from mystery.errors import Invalid
from mystery.extensions import db
from mystery.scoring import score_submission, validate_answers
from mystery.submissions.services import ANSWER_PROBLEMS, rewrite_answer_rows
from mystery.visits.models import Submission
from mystery.visits.services import log_event
from mystery.visits.signals import visit_rescored
from mystery.waves.models import Wave


def pinned_definition(visit):
    """Return the checklist definition of the version the visit is pinned to."""
    return db.session.scalar(
        sa.select(Checklist.definition)
        .join(Wave, Wave.checklist_id == Checklist.id)
        .where(Wave.id == visit.wave_id)
    )


def current_answer(submission, question):
    """Return the answer dict a submission gave to a question, or None."""
    for answer in (submission.answers if submission else None) or []:
        if isinstance(answer, dict) and answer.get("question") == question:
            return answer
    return None


def corrected_answers(answers, question, value):
    """Return a copy of the answers with one answer's value replaced (or added)."""
    corrected, found = [], False
    for answer in answers or []:
        answer = dict(answer)
        if answer.get("question") == question:
            answer["value"] = value
            answer.pop("na", None)
            found = True
        corrected.append(answer)
    if not found:
        corrected.append({"question": question, "value": value})
    return corrected


def _refuse(problems, question):
    """Answer 422 for a corrected value the question does not accept."""
    translated = {
        key: [str(ANSWER_PROBLEMS.get(m, m)) for m in messages]
        for key, messages in problems.items()
    }
    errors = {"value": translated.pop(question)} if question in translated else {}
    errors.update(translated)
    raise Invalid(
        message=_(
            "The corrected value does not fit the question: %(keys)s.",
            keys=", ".join(sorted(problems)),
        ),
        errors={"json": errors},
    )


def rescore(visit, actor, question, value, why, appeal_id=None):
    """Correct one answer of the visit's current submission and re-score the visit exactly.

    The previous total goes to `score_history`, the change to the audit log, and
    `visit_rescored` tells analytics to refresh what it derived from the answers.
    """
    submission = db.session.get(Submission, visit.current_submission_id)
    definition = pinned_definition(visit)
    answers = corrected_answers(submission.answers, question, value)
    problems = validate_answers(definition, answers)
    if problems:
        _refuse(problems, question)
    score = score_submission(definition, answers)
    snapshot = score.to_snapshot()
    before = visit.score or {}
    previous_total = before.get("total")
    now = utcnow()
    visit.score_history = [
        *(visit.score_history or []),
        {
            "total": previous_total,
            "critical_failed": bool(before.get("critical_failed")),
            "changed_at": now.isoformat(),
            "changed_by": {"id": actor.id, "name": actor.name},
            "reason": why,
            "appeal_id": appeal_id,
            "question": question,
            "new_total": snapshot.get("total"),
        },
    ]
    submission.answers = answers
    submission.score = snapshot
    rewrite_answer_rows(submission, visit, definition, answers, score)
    visit.score = snapshot
    visit.score_total = float(score.total) if score.total is not None else None
    visit.critical_failed = score.critical_failed
    log_event(
        visit,
        actor,
        "rescore",
        visit.status,
        visit.status,
        note=why,
        reason=_(
            "Appeal %(appeal)s on %(question)s: total %(before)s → %(after)s.",
            appeal=appeal_id,
            question=question,
            before=_total_text(previous_total),
            after=_total_text(snapshot.get("total")),
        ),
    )
    visit_rescored.send(
        visit,
        actor=actor,
        previous_status=visit.status,
        previous_total=previous_total,
        reason=why,
        note=why,
        submission=submission,
        score=score,
    )
    db.session.flush()
    return snapshot


def _total_text(total):
    return "–" if total is None else f"{total:.1f}"
