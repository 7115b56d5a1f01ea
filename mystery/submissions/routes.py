"""PUT and GET of submissions (DESIGN §6)."""

import sqlalchemy as sa
from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort

from mystery.access import visible_visits
from mystery.auth.models import User
from mystery.auth.services import roles_required
from mystery.database import Blueprint, not_found
from mystery.extensions import db
from mystery.submissions import services
from mystery.submissions.schemas import SubmissionInSchema, SubmissionSchema
from mystery.visits.models import Submission, Visit
from mystery.visits.presenters import present_score

blp = Blueprint(
    "submissions",
    __name__,
    url_prefix="/api/v1/submissions",
    description="Idempotent offline sync of submissions",
)


def present_submission(submission, locale):
    """Return the submission body: the same for the first PUT and every identical replay."""
    body = {
        "uuid": submission.uuid,
        "visit_id": submission.visit_id,
        "received_at": submission.received_at,
        "payload_hash": submission.payload_hash,
        "started_at": submission.started_at,
        "finished_at": submission.finished_at,
        "checkin": submission.checkin,
        "answers": submission.answers,
        "score": present_score(submission.score, locale),
    }
    if submission.expense:  # only submissions that carried one (DESIGN §13)
        body["expense"] = submission.expense
    return body


def _shopper_locale(submission):
    return db.session.scalar(sa.select(User.locale).where(User.id == submission.shopper_id))


CLIENT_TIME = {
    "in": "header",
    "name": "X-Client-Time",
    "required": False,
    "schema": {"type": "string", "format": "date-time"},
    "description": "The phone's clock when it sent the request, so the server can judge the "
    "visit's times by its own clock (DESIGN §6–§7).",
}


@blp.route("/<string:submission_uuid>")
class SubmissionByUuid(MethodView):
    @roles_required("shopper")
    @blp.arguments(SubmissionInSchema)
    @blp.doc(parameters=[CLIENT_TIME])
    @blp.response(201, SubmissionSchema)
    @blp.alt_response(200, schema=SubmissionSchema, description="An identical replay")
    def put(self, data, submission_uuid):
        """Send a visit's submission: 201 first, 200 identical replay, 409 different payload."""
        submission, created = services.receive_submission(
            current_user,
            submission_uuid,
            data,
            request.get_json(),
            client_time=services.client_time(request.headers.get("X-Client-Time")),
        )
        body = present_submission(submission, current_user.locale)
        headers = {"Location": f"/api/v1/submissions/{submission.uuid}"}
        return body, 201 if created else 200, headers

    @roles_required("admin", "coordinator", "shopper", "client")
    @blp.response(200, SubmissionSchema)
    def get(self, submission_uuid):
        """Show a submission: staff all, shoppers their own, clients approved visits' ones."""
        submission_uuid = services.parse_uuid(submission_uuid)
        statement = sa.select(Submission).where(Submission.uuid == submission_uuid)
        if current_user.role == "shopper":
            statement = statement.where(Submission.shopper_id == current_user.id)
        elif current_user.role == "client":
            # Only the current submission of a visit the client may see.
            visible = visible_visits(current_user, sa.select(Visit.current_submission_id))
            statement = statement.where(Submission.id.in_(visible))
        submission = db.session.scalar(statement)
        if submission is None:
            abort(404, message=not_found("Submission", submission_uuid))
        return present_submission(submission, _shopper_locale(submission))
