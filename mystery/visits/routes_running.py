"""Running the programme: unassign, and bulk approval of clean submissions (DESIGN §16)."""

from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user

from mystery.access import visible_visits
from mystery.auth.services import STAFF, roles_required
from mystery.database import Blueprint, not_found
from mystery.extensions import db
from mystery.visits import services
from mystery.visits.models import Visit
from mystery.visits.routes import _present_one, load_visit
from mystery.visits.schemas import (
    BulkReviewResultSchema,
    BulkReviewSchema,
    NoteSchema,
    VisitSchema,
)

blp = Blueprint(
    "visits_running", __name__, url_prefix="/api/v1", description="Unassigning and bulk review"
)


@blp.route("/visits/<int:visit_id>/unassign")
class UnassignVisit(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(NoteSchema)
    @blp.response(200, VisitSchema)
    def post(self, data, visit_id):
        """Take an assigned or accepted visit back from its shopper; it reopens."""
        visit = load_visit(visit_id, lock=True)
        services.transition(visit, current_user, "unassign", note=data.get("note"))
        return _present_one(visit)


def _skip(visit_id, reason, message):
    return {"id": visit_id, "reason": reason, "message": message}


def bulk_approve(actor, ids):
    """Approve each listed submitted visit that carries no flags; say why the rest were not."""
    approved, skipped = [], []
    for visit_id in dict.fromkeys(ids):
        visible = db.session.scalar(
            visible_visits(actor, db.select(Visit.id)).where(Visit.id == visit_id)
        )
        visit = services.lock_visit(visit_id) if visible else None
        if visit is None:
            skipped.append(_skip(visit_id, "not_found", not_found("Visit", visit_id)))
        elif visit.status != "submitted":
            message = _(
                "Visit %(id)s is %(status)s, not submitted.", id=visit_id, status=visit.status
            )
            skipped.append(_skip(visit_id, "status", message))
        elif visit.flags:
            message = _("Visit %(id)s has flags; review it on its own.", id=visit_id)
            skipped.append(_skip(visit_id, "flags", message))
        else:
            services.transition(visit, actor, "approve")
            approved.append(visit_id)
    return {"approved": approved, "skipped": skipped}


@blp.route("/visits/review")
class BulkReview(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(BulkReviewSchema)
    @blp.response(200, BulkReviewResultSchema)
    def post(self, data):
        """Approve the listed submitted visits without flags; report the others."""
        return bulk_approve(current_user, data["ids"])
