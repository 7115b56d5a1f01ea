"""Command line: `flask --app mystery …`, also installed as `mystery …`."""

import click
from flask.cli import with_appcontext
from flask_login import AnonymousUserMixin

from mystery.auth.models import LOCALES, ROLES
from mystery.errors import DomainError, click_error
from mystery.extensions import db
from mystery.reports.cli import render_report_command


class _System(AnonymousUserMixin):
    """The actor of command-line changes: may create users of any role."""

    role = "admin"
    is_staff = True


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--name", required=True)
@click.option("--locale", default="en", type=click.Choice(LOCALES))
@click.option("--client-id", type=int, default=None)
@with_appcontext
def create_user_command(email, password, role, name, locale, client_id):
    """Create a user."""
    from marshmallow import ValidationError

    from mystery.users.schemas import UserCreateSchema
    from mystery.users.services import create_user

    try:
        data = UserCreateSchema().load(
            {
                "email": email,
                "password": password,
                "role": role,
                "name": name,
                "locale": locale,
                "client_id": client_id,
            }
        )
        user = create_user(_System(), data)
        db.session.commit()
    except ValidationError as error:
        raise click.ClickException(f"Invalid: {error.messages}") from error
    except DomainError as error:
        db.session.rollback()
        raise click_error(error) from error
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


def register_commands(app):
    """Attach the project's commands to the app's CLI."""
    app.cli.add_command(create_user_command)
    from mystery.seed import seed_demo_command

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(render_report_command)
    from mystery.privacy.cli import purge_command

    app.cli.add_command(purge_command)
    from mystery.notifications.cli import send_reminders_command

    app.cli.add_command(send_reminders_command)
