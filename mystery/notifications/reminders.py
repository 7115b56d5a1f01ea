"""Reminders (DESIGN §14): the day before a scheduled visit; 24 h before a window ends.

Each reminder carries a key (visit, kind, the day or window it is about), and a unique
constraint on it, so however often `send-reminders` runs, each is written once.
"""

from datetime import timedelta

import sqlalchemy as sa

from mystery.auth.models import User
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import client_zone
from mystery.notifications.models import Notification
from mystery.notifications.receivers import visit_params
from mystery.notifications.services import notify
from mystery.visits.models import Visit
from mystery.waves.models import Wave

HELD = ("assigned", "accepted", "returned")  # not yet submitted


def _already(key):
    return db.session.scalar(
        sa.select(Notification.id).where(Notification.key == key, Notification.channel == "app")
    )


def _remind(visit, kind, key, **extra):
    """Write one reminder unless it exists (a concurrent run loses the unique race quietly)."""
    if _already(key):
        return False
    shopper = db.session.get(User, visit.shopper_id)
    try:
        with db.session.begin_nested():
            row = notify(shopper, kind, {**visit_params(visit), **extra}, visit.id, key=key)
            db.session.flush()
    except sa.exc.IntegrityError:
        return False
    return row is not None


def _client_zone_of(visit):
    wave = db.session.get(Wave, visit.wave_id)
    return client_zone(db.session.get(Client, wave.client_id).locale)


def day_before(now):
    """Remind shoppers of accepted visits they planned for tomorrow (the client's day)."""
    sent = 0
    today = now.date()
    candidates = db.session.scalars(
        sa.select(Visit)
        .where(
            Visit.status == "accepted",
            Visit.shopper_id.is_not(None),
            Visit.scheduled_on.between(today, today + timedelta(days=2)),
        )
        .order_by(Visit.id)
    )
    for visit in list(candidates):
        local_today = now.astimezone(_client_zone_of(visit)).date()
        if visit.scheduled_on != local_today + timedelta(days=1):
            continue
        key = f"reminder_scheduled:{visit.id}:{visit.scheduled_on.isoformat()}"
        sent += _remind(visit, "reminder_scheduled", key, date=visit.scheduled_on.isoformat())
    return sent


def window_ending(now):
    """Remind shoppers whose visit's window ends within 24 h and who have not submitted."""
    sent = 0
    candidates = db.session.scalars(
        sa.select(Visit)
        .where(
            Visit.status.in_(HELD),
            Visit.shopper_id.is_not(None),
            Visit.window_end > now,
            Visit.window_end <= now + timedelta(hours=24),
        )
        .order_by(Visit.id)
    )
    for visit in list(candidates):
        key = f"reminder_window_ending:{visit.id}:{visit.window_end.isoformat()}"
        sent += _remind(visit, "reminder_window_ending", key)
    return sent


def send_reminders(now=None):
    """Write every reminder that is due and not yet written; return how many."""
    now = now or utcnow()
    return day_before(now) + window_ending(now)
