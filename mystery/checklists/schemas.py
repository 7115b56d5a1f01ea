"""Schemas for checklists."""

from marshmallow import INCLUDE, Schema, fields, validate

from mystery.fields import Id, Trimmed


class ChecklistSchema(Schema):
    """A checklist version as the API shows it."""

    id = fields.Integer(dump_only=True)
    client_id = fields.Integer()
    name = Trimmed()
    version = fields.Integer()
    previous_id = fields.Integer(allow_none=True)
    status = fields.String()
    definition = fields.Dict()
    created_at = fields.DateTime()
    published_at = fields.DateTime(allow_none=True)


class ChecklistCreateSchema(Schema):
    """What it takes to create a draft checklist."""

    client_id = Id(required=True)
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    definition = fields.Raw(required=True)


class DefinitionSchema(Schema):
    """A new definition for a draft: `{"definition": …}` or the definition itself."""

    class Meta:
        unknown = INCLUDE

    definition = fields.Raw()
    sections = fields.Raw()


class ChecklistQueryArgs(Schema):
    """Filters for the checklist list."""

    client_id = Id()
    status = fields.String(validate=validate.OneOf(("draft", "published")))
