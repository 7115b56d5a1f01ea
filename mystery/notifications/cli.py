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

    celery = bool(current_app.config.get("CELERY_BROKER_URL"))
    if not celery:  # no web process here to deliver afterwards: this command does, below
        current_app.config["NOTIFY_DELIVERY"] = "manual"
    count = send_reminders()
    db.session.commit()
    if not celery:  # with Celery the commit handed delivery to the workers
        drain_all()
    click.echo(f"Sent {count} reminders.")
