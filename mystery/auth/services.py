"""Sign-in, tokens, CSRF and role checks."""

import hashlib
import hmac
import secrets
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from werkzeug.security import check_password_hash, generate_password_hash

from mystery.access import READERS, STAFF  # noqa: F401  (re-exported for the routes)
from mystery.auth.models import ApiToken, User
from mystery.extensions import db, login_manager

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# These authenticate by the credentials in their body, not by the cookie.
CSRF_EXEMPT = frozenset({"/api/v1/auth/login", "/api/v1/auth/tokens"})
# Checked against when the email is unknown, so a miss costs as much time as a hit.
_DUMMY_HASH = generate_password_hash("not a real password")


def hash_password(password):
    """Hash a password with the configured method."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def normalise_email(email):
    """Lower-case and trim an email so lookups are case-insensitive."""
    return (email or "").strip().lower()


def find_user_by_email(email):
    """Return the user with this email, or None."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email, password):
    """Return the active user these credentials belong to, or None."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.active or not check_password_hash(user.password_hash, password or ""):
        return None
    return user


def new_csrf_token(value=None):
    """Issue a CSRF token bound to the session (a fresh random one unless given)."""
    session["csrf_token"] = value or secrets.token_urlsafe(32)
    return session["csrf_token"]


def token_digest(token):
    """Return the SHA-256 under which a personal access token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, label):
    """Create a personal access token; the plain token is shown once only."""
    token = "mys_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, label=label, token_hash=token_digest(token))
    db.session.add(row)
    db.session.flush()
    return row, token


def _bearer_token():
    """Return the Bearer token of the request, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@login_manager.user_loader
def load_session_user(user_id):
    """Load the user of a session cookie, unless the request brings a token."""
    if _bearer_token():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    # A session from before a sign-out or a password change carries an older version.
    if session.get(SESSION_VERSION_KEY, 0) != (user.session_version or 0):
        return None
    g.auth_method = "session"
    return user


SESSION_VERSION_KEY = "sv"


def start_session(user):
    """Remember in the session which version of the user's sessions it belongs to."""
    session[SESSION_VERSION_KEY] = user.session_version or 0


def end_all_sessions(user):
    """Make every session of the user invalid, wherever its cookie is (ASVS 3.3)."""
    user.session_version = (user.session_version or 0) + 1


@sa.event.listens_for(User.password_hash, "set")
def _password_changed(user, _value, _old, _initiator):
    """A new password ends the sessions opened with the old one; the changer's stays."""
    if not sa.inspect(user).persistent:
        return  # a new user has no sessions yet
    end_all_sessions(user)
    signed_in = g.get("_login_user") if has_request_context() else None
    if g.get("auth_method") == "session" and getattr(signed_in, "id", None) == user.id:
        start_session(user)


@login_manager.request_loader
def load_token_user(req):
    """Load the user of a Bearer token."""
    token = _bearer_token()
    if not token:
        return None
    user = db.session.scalar(
        sa.select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_digest(token))
    )
    if user is None or not user.active:
        return None
    g.auth_method = "token"
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Answer 401 in the API's error shape."""
    abort(401, message=_("You need to sign in first."))


def check_csrf():
    """Refuse cookie-authenticated unsafe requests without the session's CSRF token."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    if request.path in CSRF_EXEMPT:
        return
    if not current_user.is_authenticated or g.get("auth_method") != "session":
        return
    expected = session.get("csrf_token", "")
    sent = request.headers.get("X-CSRF-Token", "")
    if not expected or not hmac.compare_digest(expected, sent):
        abort(
            403,
            message=_("The X-CSRF-Token header is missing or does not match the session."),
        )


def roles_required(*roles):
    """Let only signed-in users with one of these roles through; others see 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, message=_("You need to sign in first."))
            if current_user.role not in roles:
                abort(404, message=_("Not found."))
            return view(*args, **kwargs)

        return wrapped

    return decorator
