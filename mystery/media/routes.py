"""Photos: the shopper's app uploads them raw; staff, their shopper and clients view them."""

from flask import Response, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from werkzeug.exceptions import RequestEntityTooLarge

from mystery.auth.services import roles_required
from mystery.database import Blueprint
from mystery.media import services
from mystery.media.schemas import MediaFileArgs, MediaSchema, MediaUploadArgs

blp = Blueprint("media", __name__, url_prefix="/api/v1", description="Photos")
VIEWERS = ("admin", "coordinator", "shopper", "client")
IMAGE_BODY = {
    "required": True,
    "description": "The image bytes (its type is read from the bytes, not the header).",
    "content": {
        content_type: {"schema": {"type": "string", "format": "binary"}}
        for content_type in ("image/jpeg", "image/png", "image/webp")
    },
}
IMAGE_RESPONSE = {"type": "string", "format": "binary"}


def read_image_body():
    """Read the raw request body, refusing oversized ones before reading them."""
    services.check_size(request.content_length)
    if request.mimetype == "multipart/form-data":
        abort(
            415,
            message=_("Send the image bytes as the request body, not as a multipart form."),
        )
    try:
        raw = request.get_data(cache=False)
    except RequestEntityTooLarge:  # a body without Content-Length that overflows
        services.too_large()
    services.check_size(len(raw))
    return raw


@blp.route("/submissions/<uuid:submission_uuid>/media/<uuid:media_uuid>")
class SubmissionMedia(MethodView):
    @roles_required("shopper")
    @blp.arguments(MediaUploadArgs, location="query")
    @blp.doc(requestBody=IMAGE_BODY)
    @blp.response(201, MediaSchema)
    @blp.alt_response(200, schema=MediaSchema, description="The same bytes again: nothing changed.")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="The UUID was used otherwise.")
    @blp.alt_response(413, response="DEFAULT_ERROR", description="Over the upload limit.")
    @blp.alt_response(415, response="DEFAULT_ERROR", description="Not a JPEG, PNG or WebP image.")
    def put(self, args, submission_uuid, media_uuid):
        """Upload a photo for a question of a submission; repeat safely."""
        raw = read_image_body()
        media, created = services.receive_media(
            current_user, submission_uuid, media_uuid, args["question"], raw
        )
        if not created:
            return media, 200
        return media, 201, {"Location": f"/api/v1/media/{media.uuid}"}


@blp.route("/media/<uuid:media_uuid>")
class MediaFile(MethodView):
    @roles_required(*VIEWERS)
    @blp.arguments(MediaFileArgs, location="query")
    @blp.response(200, IMAGE_RESPONSE, content_type="image/jpeg", description="The image.")
    def get(self, args, media_uuid):
        """Send a photo: its display copy, thumbnail or original."""
        media = services.get_visible_media(current_user, media_uuid)
        data, content_type, extension = services.read_variant(
            media, args["size"], keep_metadata=current_user.is_staff
        )
        response = Response(data, mimetype=content_type)
        response.headers["Content-Disposition"] = f'inline; filename="{media.uuid}.{extension}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response
