"""Certifications: coordinators write quizzes, shoppers take them (DESIGN §13)."""

import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user

from mystery.access import STAFF, get_visible_or_404, register_scope, visible
from mystery.auth.services import roles_required
from mystery.certifications import services
from mystery.certifications.models import Certification
from mystery.certifications.schemas import (
    AttemptResultSchema,
    AttemptSchema,
    CertificationCreateSchema,
    CertificationQueryArgs,
    CertificationSchema,
)
from mystery.database import Blueprint
from mystery.extensions import db

blp = Blueprint(
    "certifications", __name__, url_prefix="/api/v1/certifications", description="Certifications"
)


def _visible(user, statement):
    """Staff and shoppers see quizzes; client users do not."""
    if user.is_staff or user.role == "shopper":
        return statement
    return statement.where(sa.false())


register_scope(Certification, _visible)


def present(certifications, user):
    """Dump quizzes; a shopper sees no correct values but whether they passed."""
    passed = set()
    if user.role == "shopper":
        passed = services.passed_ids(user.id, [c.id for c in certifications])
    out = []
    for certification in certifications:
        questions = certification.questions
        if user.role == "shopper":
            questions = [{k: v for k, v in q.items() if k != "correct"} for q in questions]
        out.append(
            {
                "id": certification.id,
                "client_id": certification.client_id,
                "name": certification.name,
                "pass_mark": certification.pass_mark,
                "questions": questions,
                "passed": certification.id in passed if user.role == "shopper" else None,
                "created_at": certification.created_at,
            }
        )
    return out


@blp.route("")
class Certifications(MethodView):
    @roles_required(*STAFF, "shopper")
    @blp.arguments(CertificationQueryArgs, location="query")
    @blp.response(200, CertificationSchema(many=True))
    def get(self, args):
        """List the quizzes, by client."""
        statement = sa.select(Certification).order_by(Certification.name, Certification.id)
        if args.get("client_id"):
            statement = statement.where(Certification.client_id == args["client_id"])
        rows = db.session.scalars(visible(Certification, current_user, statement)).all()
        return present(rows, current_user)

    @roles_required(*STAFF)
    @blp.arguments(CertificationCreateSchema)
    @blp.response(201, CertificationSchema)
    def post(self, data):
        """Write a quiz for a client."""
        certification = services.create_certification(data)
        body = present([certification], current_user)[0]
        return body, 201, {"Location": f"/api/v1/certifications/{certification.id}"}


@blp.route("/<int:certification_id>")
class CertificationById(MethodView):
    @roles_required(*STAFF, "shopper")
    @blp.response(200, CertificationSchema)
    def get(self, certification_id):
        """Show a quiz (without the correct answers, for a shopper)."""
        found = get_visible_or_404(Certification, certification_id, current_user)
        return present([found], current_user)[0]


@blp.route("/<int:certification_id>/attempts")
class Attempts(MethodView):
    @roles_required("shopper")
    @blp.arguments(AttemptSchema)
    @blp.response(201, AttemptResultSchema)
    def post(self, data, certification_id):
        """Take the quiz: the score and whether it passed."""
        found = get_visible_or_404(Certification, certification_id, current_user)
        row = services.attempt(found, current_user, data["answers"])
        return row, 201, {"Location": f"/api/v1/certifications/{found.id}/attempts/{row.id}"}
