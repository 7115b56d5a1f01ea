"""Validate a checklist definition and read its questions with their defaults applied."""

import re
from collections.abc import Iterator
from fractions import Fraction

from .limits import MAX_KEY, MAX_QUESTIONS, MAX_SECTIONS, MAX_SHOW_IF_VALUES, MAX_WEIGHT
from .rounding import is_number, to_fraction
from .text import check_translatable
from .types import QUESTION_TYPES, QuestionType

Errors = dict[str, list[str]]
KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
FLAGS = ("required", "na_allowed", "critical")


def iter_questions(definition: dict) -> Iterator[tuple[dict, dict]]:
    """Yield (section, question) pairs in checklist order."""
    for section in definition.get("sections") or []:
        for question in section.get("questions") or []:
            yield section, question


def question_type(question: dict) -> QuestionType | None:
    """Return the registered type of a question, None when unknown."""
    name = question.get("type")
    return QUESTION_TYPES.get(name) if isinstance(name, str) else None


def is_scored(question: dict) -> bool:
    """Tell whether the question's type yields a score."""
    kind = question_type(question)
    return kind is not None and kind.scored


def question_weight(question: dict) -> Fraction:
    """Return the question's exact weight: default 1 when scored, always 0 when not."""
    return to_fraction(question.get("weight", 1)) if is_scored(question) else Fraction(0)


def section_weight(section: dict) -> Fraction:
    """Return the section's exact weight, default 1."""
    return to_fraction(section.get("weight", 1))


def is_required(question: dict) -> bool:
    """Tell whether the question must be answered when visible (default: when scored)."""
    required = question.get("required")
    return required if isinstance(required, bool) else is_scored(question)


def is_na_allowed(question: dict) -> bool:
    """Tell whether the question may be answered N/A."""
    return question.get("na_allowed") is True


def is_critical(question: dict) -> bool:
    """Tell whether a zero score on this question fails the whole visit."""
    return question.get("critical") is True and is_scored(question)


def validate_definition(definition) -> Errors:
    """Return errors keyed by dotted path; empty when the definition is valid."""
    if not isinstance(definition, dict):
        return {"_schema": ["The checklist definition must be an object."]}
    sections = definition.get("sections")
    if not isinstance(sections, list) or not sections:
        return {"sections": ["At least one section is required."]}
    if len(sections) > MAX_SECTIONS:
        return {"sections": [f"At most {MAX_SECTIONS} sections are allowed."]}
    count = sum(
        len(s["questions"])
        for s in sections
        if isinstance(s, dict) and isinstance(s.get("questions"), list)
    )
    if count > MAX_QUESTIONS:
        return {"sections": [f"At most {MAX_QUESTIONS} questions are allowed; this has {count}."]}
    errors: Errors = {}
    section_keys: set[str] = set()
    # Keys seen so far, in order: show_if may only look back, which rules out cycles.
    earlier: set[str] = set()
    for index, section in enumerate(sections):
        check_section(section, f"sections.{index}", section_keys, earlier, errors)
    return errors


def add(errors: Errors, path: str, messages: list[str]) -> None:
    """Record messages under path, if there are any."""
    if messages:
        errors.setdefault(path, []).extend(messages)


def check_weight(owner: dict, path: str, errors: Errors) -> None:
    """Check an optional weight is a number, 0 or more."""
    weight = owner.get("weight")
    if "weight" in owner and not (is_number(weight) and 0 <= weight <= MAX_WEIGHT):
        add(errors, f"{path}.weight", [f"Must be a number from 0 to {MAX_WEIGHT}."])


def check_section(section, path: str, keys: set[str], earlier: set[str], errors: Errors) -> None:
    """Check one section and its questions."""
    if not isinstance(section, dict):
        add(errors, path, ["A section must be an object."])
        return
    key = section.get("key")
    if not isinstance(key, str) or not key.strip():
        add(errors, f"{path}.key", ["Must be a non-empty string."])
    elif len(key) > MAX_KEY:
        add(errors, f"{path}.key", [f"Must be at most {MAX_KEY} characters."])
    elif key in keys:
        add(errors, f"{path}.key", [f"Duplicate section key {key!r}."])
    else:
        keys.add(key)
    add(errors, f"{path}.title", check_translatable(section.get("title")))
    check_weight(section, path, errors)
    questions = section.get("questions")
    if not isinstance(questions, list) or not questions:
        add(errors, f"{path}.questions", ["At least one question is required."])
        return
    for index, question in enumerate(questions):
        check_question(question, f"{path}.questions.{index}", earlier, errors)


def check_question(question, path: str, earlier: set[str], errors: Errors) -> None:
    """Check one question's common fields, its show_if and its type's own fields."""
    if not isinstance(question, dict):
        add(errors, path, ["A question must be an object."])
        return
    check_show_if(question, path, earlier, errors)
    key = question.get("key")
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        add(errors, f"{path}.key", ["Must be made of letters, digits, '_' and '-'."])
    elif len(key) > MAX_KEY:
        add(errors, f"{path}.key", [f"Must be at most {MAX_KEY} characters."])
    elif key in earlier:
        add(errors, f"{path}.key", [f"Duplicate question key {key!r}."])
    else:
        earlier.add(key)
    add(errors, f"{path}.text", check_translatable(question.get("text")))
    add(errors, f"{path}.help", check_translatable(question.get("help"), required=False))
    for flag in FLAGS:
        if flag in question and not isinstance(question[flag], bool):
            add(errors, f"{path}.{flag}", ["Must be true or false."])
    kind = question_type(question)
    if kind is None:
        add(errors, f"{path}.type", [unknown_type_message(question.get("type"))])
        return
    if kind.scored:
        check_weight(question, path, errors)
    elif question.get("critical") is True:
        add(errors, f"{path}.critical", ["Only scored questions can be critical."])
    for field, messages in kind.check_definition(question).items():
        add(errors, f"{path}.{field}", messages)


def unknown_type_message(name) -> str:
    """Explain that a question type is not one of the registered ones."""
    if isinstance(name, str):
        return f"Unknown question type {name!r}."
    return f"Must be one of {', '.join(QUESTION_TYPES)}."


def check_show_if(question: dict, path: str, earlier: set[str], errors: Errors) -> None:
    """Check show_if names an earlier question and holds exactly one of equals / in."""
    show_if = question.get("show_if")
    if show_if is None:
        return
    if not isinstance(show_if, dict):
        add(errors, f"{path}.show_if", ['Must be an object like {"question": "k", "equals": v}.'])
        return
    target = show_if.get("question")
    if not isinstance(target, str) or target not in earlier:
        add(errors, f"{path}.show_if.question", ["Must be the key of an earlier question."])
    if ("equals" in show_if) == ("in" in show_if):
        add(errors, f"{path}.show_if", ["Must hold exactly one of 'equals' or 'in'."])
    elif "in" in show_if and not isinstance(show_if["in"], list):
        add(errors, f"{path}.show_if.in", ["Must be a list."])
    elif "in" in show_if and len(show_if["in"]) > MAX_SHOW_IF_VALUES:
        add(errors, f"{path}.show_if.in", [f"At most {MAX_SHOW_IF_VALUES} values are allowed."])
