"""Schemas for photos."""

from marshmallow import Schema, fields, validate

from mystery.media.services import SIZES


class MediaSchema(Schema):
    """A stored photo as the API shows it."""

    uuid = fields.String()
    submission_uuid = fields.String()
    question = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()
    sha256 = fields.String()
    taken_at = fields.DateTime(attribute="exif_taken_at", allow_none=True)
    latitude = fields.Float(attribute="exif_latitude", allow_none=True)
    longitude = fields.Float(attribute="exif_longitude", allow_none=True)
    created_at = fields.DateTime()


class MediaUploadArgs(Schema):
    """Which question of the submission a photo answers."""

    question = fields.String(required=True, validate=validate.Length(min=1, max=100))


class MediaFileArgs(Schema):
    """Which copy of a photo to send."""

    size = fields.String(load_default="display", validate=validate.OneOf(SIZES))
