"""Write notifications into the outbox, list them, mark them read, keep e-mail settings."""

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from mystery.auth.models import User
from mystery.database import after_commit, utcnow
from mystery.extensions import db
from mystery.notifications.kinds import KINDS, get_kind
from mystery.notifications.models import Notification, NotificationSetting


def wants_email(user, kind_name):
    """Tell whether a user receives e-mail of this kind (yes unless turned off)."""
    if not get_kind(kind_name).optional:
        return True
    setting = db.session.scalar(
        sa.select(NotificationSetting.email).where(
            NotificationSetting.user_id == user.id, NotificationSetting.kind == kind_name
        )
    )
    return setting is not False


def _base_url():
    """Remember where the app was reached, for links in mail sent later by a worker."""
    return request.url_root if has_request_context() else None


def notify(user, kind_name, params, visit_id=None, key=None, mail_params=None):
    """Write a notification for `user`: in the app always, by e-mail when SMTP is set up.

    Rows join the caller's transaction; the mail leaves after the commit (never before,
    and never when the transaction rolls back). With a `key`, a second call is a no-op.
    `mail_params` go into the e-mail only (a reset link is never shown in the app).
    """
    get_kind(kind_name)  # an unknown kind is a programming error
    if user is None or not user.active or user.anonymised_at is not None:
        return None
    if key is not None and db.session.scalar(
        sa.select(Notification.id).where(Notification.key == key, Notification.channel == "app")
    ):
        return None
    params = {**params, "base_url": _base_url()}
    row = Notification(
        user_id=user.id, channel="app", kind=kind_name, visit_id=visit_id, params=params, key=key
    )
    db.session.add(row)
    if current_app.config.get("SMTP_HOST") and user.email and wants_email(user, kind_name):
        db.session.add(
            Notification(
                user_id=user.id,
                channel="email",
                kind=kind_name,
                visit_id=visit_id,
                params={**params, **(mail_params or {})},
                key=key,
                address=user.email,
                status="pending",
                next_attempt_at=utcnow(),
            )
        )
        request_delivery()
    return row


def request_delivery():
    """Have the worker deliver what is due once this transaction commits (once per session)."""
    if db.session.info.get("delivery_requested"):
        return
    db.session.info["delivery_requested"] = True
    app = current_app._get_current_object()

    def kick():
        from mystery.notifications.runner import dispatch

        dispatch(app)

    after_commit(kick)
    after_commit(lambda: db.session.info.pop("delivery_requested", None))


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget_request(session):
    session.info.pop("delivery_requested", None)


def user_of(user_id):
    """Return a user by id, or None."""
    return db.session.get(User, user_id) if user_id is not None else None


def list_notifications(user):
    """Return a select of the user's in-app notifications, newest first."""
    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id, Notification.channel == "app")
        .order_by(Notification.id.desc())
    )


def unread_count(user):
    """Count the user's unread in-app notifications."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.channel == "app",
            Notification.read_at.is_(None),
        )
    )


def mark_read(user, ids=None):
    """Mark some (or, without ids, all) of the user's notifications read; return how many."""
    statement = (
        sa.update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.channel == "app",
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    if ids is not None:  # a bounded list (the schema caps it)
        statement = statement.where(Notification.id.in_(ids))
    return db.session.execute(statement).rowcount


def settings_of(user):
    """Return every kind with whether the user gets its e-mail and may turn it off."""
    stored = dict(
        db.session.execute(
            sa.select(NotificationSetting.kind, NotificationSetting.email).where(
                NotificationSetting.user_id == user.id
            )
        ).all()
    )
    return [
        {
            "kind": kind.name,
            "label": str(kind.label),
            "email": True if not kind.optional else stored.get(kind.name, True),
            "optional": kind.optional,
        }
        for kind in KINDS.values()
    ]


def change_settings(user, choices):
    """Store the user's e-mail choice per kind; kinds that cannot be turned off stay on."""
    for kind_name, email in choices.items():
        if not get_kind(kind_name).optional:
            continue
        row = db.session.scalar(
            sa.select(NotificationSetting).where(
                NotificationSetting.user_id == user.id, NotificationSetting.kind == kind_name
            )
        )
        if row is None:
            db.session.add(NotificationSetting(user_id=user.id, kind=kind_name, email=email))
        else:
            row.email = email
    db.session.flush()
    return settings_of(user)
