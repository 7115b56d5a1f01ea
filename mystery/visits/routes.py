"""Visits: lists, the job board, and every lifecycle action."""

import sqlalchemy as sa
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from mystery.access import visible_visits
from mystery.auth.services import STAFF, roles_required
from mystery.database import Blueprint, get_or_404, not_found, select_page
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.visits import audit, services
from mystery.visits.board import open_visits_for
from mystery.visits.changes import answer_changes
from mystery.visits.listing import search_and_sort
from mystery.visits.models import Visit
from mystery.visits.presenters import present_visits
from mystery.visits.schemas import (
    AssignSchema,
    NoteSchema,
    ReviewSchema,
    VisitEventSchema,
    VisitQueryArgs,
    VisitSchema,
)

blp = Blueprint("visits", __name__, url_prefix="/api/v1", description="Visits and their lifecycle")
EVERYONE = ("admin", "coordinator", "shopper", "client")
ACTIVE = ("assigned", "accepted", "returned")


def _present_one(visit):
    with_checklist = current_user.role == "shopper" and visit.shopper_id == current_user.id
    item = present_visits([visit], current_user, with_checklist=with_checklist)[0]
    if current_user.is_staff:
        item["changes"] = answer_changes(visit)
    return item


def _present_page(visits):
    return present_visits(visits, current_user)


def load_visit(visit_id, lock=False):
    """Load a visit the caller may see (locked for update when acting on it), or 404."""
    visit = get_or_404(Visit, visit_id, lambda s: visible_visits(current_user, s))
    return services.lock_visit(visit.id) if lock else visit


@blp.route("/visits")
class Visits(MethodView):
    @roles_required(*EVERYONE)
    @blp.arguments(VisitQueryArgs, location="query")
    @blp.response(200, VisitSchema(many=True))
    @blp.paginate(select_page(_present_page))
    def get(self, args):
        """List visits you may see, filtered by wave, status, store, region or shopper."""
        statement = visible_visits(current_user, sa.select(Visit))
        statement = search_and_sort(statement, args, current_user)
        fields = ("wave_id", "status", "store_id", "shopper_id")
        knows_shoppers = current_user.role != "client"
        if not knows_shoppers:
            # Filtering by shopper would tell a client who made which visit.
            fields = fields[:-1]
        for field in fields:
            if field in args:
                statement = statement.where(getattr(Visit, field) == args[field])
        if "region" in args:  # search_and_sort joined the store
            statement = statement.where(Store.region == args["region"])
        if knows_shoppers and "unassigned" in args:
            nobody = Visit.shopper_id.is_(None)
            statement = statement.where(nobody if args["unassigned"] else sa.not_(nobody))
        return statement


@blp.route("/visits/<int:visit_id>")
class VisitById(MethodView):
    @roles_required(*EVERYONE)
    @blp.response(200, VisitSchema)
    def get(self, visit_id):
        """Show a visit; its shopper also gets the checklist definition."""
        return _present_one(load_visit(visit_id))


@blp.route("/visits/<int:visit_id>/events")
class VisitEvents(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, VisitEventSchema(many=True))
    def get(self, visit_id):
        """Show a visit's audit log, oldest first."""
        load_visit(visit_id)
        return audit.visit_events(visit_id)


@blp.route("/visits/open")
class OpenVisits(MethodView):
    @roles_required("shopper")
    @blp.response(200, VisitSchema(many=True))
    def get(self):
        """List open visits you may claim, nearest to your home first, with distance."""
        visits, distances = open_visits_for(current_user)
        return present_visits(visits, current_user, distances=distances)


@blp.route("/me/visits")
class MyVisits(MethodView):
    @roles_required("shopper")
    @blp.response(200, VisitSchema(many=True))
    def get(self):
        """List your active visits, each with its checklist: all the PWA needs offline."""
        visits = db.session.scalars(
            sa.select(Visit)
            .where(Visit.shopper_id == current_user.id, Visit.status.in_(ACTIVE))
            .order_by(Visit.window_start, Visit.id)
        ).all()
        return present_visits(visits, current_user, with_checklist=True)


@blp.route("/visits/<int:visit_id>/assign")
class AssignVisit(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(AssignSchema)
    @blp.response(200, VisitSchema)
    def post(self, data, visit_id):
        """Assign a visit to a shopper, or reassign a held one (rotation rule, or override)."""
        visit = load_visit(visit_id, lock=True)
        services.assign(visit, current_user, data["shopper_id"], data["override"], data["reason"])
        return _present_one(visit)


@blp.route("/visits/<int:visit_id>/claim")
class ClaimVisit(MethodView):
    @roles_required("shopper")
    @blp.response(200, VisitSchema)
    def post(self, visit_id):
        """Claim an open visit from the job board."""
        visit = services.lock_visit(visit_id)
        if visit is None or (visit.status != "open" and visit.shopper_id != current_user.id):
            abort(404, message=not_found("Visit", visit_id))
        services.claim(visit, current_user)
        return _present_one(visit)


def _simple_action(action, roles, doc):
    """Build a view that applies one lifecycle action with an optional note."""

    @roles_required(*roles)
    @blp.arguments(NoteSchema)
    @blp.response(200, VisitSchema)
    def post(self, data, visit_id):
        visit = load_visit(visit_id, lock=True)
        services.transition(visit, current_user, action, note=data.get("note"))
        return _present_one(visit)

    post.__doc__ = doc
    return type(f"{action.title()}Visit", (MethodView,), {"post": post})


blp.route("/visits/<int:visit_id>/accept")(
    _simple_action("accept", ("shopper",), "Accept a visit assigned to you.")
)
blp.route("/visits/<int:visit_id>/decline")(
    _simple_action(
        "decline",
        ("shopper", *STAFF),
        "Decline an assigned visit (or unassign it, as coordinator); it reopens.",
    )
)
blp.route("/visits/<int:visit_id>/cancel")(
    _simple_action("cancel", STAFF, "Cancel a visit that has not been submitted.")
)


@blp.route("/visits/<int:visit_id>/review")
class ReviewVisit(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(ReviewSchema)
    @blp.response(200, VisitSchema)
    def post(self, data, visit_id):
        """Approve a submitted visit, or return it to the shopper with a note."""
        visit = load_visit(visit_id, lock=True)
        note = (data.get("note") or "").strip() or None
        if data["decision"] == "return" and note is None:
            abort(
                422,
                message=_("Say what the shopper should fix: a note is required."),
                errors={"json": {"note": [_("Required when returning a visit.")]}},
            )
        if data["decision"] == "return" and data["rating"] is not None:
            abort(
                422,
                message=_("A rating goes with an approval."),
                errors={"json": {"rating": [_("Only an approval carries a rating.")]}},
            )
        services.transition(visit, current_user, data["decision"], note=note, rating=data["rating"])
        return _present_one(visit)
