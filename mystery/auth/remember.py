"""Remember me: a 30-day sign-in per device that survives a browser restart (DESIGN §6).

The cookie holds a random token; the database keeps its SHA-256, the user, when it ends and
a digest of the password hash it was issued under. A request without a session brings the
cookie, signs the user in and swaps the token for a new one (rotation). Sign out deletes it;
a password change or a deactivated account makes it worthless.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import login_user

from mystery.auth.models import RememberToken, User
from mystery.auth.services import new_csrf_token
from mystery.database import utcnow
from mystery.extensions import db

COOKIE = "mystery_remember"
LIFETIME = timedelta(days=30)
GRACE = timedelta(seconds=60)


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()


def issue(user, expires_at=None):
    """Create a remember token for the user; the response sets it as a cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        RememberToken(
            user_id=user.id,
            token_hash=_digest(token),
            password_digest=_digest(user.password_hash),
            expires_at=expires_at or utcnow() + LIFETIME,
        )
    )
    db.session.flush()
    g.remember_set = (token, expires_at or utcnow() + LIFETIME)


def forget():
    """Delete this device's remember token (sign out) and its cookie."""
    token = request.cookies.get(COOKIE)
    if token:
        db.session.execute(
            sa.delete(RememberToken).where(RememberToken.token_hash == _digest(token))
        )
    g.remember_clear = True


def _csrf_for(token_hash):
    """Derive the CSRF token of the sessions restored from one remember token."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"remember-csrf:" + token_hash.encode(), hashlib.sha256).hexdigest()


def _valid(row, user, now):
    return (
        user is not None
        and user.active
        and row.expires_at > now
        and row.password_digest == _digest(user.password_hash)
        and (row.replaced_at is None or row.replaced_at > now - GRACE)
    )


def restore():
    """Sign in from the remember cookie when the request has no session (before each request)."""
    token = request.cookies.get(COOKIE)
    if not token or "_user_id" in session or request.headers.get("Authorization"):
        return
    now = utcnow()
    row = db.session.scalar(
        sa.select(RememberToken).where(RememberToken.token_hash == _digest(token))
    )
    user = db.session.get(User, row.user_id) if row is not None else None
    if row is None or not _valid(row, user, now):
        return
    login_user(user)
    g.auth_method = "session"  # from here on it is an ordinary session (CSRF included)
    # A restarted phone sends several requests at once, each restoring a session of its own
    # and each setting its own cookie; whichever cookie the browser keeps must accept the
    # CSRF token any of them handed out, so every restore from one cookie shares the token.
    new_csrf_token(_csrf_for(row.token_hash))
    if row.replaced_at is None:
        row.replaced_at = now
        issue(user, row.expires_at)
        # The swap is a sign-in of its own and must stick even when this request is a read,
        # which the request's transaction owner never commits.
        db.session.commit()


def set_cookie(response):
    """Write or clear the remember cookie the request decided on (after each request)."""
    secure = current_app.config.get("SESSION_COOKIE_SECURE", True)
    if g.get("remember_clear"):
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
    elif g.get("remember_set"):
        token, expires_at = g.remember_set
        response.set_cookie(
            COOKIE,
            token,
            expires=expires_at,
            path="/",
            secure=secure,
            httponly=True,
            samesite="Lax",
        )
    return response


def forget_user(user_id):
    """Delete every remember token of a user (anonymisation)."""
    db.session.execute(sa.delete(RememberToken).where(RememberToken.user_id == user_id))
