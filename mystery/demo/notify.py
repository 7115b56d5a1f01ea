"""Demo of notifications and webhooks (DESIGN §14).

The field work already told everyone what happened to them (the lifecycle's signals wrote
the in-app notifications; without SMTP_HOST nothing is mailed). This adds what the field
work does not: a planned day and its reminder for the demo shopper, some notifications
read, and Kaffebaren's webhook with a history of deliveries (one retried after a 500).
"""

from datetime import timedelta

import sqlalchemy as sa

from mystery.database import utcnow
from mystery.extensions import db
from mystery.notifications.models import Notification
from mystery.notifications.reminders import send_reminders
from mystery.visits.models import Visit
from mystery.visits.schedule import schedule, window_days
from mystery.webhooks.models import Webhook, WebhookDelivery
from mystery.webhooks.receivers import visit_data
from mystery.webhooks.services import envelope

WEBHOOK_URL = "https://hooks.kaffebaren.example/mystery"
WEBHOOK_SECRET = "demo-webhook-secret"


def _tell_assigned():
    """Tell each shopper of the visits waiting for their answer (the field work assigns
    through `transition` alone, which leaves the announcement to the API's assign)."""
    from mystery.auth.models import User
    from mystery.notifications.receivers import visit_params
    from mystery.notifications.services import notify

    waiting = db.session.scalars(
        sa.select(Visit).where(Visit.status == "assigned").order_by(Visit.id)
    ).all()
    for visit in waiting:
        shopper = db.session.get(User, visit.shopper_id)
        notify(shopper, "visit_assigned", visit_params(visit), visit_id=visit.id)
    return len(waiting)


def _plan_a_visit(shopper, today):
    """Schedule the demo shopper's first accepted visit for tomorrow, or its first day."""
    visit = db.session.scalar(
        sa.select(Visit)
        .where(Visit.shopper_id == shopper.id, Visit.status == "accepted")
        .order_by(Visit.window_end, Visit.id)
    )
    if visit is None:
        return None
    first, last = window_days(visit)
    day = min(max(today + timedelta(days=1), first), last)
    return schedule(visit, shopper, day)


def _read_older(people):
    """Mark all but each user's three newest notifications read, so the bell shows a few."""
    for user in people.values():
        ids = db.session.scalars(
            sa.select(Notification.id)
            .where(Notification.user_id == user.id, Notification.channel == "app")
            .order_by(Notification.id.desc())
            .offset(3)
        ).all()
        if ids:
            db.session.execute(
                sa.update(Notification).where(Notification.id.in_(ids)).values(read_at=utcnow())
            )


def _webhook(coordinator, client):
    """Register Kaffebaren's webhook and write its recent deliveries as they went."""
    hook = Webhook(
        client_id=client.id,
        url=WEBHOOK_URL,
        events=["visit.approved", "visit.returned", "visit.submitted"],
        secret=WEBHOOK_SECRET,
        created_by=coordinator.id,
    )
    db.session.add(hook)
    db.session.flush()
    visits = db.session.scalars(
        sa.select(Visit)
        .where(Visit.status == "approved", Visit.wave_id.in_(_waves_of(client)))
        .order_by(Visit.approved_at.desc(), Visit.id)
        .limit(3)
    ).all()
    now = utcnow()
    histories = [  # (attempts, last answer, status)
        (1, 200, "delivered"),
        (2, 200, "delivered"),  # the receiver answered 500 first; the retry went through
        (1, 200, "delivered"),
    ]
    for index, (visit, (attempts, answer, status)) in enumerate(
        zip(visits, histories[: len(visits)], strict=True)
    ):
        created = now - timedelta(hours=index + 1)
        db.session.add(
            WebhookDelivery(
                webhook_id=hook.id,
                event="visit.approved",
                uuid=f"00000000-0000-4000-8000-{index + 1:012d}",
                body=envelope("visit.approved", visit_data(visit), created),
                status=status,
                attempts=attempts,
                response_status=answer,
                last_error=None,
                delivered_at=created + timedelta(seconds=30 * (attempts - 1) + 1),
                created_at=created,
            )
        )
    return hook, len(visits)


def _waves_of(client):
    from mystery.waves.models import Wave

    return sa.select(Wave.id).where(Wave.client_id == client.id)


def notify_demo(people, clients, today):
    """Add the planned day, its reminder, read notifications and the webhook; say how many."""
    _tell_assigned()
    _plan_a_visit(people["shopper@demo.mystery"], today)
    reminders = send_reminders()
    _read_older(people)
    _hook, deliveries = _webhook(people["coordinator@demo.mystery"], clients["Kaffebaren"])
    db.session.commit()
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Notification).where(Notification.channel == "app")
    )
    return count, reminders, deliveries
