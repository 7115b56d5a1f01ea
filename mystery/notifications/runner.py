"""Run outbox deliveries after the commit: a Celery task when a broker is set, else a thread.

The same machinery as report jobs (DESIGN §9): with CELERY_BROKER_URL the web process only
sends a task to the report workers' queue; without it one background thread per process
drains the outbox, and wakes again when the earliest retry falls due.
"""

import logging
import threading

from mystery.database import utcnow
from mystery.extensions import db

log = logging.getLogger(__name__)

# Each outbox registers a function deliver_due(now=None) -> the next due time (or None).
DRAINS = []
# The longest the thread sleeps before looking again (rows added by another process).
MAX_SLEEP = 60.0


def register_drain(drain):
    """Add an outbox to what the worker delivers (notifications, webhooks…)."""
    if drain not in DRAINS:
        DRAINS.append(drain)


def drain_all(now=None):
    """Deliver what is due in every outbox; return the earliest time more falls due."""
    upcoming = []
    for drain in DRAINS:
        try:
            following = drain(now)
        except Exception:
            log.exception("Delivering %s failed", getattr(drain, "__module__", drain))
            db.session.rollback()
            following = None
        finally:
            db.session.remove()
        if following is not None:
            upcoming.append(following)
    return min(upcoming) if upcoming else None


def dispatch(app):
    """Have what is due delivered now, by Celery or by this process's thread."""
    if app.config.get("NOTIFY_DELIVERY") == "manual":  # tests drive delivery themselves
        return
    broker = app.config.get("CELERY_BROKER_URL")
    if broker:
        from mystery.jobs.dispatch import celery_client, report_queue

        celery_client(broker).send_task(
            "mystery.notifications.deliver", queue=report_queue(app.config)
        )
        return
    Deliverer.of(app).wake()


class Deliverer:
    """One background thread per web process that drains the outboxes and sleeps till due."""

    def __init__(self, app):
        self.app = app
        self.event = threading.Event()
        self.thread = None
        self.lock = threading.Lock()

    @classmethod
    def of(cls, app):
        """Return the app's deliverer."""
        with _lock:
            return app.extensions.setdefault("mystery.notifications.deliverer", cls(app))

    def wake(self):
        """Make the thread look at the outboxes now, starting it if needed."""
        self.event.set()
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name="outbox-delivery", daemon=True
                )
                self.thread.start()

    def _loop(self):
        while True:
            self.event.clear()
            try:
                with self.app.app_context():
                    following = drain_all()
            except Exception:
                log.exception("The outbox delivery thread failed")
                following = None
            if following is None:
                # Nothing pending: wait for the next event, or look again now and then.
                if not self.event.wait(MAX_SLEEP):
                    with self.lock:
                        if not self.event.is_set():
                            self.thread = None
                            return
                continue
            delay = max(0.0, min((following - utcnow()).total_seconds(), MAX_SLEEP))
            self.event.wait(delay)


_lock = threading.Lock()
