"""What a resubmission changed since the previous submission, answer by answer."""

import sqlalchemy as sa
from flask_babel import get_locale

from mystery.checklists.models import Checklist
from mystery.extensions import db
from mystery.scoring import iter_questions, localize
from mystery.visits.models import Submission
from mystery.waves.models import Wave

COMPARED = ("value", "na", "comment", "media")


def _by_question(answers):
    """Index a submission's answers by question key, keeping only the compared parts."""
    indexed = {}
    for answer in answers or []:
        if isinstance(answer, dict) and isinstance(answer.get("question"), str):
            indexed[answer["question"]] = {
                "value": answer.get("value"),
                "na": bool(answer.get("na", False)),
                "comment": answer.get("comment") or None,
                "media": list(answer.get("media") or []),
            }
    return indexed


def diff_answers(before, after, order=()):
    """Return one entry per question whose answer was added, removed or changed."""
    old, new = _by_question(before), _by_question(after)
    keys = [k for k in order if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(keys))
    changes = []
    for key in keys:
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        kind = "added" if was is None else "removed" if now is None else "changed"
        changes.append({"question": key, "change": kind, "before": was, "after": now})
    return changes


def answer_changes(visit):
    """Compare the visit's current submission with the one before it (None: a first one)."""
    if visit.current_submission_id is None:
        return None
    rows = db.session.execute(
        sa.select(Submission.id, Submission.answers)
        .where(Submission.visit_id == visit.id, Submission.id <= visit.current_submission_id)
        .order_by(Submission.id.desc())
        .limit(2)
    ).all()
    if len(rows) < 2:
        return None
    definition = db.session.scalar(
        sa.select(Checklist.definition)
        .join(Wave, Wave.checklist_id == Checklist.id)
        .where(Wave.id == visit.wave_id)
    )
    questions = [question for _section, question in iter_questions(definition or {})]
    locale = str(get_locale() or "en")
    texts = {q["key"]: localize(q.get("text"), locale) for q in questions}
    changes = diff_answers(rows[1].answers, rows[0].answers, [q["key"] for q in questions])
    for change in changes:
        change["text"] = texts.get(change["question"], change["question"])
    return changes
