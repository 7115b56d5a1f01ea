"""Appeals: client users appeal answers of approved visits; coordinators decide."""

from flask.views import MethodView
from flask_login import current_user

from mystery.access import get_visible_or_404
from mystery.appeals import services
from mystery.appeals.models import Appeal
from mystery.appeals.schemas import (
    AppealCreateSchema,
    AppealDecisionSchema,
    AppealQueryArgs,
    AppealSchema,
)
from mystery.auth.services import READERS, STAFF, roles_required
from mystery.database import Blueprint, select_page

blp = Blueprint("appeals", __name__, url_prefix="/api/v1", description="Appeals of answers")


def _one(appeal):
    return services.present_appeals([appeal])[0]


@blp.route("/visits/<int:visit_id>/appeals")
class VisitAppeals(MethodView):
    @roles_required("client")
    @blp.arguments(AppealCreateSchema)
    @blp.response(201, AppealSchema)
    def post(self, data, visit_id):
        """Appeal one answer of an approved visit, within APPEAL_DAYS of its approval."""
        appeal = services.create_appeal(current_user, visit_id, data)
        return _one(appeal), 201, {"Location": f"/api/v1/appeals/{appeal.id}"}


@blp.route("/appeals")
class Appeals(MethodView):
    @roles_required(*READERS)
    @blp.arguments(AppealQueryArgs, location="query")
    @blp.response(200, AppealSchema(many=True))
    @blp.paginate(select_page(services.present_appeals))
    def get(self, args):
        """List appeals: coordinators all, client users their client's (and regions)."""
        return services.list_appeals(current_user, args)


@blp.route("/appeals/<int:appeal_id>")
class AppealById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, AppealSchema)
    def get(self, appeal_id):
        """Show an appeal."""
        return _one(get_visible_or_404(Appeal, appeal_id, current_user))


@blp.route("/appeals/<int:appeal_id>/decide")
class AppealDecision(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(AppealDecisionSchema)
    @blp.response(200, AppealSchema)
    def post(self, data, appeal_id):
        """Uphold (with a corrected value, re-scoring the visit) or reject an appeal."""
        appeal = get_visible_or_404(Appeal, appeal_id, current_user)
        return _one(services.decide_appeal(current_user, appeal, data))
