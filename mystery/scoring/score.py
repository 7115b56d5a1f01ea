"""Score a submission exactly (Fractions) and shape the result for the API and the snapshot."""

import math
from dataclasses import dataclass, field
from fractions import Fraction

from .answers import index_answers, is_answered, is_na, visible_questions
from .definition import is_critical, question_type, question_weight, section_weight
from .rounding import round_half_away
from .text import localize

ZERO = Fraction(0)


@dataclass
class QuestionScore:
    """One question's exact score and what it adds; reason says why it was excluded."""

    score: Fraction | None
    earned: Fraction = ZERO
    possible: Fraction = ZERO
    excluded: bool = True
    # hidden | na | unanswered | not_scored | invalid | weight_zero, None when it counts.
    reason: str | None = None


@dataclass
class SectionScore:
    """One section's exact sums and percentage (None when nothing in it counts)."""

    key: str
    title: str | dict
    earned: Fraction
    possible: Fraction
    percent: Fraction | None
    weight: Fraction = Fraction(1)


@dataclass
class Score:
    """A submission's exact score."""

    total: Fraction | None
    critical_failed: bool
    sections: list[SectionScore] = field(default_factory=list)
    questions: dict[str, QuestionScore] = field(default_factory=dict)

    def to_dict(self, locale: str | None = None) -> dict:
        """Return the API shape, numbers rounded to 1 decimal, titles localized when asked."""
        return {
            "total": round_half_away(self.total),
            "critical_failed": self.critical_failed,
            "sections": [
                {
                    "key": section.key,
                    "title": localize(section.title, locale) if locale else section.title,
                    "score": round_half_away(section.percent),
                    "earned": round_half_away(section.earned),
                    "possible": round_half_away(section.possible),
                }
                for section in self.sections
            ],
        }

    def to_snapshot(self) -> dict:
        """Return the API shape plus every exact value as a string, for storing with the visit."""
        snapshot = self.to_dict()
        snapshot["exact"] = {
            "total": exact(self.total),
            "sections": {
                section.key: {
                    "percent": exact(section.percent),
                    "earned": exact(section.earned),
                    "possible": exact(section.possible),
                    "weight": exact(section.weight),
                }
                for section in self.sections
            },
            "questions": {
                key: {
                    "score": exact(question.score),
                    "earned": exact(question.earned),
                    "possible": exact(question.possible),
                    "excluded": question.excluded,
                    "reason": question.reason,
                }
                for key, question in self.questions.items()
            },
        }
        return snapshot


def exact(value: Fraction | None) -> str | None:
    """Write a Fraction as "15/2" (or "5"), which Fraction() reads back exactly."""
    return None if value is None else str(value)


def score_question(question: dict, answer: dict | None, visible: bool) -> QuestionScore:
    """Score one question, or say why it is excluded."""
    if not visible:
        return QuestionScore(None, reason="hidden")
    if is_na(answer):
        return QuestionScore(None, reason="na")
    if not is_answered(question, answer):
        return QuestionScore(None, reason="unanswered")
    kind = question_type(question)
    if not kind.scored:
        return QuestionScore(None, reason="not_scored")
    value = answer["value"]
    # validate_answers refuses these first; scoring stays total rather than raising.
    if kind.check_value(question, value) is not None:
        return QuestionScore(None, reason="invalid")
    score = kind.score(question, value)
    weight = question_weight(question)
    if weight == 0:
        return QuestionScore(score, reason="weight_zero")
    return QuestionScore(score, weight * score, weight, excluded=False)


def exact_sum(values) -> Fraction:
    """Add Fractions with integer arithmetic and normalise once: the same exact sum, cheaper."""
    numerator, denominator = 0, 1
    for value in values:
        top, bottom = value.numerator, value.denominator
        if bottom == denominator:
            numerator += top
        else:
            common = math.gcd(denominator, bottom)
            numerator = numerator * (bottom // common) + top * (denominator // common)
            denominator = denominator // common * bottom
    return Fraction(numerator, denominator)


def score_submission(definition: dict, answers) -> Score:
    """Score validated answers against a valid definition, exactly."""
    by_key = index_answers(answers)
    visible = visible_questions(definition, by_key)
    result = Score(total=None, critical_failed=False)
    for section in definition["sections"]:
        counted = []
        for question in section["questions"]:
            key = question["key"]
            scored = score_question(question, by_key.get(key), key in visible)
            result.questions[key] = scored
            if not scored.excluded:  # an excluded question adds nothing to either sum
                counted.append(scored)
            # Weight does not matter here: a zero on a critical question fails the visit.
            if scored.score == 0 and is_critical(question):
                result.critical_failed = True
        earned = exact_sum(scored.earned for scored in counted)
        possible = exact_sum(scored.possible for scored in counted)
        percent = 100 * earned / possible if possible else None
        result.sections.append(
            SectionScore(
                section["key"], section["title"], earned, possible, percent, section_weight(section)
            )
        )
    result.total = ZERO if result.critical_failed else weighted_total(result.sections)
    return result


def weighted_total(sections: list[SectionScore]) -> Fraction | None:
    """Average the non-null section percentages by section weight; None when none count."""
    counted = [section for section in sections if section.percent is not None]
    total_weight = sum((section.weight for section in counted), ZERO)
    if not total_weight:
        return None
    return sum((section.weight * section.percent for section in counted), ZERO) / total_weight
