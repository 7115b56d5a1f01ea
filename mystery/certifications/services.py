"""Quizzes and their attempts, and who has passed them."""

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_smorest import abort

from mystery.certifications.models import Certification, CertificationAttempt
from mystery.clients.models import Client
from mystery.extensions import db


def _field_error(field, message):
    abort(422, message=message, errors={"json": {field: [message]}})


def create_certification(data):
    """Create a quiz for a client; every question's correct value must be one of its options."""
    if db.session.get(Client, data["client_id"]) is None:
        _field_error("client_id", _("Client %(id)s does not exist.", id=data["client_id"]))
    problems, keys = {}, set()
    for index, question in enumerate(data["questions"]):
        values = [option["value"] for option in question["options"]]
        if question["key"] in keys:
            problems[str(index)] = {"key": [_("Each question needs its own key.")]}
        elif question["correct"] not in values:
            problems[str(index)] = {"correct": [_("Must be the value of one of the options.")]}
        elif len(set(values)) != len(values):
            problems[str(index)] = {"options": [_("Option values must differ.")]}
        keys.add(question["key"])
    if problems:
        message = _("Some questions need attention.")
        abort(422, message=message, errors={"json": {"questions": problems}})
    certification = Certification(**data)
    db.session.add(certification)
    db.session.flush()
    return certification


def has_passed(certification_id, shopper_id):
    """Tell whether the shopper ever passed this quiz."""
    return (
        db.session.scalar(
            sa.select(CertificationAttempt.id)
            .where(
                CertificationAttempt.certification_id == certification_id,
                CertificationAttempt.shopper_id == shopper_id,
                CertificationAttempt.passed.is_(True),
            )
            .limit(1)
        )
        is not None
    )


def passed_ids(shopper_id, certification_ids):
    """Return which of these quizzes the shopper has passed."""
    if not certification_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(CertificationAttempt.certification_id).where(
                CertificationAttempt.shopper_id == shopper_id,
                CertificationAttempt.passed.is_(True),
                CertificationAttempt.certification_id.in_(certification_ids),
            )
        )
    )


def certified(certification_id, shopper_ids):
    """Return which of these shoppers have passed the quiz."""
    if not shopper_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(CertificationAttempt.shopper_id).where(
                CertificationAttempt.certification_id == certification_id,
                CertificationAttempt.passed.is_(True),
                CertificationAttempt.shopper_id.in_(shopper_ids),
            )
        )
    )


def attempt(certification, shopper, answers):
    """Score an attempt: the share of questions answered right, passed at the pass mark."""
    questions = {question["key"]: question for question in certification.questions}
    problems = {}
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            problems[key] = [_("Unknown question.")]
        elif value not in [option["value"] for option in question["options"]]:
            problems[key] = [_("Not one of the options.")]
    for key in questions:
        if key not in answers:
            problems[key] = [_("An answer is required.")]
    if problems:
        message = _("Some answers need attention: %(keys)s.", keys=", ".join(sorted(problems)))
        abort(422, message=message, errors={"json": {"answers": problems}})
    right = sum(1 for key, question in questions.items() if answers[key] == question["correct"])
    score = (Decimal(100) * right / max(1, len(questions))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    row = CertificationAttempt(
        certification_id=certification.id,
        shopper_id=shopper.id,
        answers=answers,
        score=score,
        passed=score >= Decimal(certification.pass_mark),
    )
    db.session.add(row)
    db.session.flush()
    return row
