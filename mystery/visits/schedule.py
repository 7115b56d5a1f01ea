"""The shopper picks the day of an accepted visit, inside its window (DESIGN §14)."""

from flask.views import MethodView
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields

from mystery.access import SHOPPERS
from mystery.auth.services import roles_required
from mystery.clients.models import Client
from mystery.database import Blueprint, not_found
from mystery.extensions import db
from mystery.geo import client_zone
from mystery.visits import services
from mystery.visits.routes import _present_one, load_visit
from mystery.visits.schemas import VisitSchema
from mystery.waves.models import Wave

blp = Blueprint("visits_schedule", __name__, url_prefix="/api/v1", description="Scheduling")

OUTSIDE = _l("Pick a day between %(first)s and %(last)s.")


class ScheduleSchema(Schema):
    """The day the shopper plans to go; null forgets it."""

    date = fields.Date(required=True, allow_none=True)


def window_days(visit):
    """Return the first and last day of a visit's window, in the client's time zone."""
    wave = db.session.get(Wave, visit.wave_id)
    zone = client_zone(db.session.get(Client, wave.client_id).locale)
    return visit.window_start.astimezone(zone).date(), visit.window_end.astimezone(zone).date()


def schedule(visit, actor, day):
    """Set (or clear) the planned day of the caller's accepted visit."""
    if actor.role != "shopper" or visit.shopper_id != actor.id:
        abort(404, message=not_found("Visit", visit.id))
    if visit.status != "accepted":
        abort(
            409,
            message=_(
                "Visit %(id)s is %(status)s; only an accepted visit can be scheduled.",
                id=visit.id,
                status=visit.status,
            ),
            errors={"status": [visit.status]},
        )
    if day is not None:
        first, last = window_days(visit)
        if not first <= day <= last:
            message = str(OUTSIDE) % {"first": first.isoformat(), "last": last.isoformat()}
            abort(422, message=message, errors={"json": {"date": [message]}})
    visit.scheduled_on = day
    note = day.isoformat() if day else None
    services.log_event(visit, actor, "schedule", visit.status, visit.status, note=note)
    db.session.flush()
    return visit


@blp.route("/visits/<int:visit_id>/schedule")
class ScheduleVisit(MethodView):
    @roles_required(*SHOPPERS)
    @blp.arguments(ScheduleSchema)
    @blp.response(200, VisitSchema)
    def post(self, data, visit_id):
        """Plan the day of your accepted visit, inside its window."""
        visit = load_visit(visit_id, lock=True)
        schedule(visit, current_user, data["date"])
        return _present_one(visit)
