"""Celery tasks of the outboxes, on the report workers' app, and the beat schedule.

`make worker` runs them with the report jobs; `make beat` runs Celery beat with this module,
which sends reminders every 15 minutes and sweeps the outboxes for retries every 30 seconds.
"""

from mystery.worker import celery, flask_app

celery.conf.beat_schedule = {
    "send-reminders": {"task": "mystery.notifications.send_reminders", "schedule": 15 * 60.0},
    "deliver-outboxes": {"task": "mystery.notifications.deliver", "schedule": 30.0},
}
app = celery


@celery.task(name="mystery.notifications.deliver")
def deliver():
    """Send every due e-mail and webhook delivery."""
    from mystery.notifications.runner import drain_all

    with flask_app().app_context():
        drain_all()


@celery.task(name="mystery.notifications.send_reminders")
def send_reminders():
    """Write the reminders that are due (each once) and have them delivered."""
    from mystery.extensions import db
    from mystery.notifications.reminders import send_reminders as write_reminders

    with flask_app().app_context():
        write_reminders()
        db.session.commit()
