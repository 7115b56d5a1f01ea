"""Data-subject requests over the API: export and anonymise a person (admins only)."""

from flask.views import MethodView
from flask_login import current_user

from mystery.auth.models import User
from mystery.auth.services import roles_required
from mystery.database import Blueprint, get_or_404
from mystery.extensions import db
from mystery.privacy import subject
from mystery.users.schemas import UserSchema
from mystery.visits.audit import person_events
from mystery.visits.schemas import VisitEventSchema

blp = Blueprint("privacy", __name__, url_prefix="/api/v1/users", description="Data protection")


@blp.route("/<int:user_id>/export")
class PersonExport(MethodView):
    @roles_required("admin")
    @blp.response(200)
    def get(self, user_id):
        """Return everything stored about a person, as JSON (a data-subject request)."""
        person = get_or_404(User, user_id)
        data = subject.export_person(person)
        subject.log_export(current_user, person, data)
        # Reads commit nothing (database.commit_request); this one read must be on record.
        db.session.commit()
        headers = {"Content-Disposition": f'attachment; filename="user-{user_id}.json"'}
        return data, 200, headers


@blp.route("/<int:user_id>/anonymise")
class Anonymise(MethodView):
    @roles_required("admin")
    @blp.response(200, UserSchema)
    def post(self, user_id):
        """Replace a person's name, email, phone, IBAN and home; disable their sign-in."""
        return subject.anonymise(current_user, get_or_404(User, user_id))


@blp.route("/<int:user_id>/events")
class PersonEvents(MethodView):
    @roles_required("admin")
    @blp.response(200, VisitEventSchema(many=True))
    def get(self, user_id):
        """Show the audit entries about a person: exports of their data, their anonymisation."""
        get_or_404(User, user_id)
        return person_events(user_id)
