"""Fixtures: a real SMTP server and HTTP receiver, the app pointed at them, a field programme."""

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from tests.notifications.servers import Receiver, SmtpServer
from tests.visits.helpers import Flow


@pytest.fixture
def smtp(app):
    """A running SMTP server the app mails to; delivery is driven by the test."""
    server = SmtpServer().start()
    saved = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "NOTIFY_DELIVERY")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, NOTIFY_DELIVERY="manual")
    yield server
    server.stop()
    app.config.update(saved)


@pytest.fixture
def receiver(app):
    """A running HTTP receiver; webhooks may point at loopback for it."""
    server = Receiver().start()
    saved = {k: app.config.get(k) for k in ("WEBHOOK_ALLOW_PRIVATE", "NOTIFY_DELIVERY")}
    app.config.update(WEBHOOK_ALLOW_PRIVATE="1", NOTIFY_DELIVERY="manual")
    yield server
    server.stop()
    app.config.update(saved)


@pytest.fixture
def flow(app, field):
    """The `field` programme with helpers to put visits in any state."""
    return Flow(app, field)


def deliver(app, now=None):
    """Run the outbox worker once, as the after-commit worker would."""
    from mystery.notifications.runner import drain_all

    with app.app_context():
        return drain_all(now)


def set_locale(app, user_id, locale):
    """Change a user's language in the database."""
    from mystery.auth.models import User

    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user_id).values(locale=locale))
        db.session.commit()


def rows(app, **where):
    """Return the notification rows matching column values, oldest first, as dicts."""
    from mystery.notifications.models import Notification

    with app.app_context():
        statement = sa.select(Notification).order_by(Notification.id)
        for name, value in where.items():
            statement = statement.where(getattr(Notification, name) == value)
        return [
            {c.key: getattr(row, c.key) for c in sa.inspect(row).mapper.column_attrs}
            for row in db.session.scalars(statement)
        ]
