"""Command line: create-user and seed-demo."""

import re

import pytest
import sqlalchemy as sa

from mystery.auth.models import User
from mystery.extensions import db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def run_create_user(app, *extra, email="cli@example.com", role="coordinator"):
    """Run `create-user` with valid options plus extras."""
    args = ["create-user", "--email", email, "--password", "long enough password"]
    args += ["--role", role, "--name", "Cli User", *extra]
    return app.test_cli_runner().invoke(args=args)


def users(app):
    with app.app_context():
        return [(u.email, u.role, u.client_id) for u in db.session.scalars(sa.select(User))]


def test_create_user(app, anon):
    result = run_create_user(app, "--locale", "da", email="CLI@Example.com")
    assert result.exit_code == 0, result.output
    assert "Created coordinator cli@example.com" in result.output
    assert users(app) == [("cli@example.com", "coordinator", None)]
    response = anon.login("cli@example.com", "long enough password")
    assert response.status_code == 200
    assert response.json["user"]["locale"] == "da"


def test_create_client_user_with_client(app, create_client):
    client = create_client()
    result = run_create_user(app, "--client-id", str(client.id), role="client")
    assert result.exit_code == 0, result.output
    assert users(app) == [("cli@example.com", "client", client.id)]


def test_refuses_a_bad_role(app):
    result = run_create_user(app, role="owner")
    assert result.exit_code == 2
    assert "Invalid value for '--role'" in result.output
    assert users(app) == []


def test_refuses_a_duplicate_email(app, create_user):
    create_user("shopper", email="cli@example.com")
    result = run_create_user(app, email="Cli@EXAMPLE.com")
    assert result.exit_code == 1
    assert "already registered" in result.output
    assert users(app) == [("cli@example.com", "shopper", None)]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [((), "Required for client users."), (("--client-id", "999"), "Client 999 does not exist.")],
)
def test_refuses_a_client_user_without_a_real_client(app, extra, expected):
    result = run_create_user(app, *extra, role="client")
    assert result.exit_code == 1
    assert expected in result.output
    assert users(app) == []


def test_refuses_invalid_fields(app):
    args = ["create-user", "--email", "a@example.com", "--password", "short"]
    short = app.test_cli_runner().invoke(args=[*args, "--role", "shopper", "--name", "A"])
    assert short.exit_code == 1
    assert "password" in short.output
    email = run_create_user(app, email="not-an-email")
    assert email.exit_code == 1
    assert "email" in email.output
    assert users(app) == []


def test_seed_demo_prints_logins_that_exist(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo logins" in result.output
    printed = set(EMAIL.findall(result.output))
    stored = {email for email, _role, _client in users(app)}
    assert printed and printed <= stored
