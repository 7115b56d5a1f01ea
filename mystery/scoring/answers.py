"""Validate a submission's answers against a (valid) checklist definition; work out visibility."""

import re

from .definition import is_na_allowed, is_required, iter_questions, question_type
from .limits import MAX_MEDIA

Errors = dict[str, list[str]]
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_COMMENT = 2000


def index_answers(answers) -> dict[str, dict]:
    """Index well-formed answers by question key, the first of duplicates winning."""
    indexed: dict[str, dict] = {}
    for answer in answers if isinstance(answers, list) else []:
        if isinstance(answer, dict) and isinstance(answer.get("question"), str):
            indexed.setdefault(answer["question"], answer)
    return indexed


def is_na(answer: dict | None) -> bool:
    """Tell whether the answer says N/A."""
    return answer is not None and answer.get("na") is True


def is_answered(question: dict, answer: dict | None) -> bool:
    """Tell whether the question got a value, N/A, or (for a photo) at least one medium."""
    if answer is None:
        return False
    if is_na(answer):
        return True
    kind = question_type(question)
    if kind is not None and kind.answered_by_media:
        return isinstance(answer.get("media"), list) and bool(answer["media"])
    return answer.get("value") is not None


def same_value(left, right) -> bool:
    """Compare answer values as JSON does, so true never equals 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return left == right


def condition_holds(show_if: dict, value) -> bool:
    """Tell whether value satisfies a show_if's equals or in."""
    if "in" in show_if:
        return any(same_value(value, option) for option in show_if["in"])
    return same_value(value, show_if.get("equals"))


def visible_questions(definition: dict, answers_by_key: dict[str, dict]) -> set[str]:
    """Return the keys of the questions shown, given answer objects indexed by question key."""
    visible: set[str] = set()
    # Values a later show_if may test: visible questions answered with something other than N/A.
    usable: dict[str, object] = {}
    for _, question in iter_questions(definition):
        key = question["key"]
        show_if = question.get("show_if")
        if show_if is not None:
            target = show_if["question"]
            if target not in usable or not condition_holds(show_if, usable[target]):
                continue
        visible.add(key)
        answer = answers_by_key.get(key)
        if is_answered(question, answer) and not is_na(answer):
            usable[key] = answer.get("value")
    return visible


def validate_answers(definition: dict, answers) -> Errors:
    """Return errors keyed by question key (or "answers"); empty when the answers are acceptable."""
    if not isinstance(answers, list):
        return {"answers": ["Answers must be a list."]}
    questions = {question["key"]: question for _, question in iter_questions(definition)}
    errors: Errors = {}
    by_key: dict[str, dict] = {}
    for index, answer in enumerate(answers):
        if not isinstance(answer, dict):
            errors.setdefault("answers", []).append(f"Answer {index} must be an object.")
            continue
        key = answer.get("question")
        if not isinstance(key, str):
            errors.setdefault("answers", []).append(f"Answer {index} must name its question.")
        elif key not in questions:
            errors.setdefault(key, []).append("Unknown question.")
        elif key in by_key:
            errors.setdefault(key, []).append("The question is answered more than once.")
        else:
            by_key[key] = answer
    visible = visible_questions(definition, by_key)
    # Hidden questions are skipped: the PWA may still carry values from before they were hidden.
    for key, question in questions.items():
        if key not in visible:
            continue
        answer = by_key.get(key)
        messages = check_answer(question, answer) if answer is not None else []
        if not messages and is_required(question) and not is_answered(question, answer):
            messages = ["An answer is required."]
        if messages:
            errors.setdefault(key, []).extend(messages)
    return errors


def check_answer(question: dict, answer: dict) -> list[str]:
    """Check one visible answer's N/A flag, value, comment and media."""
    messages = []
    na = answer.get("na")
    if na is not None and not isinstance(na, bool):
        messages.append("N/A must be true or false.")
    elif na and not is_na_allowed(question):
        messages.append("N/A is not allowed for this question.")
    value = answer.get("value")
    if not na and value is not None:
        message = question_type(question).check_value(question, value)
        if message:
            messages.append(message)
    comment = answer.get("comment")
    if comment is not None and not (isinstance(comment, str) and len(comment) <= MAX_COMMENT):
        messages.append(f"A comment must be text of at most {MAX_COMMENT} characters.")
    media = answer.get("media")
    if isinstance(media, list) and len(media) > MAX_MEDIA:
        messages.append(f"At most {MAX_MEDIA} photos per answer.")
    elif media is not None and not (
        isinstance(media, list) and all(isinstance(m, str) and UUID_RE.fullmatch(m) for m in media)
    ):
        messages.append("Media must be a list of media ids (UUIDs).")
    return messages
