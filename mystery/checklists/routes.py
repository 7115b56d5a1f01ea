"""Checklists: drafts, publishing and revisions."""

import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user

from mystery.access import by_client
from mystery.auth.services import READERS, STAFF, roles_required
from mystery.checklists import services
from mystery.checklists.models import Checklist
from mystery.checklists.schemas import (
    ChecklistCreateSchema,
    ChecklistQueryArgs,
    ChecklistSchema,
    DefinitionSchema,
)
from mystery.database import Blueprint, SelectPage, get_or_404

blp = Blueprint("checklists", __name__, url_prefix="/api/v1/checklists", description="Checklists")


def _visible(statement):
    statement = by_client(Checklist, current_user, statement)
    if current_user.role == "client":  # the portal shows what is in use, not work in progress
        statement = statement.where(Checklist.status == "published")
    return statement


def _staff_checklist(checklist_id):
    return get_or_404(Checklist, checklist_id)


@blp.route("")
class Checklists(MethodView):
    @roles_required(*READERS)
    @blp.arguments(ChecklistQueryArgs, location="query")
    @blp.response(200, ChecklistSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List checklist versions."""
        statement = _visible(sa.select(Checklist)).order_by(Checklist.id)
        if "client_id" in args:
            statement = statement.where(Checklist.client_id == args["client_id"])
        if "status" in args:
            statement = statement.where(Checklist.status == args["status"])
        return statement

    @roles_required(*STAFF)
    @blp.arguments(ChecklistCreateSchema)
    @blp.response(201, ChecklistSchema)
    def post(self, data):
        """Create a draft checklist."""
        checklist = services.create_checklist(data)
        return checklist, 201, {"Location": f"/api/v1/checklists/{checklist.id}"}


@blp.route("/<int:checklist_id>")
class ChecklistById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ChecklistSchema)
    def get(self, checklist_id):
        """Show a checklist version."""
        return get_or_404(Checklist, checklist_id, _visible)


@blp.route("/<int:checklist_id>/definition")
class ChecklistDefinition(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(DefinitionSchema)
    @blp.response(200, ChecklistSchema)
    def put(self, data, checklist_id):
        """Replace a draft's definition."""
        checklist = _staff_checklist(checklist_id)
        definition = data.get("definition", data)
        services.replace_definition(checklist, definition)
        return checklist


@blp.route("/<int:checklist_id>/publish")
class ChecklistPublish(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, ChecklistSchema)
    def post(self, checklist_id):
        """Publish a draft; it is frozen from then on."""
        checklist = services.publish(_staff_checklist(checklist_id))
        return checklist


@blp.route("/<int:checklist_id>/revise")
class ChecklistRevise(MethodView):
    @roles_required(*STAFF)
    @blp.response(201, ChecklistSchema)
    def post(self, checklist_id):
        """Create the next draft version of a published checklist."""
        draft = services.revise(_staff_checklist(checklist_id))
        return draft, 201, {"Location": f"/api/v1/checklists/{draft.id}"}
