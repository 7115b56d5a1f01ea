"""Sign in and out, who am I, personal access tokens."""

from flask import current_app, g, request, session
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_smorest import abort

from mystery.auth import remember, services
from mystery.auth.models import ApiToken
from mystery.auth.schemas import (
    LoginResultSchema,
    ProfileSchema,
    SessionLoginSchema,
    TokenCreateSchema,
    TokenSchema,
)
from mystery.database import Blueprint
from mystery.extensions import db, limiter

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-in and tokens")
blp.before_app_request(remember.restore)
blp.after_app_request(remember.set_cookie)


def _account_key():
    """Rate-limit key: the email the request tries to sign in as."""
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    return "account:" + services.normalise_email(email if isinstance(email, str) else "")


def _failed(response):
    """Count only failed sign-ins against the limits."""
    return response.status_code == 401


def _per_account():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _per_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


login_limits = [
    limiter.shared_limit(
        _per_account, scope="login-account", key_func=_account_key, deduct_when=_failed
    ),
    limiter.shared_limit(_per_address, scope="login-address", deduct_when=_failed),
]


def throttled(view):
    """Apply both sign-in limits to a view."""
    for limit in login_limits:
        view = limit(view)
    return view


def _authenticate_or_401(data):
    """Return the user for these credentials or answer 401."""
    user = services.authenticate(data["email"], data["password"])
    if user is None:
        abort(401, message=_("Wrong email or password."))
    return user


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(SessionLoginSchema)
    @blp.response(200, LoginResultSchema)
    @throttled
    def post(self, data):
        """Sign in with email and password; sets the session cookie."""
        user = _authenticate_or_401(data)
        session.clear()  # a new session on sign-in defeats session fixation
        login_user(user)
        services.start_session(user)
        if data["remember"]:
            remember.issue(user)
        return {"user": user, "csrf_token": services.new_csrf_token()}


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Sign out: forget this device's remember-me and end every session on the server."""
        remember.forget()
        if current_user.is_authenticated and g.get("auth_method") == "session":
            services.end_all_sessions(current_user)
        logout_user()
        session.clear()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, ProfileSchema)
    @login_required
    def get(self):
        """Return the signed-in user; the CSRF token comes back in a header."""
        token = session.get("csrf_token")
        if token is None and g.get("auth_method") == "session":
            token = services.new_csrf_token()
        headers = {"X-CSRF-Token": token} if token else {}
        return current_user, 200, headers


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, TokenSchema)
    @throttled
    def post(self, data):
        """Create a personal access token for scripts."""
        user = _authenticate_or_401(data)
        row, token = services.create_token(user, data["label"])
        body = {"id": row.id, "token": token, "label": row.label}
        return body, 201, {"Location": f"/api/v1/auth/tokens/{row.id}"}


@blp.route("/tokens/<int:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    @login_required
    def delete(self, token_id):
        """Revoke one of your own tokens."""
        row = db.session.get(ApiToken, token_id)
        if row is None or row.user_id != current_user.id:
            abort(404, message=_("Token %(id)s not found.", id=token_id))
        db.session.delete(row)
