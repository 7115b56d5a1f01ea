"""Connect the receivers and outbox drains of notifications and webhooks (imported once)."""

from mystery.notifications import delivery, receivers  # noqa: F401
from mystery.webhooks import delivery as webhook_delivery  # noqa: F401
from mystery.webhooks import receivers as webhook_receivers  # noqa: F401
