"""Users: admins manage everyone, coordinators manage shoppers and client users."""

from flask.views import MethodView
from flask_login import current_user

from mystery.access import STAFF
from mystery.auth.models import User
from mystery.auth.services import roles_required
from mystery.database import Blueprint, SelectPage, get_or_404
from mystery.users import services
from mystery.users.schemas import UserCreateSchema, UserQueryArgs, UserSchema, UserUpdateSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Users")


def _visible(statement):
    return services.manageable(current_user, statement)


@blp.route("")
class Users(MethodView):
    decorators = [roles_required(*STAFF)]

    @blp.arguments(UserQueryArgs, location="query")
    @blp.response(200, UserSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List the users you manage."""
        return services.list_users(current_user, **args)

    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    def post(self, data):
        """Create a user."""
        user = services.create_user(current_user, data)
        return user, 201, {"Location": f"/api/v1/users/{user.id}"}


@blp.route("/<int:user_id>")
class UserById(MethodView):
    decorators = [roles_required(*STAFF)]

    @blp.response(200, UserSchema)
    def get(self, user_id):
        """Show a user you manage."""
        return get_or_404(User, user_id, _visible)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Change a user you manage (deactivate, reset password, home, regions)."""
        user = get_or_404(User, user_id, _visible)
        services.update_user(user, data)
        return user
