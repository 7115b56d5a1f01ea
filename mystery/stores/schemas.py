"""Schemas for stores."""

from marshmallow import Schema, fields, validate

from mystery.fields import Id, Trimmed
from mystery.listing import ListArgs, sort_field

STORE_SORTS = ("id", "code", "name", "city", "region", "active")


class StoreSchema(Schema):
    """A store as the API shows it."""

    id = fields.Integer(dump_only=True)
    client_id = fields.Integer()
    code = Trimmed()
    name = Trimmed()
    address = fields.String()
    city = fields.String()
    region = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()
    active = fields.Boolean()


class StoreRowSchema(Schema):
    """The fields of a store that a form or a CSV row provides."""

    code = Trimmed(required=True, validate=validate.Length(min=1, max=50))
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    city = fields.String(load_default="", validate=validate.Length(max=120))
    region = fields.String(load_default="", validate=validate.Length(max=120))
    latitude = fields.Float(required=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(required=True, validate=validate.Range(-180, 180))


class StoreCreateSchema(StoreRowSchema):
    """What it takes to create a store."""

    client_id = Id(required=True)


class StoreUpdateSchema(Schema):
    """Fields of a store that may change."""

    code = Trimmed(validate=validate.Length(min=1, max=50))
    name = Trimmed(validate=validate.Length(min=1, max=200))
    address = fields.String(validate=validate.Length(max=300))
    city = fields.String(validate=validate.Length(max=120))
    region = fields.String(validate=validate.Length(max=120))
    latitude = fields.Float(validate=validate.Range(-90, 90))
    longitude = fields.Float(validate=validate.Range(-180, 180))
    active = fields.Boolean()


class StoreQueryArgs(ListArgs):
    """Filters for the store list, search by name, code or city, and sort."""

    client_id = Id()
    region = fields.String()
    active = fields.Boolean()
    sort = sort_field(STORE_SORTS)


class ImportQueryArgs(Schema):
    """Which client a CSV import is for."""

    client_id = Id(required=True)


class ImportResultSchema(Schema):
    """What a CSV import did."""

    created = fields.Integer()
    updated = fields.Integer()
    stores = fields.List(fields.Nested(StoreSchema))
