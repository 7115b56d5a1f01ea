"""One's own profile and password, for every role (DESIGN §13)."""

from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from werkzeug.security import check_password_hash

from mystery.auth.models import ROLES
from mystery.auth.schemas import ProfileSchema
from mystery.auth.services import hash_password, roles_required
from mystery.database import Blueprint
from mystery.extensions import db
from mystery.profile.schemas import PasswordChangeSchema, ProfileUpdateSchema

blp = Blueprint("profile", __name__, url_prefix="/api/v1", description="Your own profile")


@blp.route("/me")
class Me(MethodView):
    @roles_required(*ROLES)
    @blp.response(200, ProfileSchema)
    def get(self):
        """Show your own profile."""
        return current_user

    @roles_required(*ROLES)
    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, ProfileSchema)
    def patch(self, data):
        """Change your name, language, home location, IBAN, BIC or phone."""
        if "phone" in data:
            data["phone"] = data["phone"] or None
        for field, value in data.items():
            setattr(current_user, field, value)
        db.session.flush()
        return current_user


@blp.route("/me/password")
class MyPassword(MethodView):
    @roles_required(*ROLES)
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    def post(self, data):
        """Change your password; the current one must be given."""
        if not check_password_hash(current_user.password_hash, data["current_password"]):
            message = _("The current password is wrong.")
            abort(422, message=message, errors={"json": {"current_password": [message]}})
        if data["new_password"] == data["current_password"]:
            message = _("Choose a password different from the current one.")
            abort(422, message=message, errors={"json": {"new_password": [message]}})
        current_user.password_hash = hash_password(data["new_password"])
        db.session.flush()
