"""Checklist validation and exact scoring: pure functions, no Flask, testable without an app."""

from .answers import is_answered, validate_answers, visible_questions
from .definition import (
    is_critical,
    is_required,
    is_scored,
    iter_questions,
    question_weight,
    section_weight,
    validate_definition,
)
from .rounding import round_half_away, to_fraction
from .score import QuestionScore, Score, SectionScore, score_submission
from .text import localize
from .types import QUESTION_TYPES, QuestionType, answer_number, wait_time_target

__all__ = [
    "QUESTION_TYPES",
    "QuestionScore",
    "QuestionType",
    "Score",
    "SectionScore",
    "answer_number",
    "is_answered",
    "is_critical",
    "is_required",
    "is_scored",
    "iter_questions",
    "localize",
    "question_weight",
    "round_half_away",
    "score_submission",
    "section_weight",
    "to_fraction",
    "validate_answers",
    "validate_definition",
    "visible_questions",
    "wait_time_target",
]
