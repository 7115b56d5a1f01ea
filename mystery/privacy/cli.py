"""`flask --app mystery purge --older-than DAYS`: the retention purge from cron or beat."""

import click
from flask import current_app
from flask.cli import with_appcontext

from mystery.extensions import db
from mystery.privacy.purge import purge


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Days since approval; defaults to RETENTION_DAYS.",
)
@with_appcontext
def purge_command(days):
    """Delete photos, comments and check-ins of visits approved more than DAYS ago."""
    if days is None:
        days = current_app.config.get("RETENTION_DAYS") or 0
        if not days:
            click.echo("Retention is off: set RETENTION_DAYS or pass --older-than DAYS.")
            return
    totals = purge(days)
    db.session.commit()
    click.echo(
        "Purged {visits} visits: {photos} photos, {comments} comments, "
        "{checkins} check-ins.".format(**totals)
    )
