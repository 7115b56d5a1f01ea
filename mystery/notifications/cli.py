"""`flask --app mystery send-reminders`: what is due, once each however often it runs."""

import click
from flask.cli import with_appcontext

from mystery.extensions import db


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """Send the reminders that are due (idempotent: run it from cron as often as you like)."""
    from flask import current_app

    from mystery.notifications.reminders import send_reminders
    from mystery.notifications.runner import drain_all

    config = current_app.config
    celery = bool(config.get("CELERY_BROKER_URL"))
    before = config.get("NOTIFY_DELIVERY")
    if not celery:  # no web process here to deliver afterwards: this command does, below
        config["NOTIFY_DELIVERY"] = "manual"
    try:
        count = send_reminders()
        db.session.commit()
    finally:
        config["NOTIFY_DELIVERY"] = before
    if not celery:  # with Celery the commit handed delivery to the workers
        drain_all()
    click.echo(f"Sent {count} reminder{'' if count == 1 else 's'}.")
