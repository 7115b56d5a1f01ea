"""Deliver the e-mail outbox: claim what is due, send it, retry with backoff, give up for good.

Rows are claimed in a short transaction (their next attempt pushed past a lease), sent with
no transaction open, then marked; so two workers never send one row twice, and a slow mail
server holds no database lock.
"""

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.auth.models import User
from mystery.database import utcnow
from mystery.extensions import db
from mystery.notifications import mailer
from mystery.notifications.models import Notification
from mystery.notifications.render import render_mail
from mystery.notifications.runner import register_drain

log = logging.getLogger(__name__)

BATCH = 50
# A claimed row not marked within this long (its worker died) is tried again.
LEASE = timedelta(minutes=5)


def backoff(attempts, config=None):
    """Seconds to wait after the n-th failed attempt: 30 s, 60 s, 2 min… up to an hour."""
    config = config or current_app.config
    base = float(config.get("OUTBOX_RETRY_BASE_SECONDS") or 30)
    cap = float(config.get("OUTBOX_RETRY_MAX_SECONDS") or 3600)
    return min(base * 2 ** max(attempts - 1, 0), cap)


def claim(model, now, batch=BATCH):
    """Take up to `batch` due rows of an outbox table for this worker; return their ids."""
    statement = (
        sa.select(model.id)
        .where(model.status == "pending", model.next_attempt_at <= now)
        .order_by(model.next_attempt_at, model.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(statement))
    if ids:
        db.session.execute(
            sa.update(model)
            .where(model.id.in_(ids))
            .values(next_attempt_at=now + LEASE, attempts=model.attempts + 1)
        )
    db.session.commit()
    return ids


def next_due(model):
    """Return when the next pending row of an outbox table falls due, or None."""
    value = db.session.scalar(
        sa.select(sa.func.min(model.next_attempt_at)).where(model.status == "pending")
    )
    db.session.commit()
    if value is not None and value.tzinfo is None:
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value


def _send_one(row):
    """Render and send one e-mail row in its recipient's language."""
    user = db.session.get(User, row.user_id)
    locale = user.locale if user is not None else "en"
    name = user.name if user is not None else ""
    subject, text, html = render_mail(row.kind, row.params, locale, name)
    mailer.send(mailer.build_message(row.address, subject, text, html, locale))


def deliver_due(now=None):
    """Send every e-mail that is due; return when the next one falls due (or None)."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    now = now or utcnow()
    max_attempts = int(config.get("MAIL_MAX_ATTEMPTS") or 12)
    for row_id in claim(Notification, now):
        row = db.session.get(Notification, row_id)
        try:
            _send_one(row)
        except mailer.PermanentFailure as error:
            log.warning("E-mail %s to %s refused for good: %s", row.id, row.address, error)
            row.status, row.last_error = "failed", str(error)[:2000]
        except Exception as error:
            message = f"{type(error).__name__}: {error}"[:2000]
            row.last_error = message
            if row.attempts >= max_attempts:
                log.warning("E-mail %s to %s given up: %s", row.id, row.address, message)
                row.status = "failed"
            else:
                log.info("E-mail %s to %s will be retried: %s", row.id, row.address, message)
                row.next_attempt_at = now + timedelta(seconds=backoff(row.attempts, config))
        else:
            row.status, row.sent_at, row.last_error = "sent", utcnow(), None
            if row.kind == "password_reset":  # the link was the secret; it has left
                row.params = {k: v for k, v in row.params.items() if k != "link"}
        db.session.commit()
    return next_due(Notification)


register_drain(deliver_due)
