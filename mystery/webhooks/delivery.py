"""POST due webhook deliveries, signed; retry non-2xx answers with backoff for 24 hours."""

import hashlib
import hmac
import http.client
import logging
import socket
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app

from mystery.database import as_utc, utcnow
from mystery.extensions import db
from mystery.notifications.delivery import backoff, claim, next_due
from mystery.notifications.runner import register_drain
from mystery.webhooks import guard
from mystery.webhooks.models import Webhook, WebhookDelivery
from mystery.webhooks.services import allow_private

log = logging.getLogger(__name__)
USER_AGENT = "Mystery-Webhooks/1"


def signature(secret, body):
    """Return the X-Mystery-Signature value of a body: sha256=<hex HMAC-SHA256>."""
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, whatever DNS says now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to the checked address; the certificate is checked for the name."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout):
    """POST a body to a URL that passes the guard; return the answer's status code."""
    scheme, host, port, addresses = guard.check(url, allow_private())
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, addresses[0], timeout)
    try:
        connection.request("POST", path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()


def _attempt(row, webhook, config):
    """Send one delivery; return (delivered, status, error, refused by the guard)."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Mystery-Event": row.event,
        "X-Mystery-Delivery": row.uuid,
        "X-Mystery-Signature": signature(webhook.secret, row.body),
    }
    timeout = float(config.get("WEBHOOK_TIMEOUT") or 10)
    try:
        status = post(webhook.url, row.body, headers, timeout)
    except guard.UnsafeUrl as error:
        return False, None, f"Refused: {error}", True
    except (OSError, http.client.HTTPException) as error:
        return False, None, f"{type(error).__name__}: {error}", False
    if 200 <= status < 300:
        return True, status, None, False
    return False, status, f"HTTP {status}", False


def deliver_due(now=None):
    """POST every due delivery; return when the next one falls due (or None)."""
    config = current_app.config
    now = now or utcnow()
    window = timedelta(hours=float(config.get("WEBHOOK_RETRY_HOURS") or 24))
    for row_id in claim(WebhookDelivery, now):
        row = db.session.get(WebhookDelivery, row_id)
        webhook = db.session.get(Webhook, row.webhook_id)
        if webhook is None:
            row.status, row.last_error = "failed", "The webhook was deleted."
            db.session.commit()
            continue
        delivered, status, error, refused = _attempt(row, webhook, config)
        row.response_status, row.last_error = status, error
        if delivered:
            row.status, row.delivered_at = "delivered", utcnow()
        else:
            retry_at = now + timedelta(seconds=backoff(row.attempts, config))
            if refused or retry_at > as_utc(row.created_at) + window:
                log.warning("Webhook delivery %s given up: %s", row.uuid, error)
                row.status = "failed"
            else:
                row.next_attempt_at = retry_at
        db.session.commit()
    return next_due(WebhookDelivery)


register_drain(deliver_due)
