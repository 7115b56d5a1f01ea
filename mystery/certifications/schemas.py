"""Schemas for certifications and attempts (DESIGN §13)."""

from marshmallow import Schema, fields, validate

from mystery.fields import Trimmed

KEY = validate.Regexp(r"^[A-Za-z0-9_.-]{1,100}$")


class OptionSchema(Schema):
    """One answer a quiz question offers."""

    value = fields.String(required=True, validate=validate.Length(min=1, max=100))
    label = fields.Raw(required=True)


class QuestionSchema(Schema):
    """A quiz question, its options and the correct option's value."""

    key = fields.String(required=True, validate=KEY)
    text = fields.Raw(required=True)
    options = fields.List(
        fields.Nested(OptionSchema), required=True, validate=validate.Length(min=2, max=20)
    )
    correct = fields.String(required=True, load_only=False)


class CertificationCreateSchema(Schema):
    """A new quiz for a client."""

    client_id = fields.Integer(required=True)
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    pass_mark = fields.Float(required=True, validate=validate.Range(0, 100))
    questions = fields.List(
        fields.Nested(QuestionSchema), required=True, validate=validate.Length(min=1, max=100)
    )


class CertificationSchema(Schema):
    """A quiz as the API shows it; shoppers get it without the correct values."""

    id = fields.Integer()
    client_id = fields.Integer()
    name = fields.String()
    pass_mark = fields.Float()
    questions = fields.List(fields.Dict())
    passed = fields.Boolean(allow_none=True)
    created_at = fields.DateTime()


class CertificationQueryArgs(Schema):
    """Filter quizzes by client."""

    client_id = fields.Integer()


class AttemptSchema(Schema):
    """A shopper's answers: {question key: option value}."""

    answers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class AttemptResultSchema(Schema):
    """How an attempt went."""

    id = fields.Integer()
    certification_id = fields.Integer()
    score = fields.Float()
    passed = fields.Boolean()
    created_at = fields.DateTime()
