"""Demo data: `flask --app mystery seed-demo`."""

import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create demo clients, stores, checklists, waves and visits, and print the logins."""
    from mystery.demo import seed_demo

    for line in seed_demo():
        click.echo(line)
