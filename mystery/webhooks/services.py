"""Register webhooks and queue their deliveries in the event's transaction."""

import json
import uuid

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_smorest import abort

from mystery.database import get_or_404, utcnow
from mystery.extensions import db
from mystery.notifications.services import request_delivery
from mystery.webhooks import guard
from mystery.webhooks.models import Webhook, WebhookDelivery


def allow_private():
    """Tell whether webhooks may point inside (WEBHOOK_ALLOW_PRIVATE=1, for tests and labs)."""
    return str(current_app.config.get("WEBHOOK_ALLOW_PRIVATE") or "0") in ("1", "true", "True")


def create_webhook(actor, data):
    """Register a webhook after checking that its URL points outside."""
    from mystery.clients.models import Client

    if data.get("client_id") is not None:
        get_or_404(Client, data["client_id"])
    try:
        # A name that does not resolve yet is allowed; delivery checks it again.
        guard.check(data["url"], allow_private(), must_resolve=False)
    except guard.UnsafeUrl as error:
        message = str(error.reason)
        abort(422, message=message, errors={"json": {"url": [message]}})
    webhook = Webhook(
        client_id=data.get("client_id"),
        url=data["url"],
        events=sorted(set(data["events"])),
        secret=data["secret"],
        created_by=actor.id,
    )
    db.session.add(webhook)
    db.session.flush()
    return webhook


def list_webhooks():
    """Return a select of every webhook, oldest first."""
    return sa.select(Webhook).order_by(Webhook.id)


def get_webhook_or_404(webhook_id):
    """Load a webhook, or answer 404."""
    row = db.session.get(Webhook, webhook_id)
    if row is None:
        abort(404, message=_("Webhook %(id)s not found.", id=webhook_id))
    return row


def delete_webhook(webhook):
    """Remove a webhook and its deliveries."""
    db.session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    db.session.delete(webhook)
    db.session.flush()


def list_deliveries(webhook):
    """Return a select of a webhook's deliveries, newest first."""
    return (
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id)
        .order_by(WebhookDelivery.id.desc())
    )


def subscribers(event, client_id):
    """Return the webhooks that hear of `event` for this client (or for every client)."""
    statement = sa.select(Webhook).order_by(Webhook.id)
    if client_id is not None:
        statement = statement.where(
            sa.or_(Webhook.client_id.is_(None), Webhook.client_id == client_id)
        )
    else:
        statement = statement.where(Webhook.client_id.is_(None))
    return [hook for hook in db.session.scalars(statement) if event in (hook.events or [])]


def envelope(event, data, now):
    """Return the body POSTed for an event: {"event", "id", "created_at", "data"} as JSON."""
    body = {"event": event, "id": str(uuid.uuid4()), "created_at": now.isoformat(), "data": data}
    return json.dumps(body, separators=(",", ":"), sort_keys=True, default=str)


def emit(event, client_id, data):
    """Queue a delivery of `event` to every webhook that hears of it; sent after commit."""
    hooks = subscribers(event, client_id)
    if not hooks:
        return []
    now = utcnow()
    body = envelope(event, data, now)
    rows = [
        WebhookDelivery(
            webhook_id=hook.id,
            event=event,
            uuid=str(uuid.uuid4()),
            body=body,
            status="pending",
            next_attempt_at=now,
            created_at=now,
        )
        for hook in hooks
    ]
    db.session.add_all(rows)
    request_delivery()
    return rows
