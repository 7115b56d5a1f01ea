"""Password reset by e-mail: a single-use token valid an hour (DESIGN §14).

Asking answers 202 whether or not the account exists, so nobody can probe for accounts;
the token is kept only as its SHA-256; using it sets the password and ends every session.
"""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from mystery.auth.models import PasswordResetToken
from mystery.auth.services import find_user_by_email, hash_password
from mystery.auth.signals import password_reset_requested
from mystery.database import Blueprint, as_utc, utcnow
from mystery.extensions import db, limiter
from mystery.fields import Password

blp = Blueprint("password_reset", __name__, url_prefix="/api/v1/auth", description="Password reset")


class ResetRequestSchema(Schema):
    """The e-mail of the account whose password is forgotten."""

    email = fields.String(required=True, validate=validate.Length(min=1, max=254))


class ResetConfirmSchema(Schema):
    """The token from the mail and the new password."""

    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = Password(required=True)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email):
    """Issue a token and announce it when an active account has this e-mail; else nothing."""
    user = find_user_by_email(email)
    if user is None or not user.active or user.anonymised_at is not None:
        return None
    token = secrets.token_urlsafe(32)
    hours = float(current_app.config.get("PASSWORD_RESET_HOURS") or 1)
    now = utcnow()
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    password_reset_requested.send(user, link=f"/reset-password?token={token}")
    db.session.flush()
    return token


def confirm_reset(token, password):
    """Set a new password with an unused, unexpired token; it cannot be used again."""
    from mystery.auth.models import User

    row = db.session.scalar(
        sa.select(PasswordResetToken)
        .where(PasswordResetToken.token_hash == _digest(token))
        .with_for_update()
    )
    if row is None or row.used_at is not None or as_utc(row.expires_at) <= utcnow():
        message = _("This reset link is invalid, used or expired. Ask for a new one.")
        abort(422, message=message, errors={"json": {"token": [message]}})
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        message = _("This reset link is invalid, used or expired. Ask for a new one.")
        abort(422, message=message, errors={"json": {"token": [message]}})
    now = utcnow()
    # Every outstanding link of the account dies with this one.
    db.session.execute(
        sa.update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    user.password_hash = hash_password(password)  # bumps session_version: sessions end
    db.session.flush()
    return user


def _reset_key():
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    return "reset:" + (email.strip().lower() if isinstance(email, str) else "")


def _per_account():
    return current_app.config.get("PASSWORD_RESET_LIMIT_PER_ACCOUNT") or "5 per 15 minutes"


def _per_address():
    return current_app.config.get("PASSWORD_RESET_LIMIT_PER_ADDRESS") or "30 per 15 minutes"


@blp.route("/password-reset")
class PasswordReset(MethodView):
    @blp.arguments(ResetRequestSchema)
    @blp.response(202)
    @limiter.limit(_per_account, key_func=_reset_key, scope="reset-account")
    @limiter.limit(_per_address, scope="reset-address")
    def post(self, data):
        """Mail a reset link if the account exists; the answer is the same either way."""
        request_reset(data["email"])
        return "", 202


@blp.route("/password-reset/confirm")
class PasswordResetConfirm(MethodView):
    @blp.arguments(ResetConfirmSchema)
    @blp.response(204)
    def post(self, data):
        """Choose a new password with the token from the mail."""
        confirm_reset(data["token"], data["password"])
