"""Corrective actions: client users (for stores they see) and coordinators track fixes."""

import sqlalchemy as sa
from flask import Response
from flask.views import MethodView
from flask_login import current_user

from mystery.access import get_visible_or_404
from mystery.actions import services
from mystery.actions.evidence import get_evidence_or_404, receive_evidence
from mystery.actions.models import Action, ActionEvent
from mystery.actions.schemas import (
    ActionCreateSchema,
    ActionEventSchema,
    ActionQueryArgs,
    ActionSchema,
    ActionUpdateSchema,
    EvidenceFileArgs,
    EvidenceSchema,
)
from mystery.auth.services import READERS, roles_required
from mystery.database import Blueprint, select_page
from mystery.media.routes import IMAGE_BODY, IMAGE_RESPONSE, read_image_body
from mystery.media.services import read_variant

blp = Blueprint("actions", __name__, url_prefix="/api/v1/actions", description="Corrective actions")


def _one(action):
    return services.present_actions([action])[0]


def _evidence_dict(evidence):
    return {
        **{c.key: getattr(evidence, c.key) for c in evidence.__table__.columns},
        "url": services.evidence_url(evidence.action_id, evidence.uuid),
    }


@blp.route("")
class Actions(MethodView):
    @roles_required(*READERS)
    @blp.arguments(ActionQueryArgs, location="query")
    @blp.response(200, ActionSchema(many=True))
    @blp.paginate(select_page(services.present_actions))
    def get(self, args):
        """List the actions of stores you may see, by store, wave and status."""
        return services.list_actions(current_user, args)

    @roles_required(*READERS)
    @blp.arguments(ActionCreateSchema)
    @blp.response(201, ActionSchema)
    def post(self, data):
        """Create a corrective action for a store."""
        action = services.create_action(current_user, data)
        return _one(action), 201, {"Location": f"/api/v1/actions/{action.id}"}


@blp.route("/<int:action_id>")
class ActionById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ActionSchema)
    def get(self, action_id):
        """Show an action."""
        return _one(get_visible_or_404(Action, action_id, current_user))

    @roles_required(*READERS)
    @blp.arguments(ActionUpdateSchema)
    @blp.response(200, ActionSchema)
    def patch(self, data, action_id):
        """Change an action's status, note or evidence; the change is kept."""
        action = get_visible_or_404(Action, action_id, current_user)
        return _one(services.update_action(current_user, action, data))


@blp.route("/<int:action_id>/events")
class ActionEvents(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ActionEventSchema(many=True))
    @blp.paginate(select_page(services.present_events))
    def get(self, action_id):
        """List every change of an action, oldest first."""
        get_visible_or_404(Action, action_id, current_user)
        return (
            sa.select(ActionEvent)
            .where(ActionEvent.action_id == action_id)
            .order_by(ActionEvent.id)
        )


@blp.route("/<int:action_id>/evidence/<uuid:media_uuid>")
class ActionEvidenceFile(MethodView):
    @roles_required(*READERS)
    @blp.doc(requestBody=IMAGE_BODY)
    @blp.response(201, EvidenceSchema)
    @blp.alt_response(
        200, schema=EvidenceSchema, description="The same bytes again: nothing changed."
    )
    @blp.alt_response(409, response="DEFAULT_ERROR", description="The UUID was used otherwise.")
    @blp.alt_response(413, response="DEFAULT_ERROR", description="Over the upload limit.")
    @blp.alt_response(415, response="DEFAULT_ERROR", description="Not a JPEG, PNG or WebP image.")
    def put(self, action_id, media_uuid):
        """Upload an evidence photo for an action (raw image body); repeat safely."""
        action = get_visible_or_404(Action, action_id, current_user)
        raw = read_image_body()
        evidence, created = receive_evidence(current_user, action, media_uuid, raw)
        body = _evidence_dict(evidence)
        if not created:
            return body, 200
        return body, 201, {"Location": body["url"]}

    @roles_required(*READERS)
    @blp.arguments(EvidenceFileArgs, location="query")
    @blp.response(200, IMAGE_RESPONSE, content_type="image/jpeg", description="The image.")
    def get(self, args, action_id, media_uuid):
        """Send an evidence photo: its display copy, thumbnail or original."""
        action = get_visible_or_404(Action, action_id, current_user)
        evidence = get_evidence_or_404(action, media_uuid)
        data, content_type, extension = read_variant(evidence, args["size"])
        response = Response(data, mimetype=content_type)
        response.headers["Content-Disposition"] = f'inline; filename="{evidence.uuid}.{extension}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response
