"""Fixtures: the app on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), factories, auth."""

import os
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mystery import create_app
from mystery.config import TestConfig
from mystery.extensions import db, limiter

REQUIRE_SERVICES = os.environ.get("MYSTERY_REQUIRE_SERVICES") == "1"
PASSWORD = "correct horse battery"
# Under pytest-xdist each worker (gw0, gw1, …) gets a PostgreSQL database and rate-limit
# keys of its own, so parallel workers never truncate or throttle each other.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_database(url):
    """Return `<db>_<worker>` of TEST_DATABASE_URL, creating it when it does not exist."""
    base = sa.engine.make_url(url)
    name = f"{base.database}_{WORKER}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


if WORKER and os.environ.get("TEST_DATABASE_URL"):
    # Every test that reads TEST_DATABASE_URL (migrations, CLI, Celery) then uses this one.
    os.environ["TEST_DATABASE_URL"] = _worker_database(os.environ["TEST_DATABASE_URL"])


def need(condition, reason):
    """Skip when a server or browser is missing, or fail in CI where it must exist."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (MYSTERY_REQUIRE_SERVICES=1 forbids skipping)")
    pytest.skip(reason)


def _database_params():
    return ["sqlite", "postgres"]


def _reset_schema(app):
    """Drop everything and build the schema from the migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


def _worker_limits():
    """Keep each xdist worker's rate-limit counters apart (limiter.reset() clears a prefix)."""
    if not WORKER or not TestConfig.RATELIMIT_STORAGE_URI.startswith("redis"):
        return {}
    return {"RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"LIMITS-{WORKER}"}}


@pytest.fixture(scope="session", params=_database_params())
def app(request, tmp_path_factory):
    """The application, with a freshly migrated database of the parametrised kind."""
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    if request.param == "postgres":
        url = os.environ.get("TEST_DATABASE_URL")
        need(url, "TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    else:
        url = f"sqlite:///{instance / 'test.db'}"
    os.environ["MYSTERY_INSTANCE_PATH"] = str(instance)
    app = create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": url,
            "MEDIA_ROOT": str(instance / "media"),
            **_worker_limits(),
        }
    )
    app.config["DATABASE_KIND"] = request.param
    _reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean(request):
    """Empty every table after each database test and reset the rate limits."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(sa.text("UPDATE visits SET current_submission_id = NULL"))
                for table in tables:
                    conn.execute(sa.text(f"DELETE FROM {table}"))
        limiter.reset()


def snapshot(obj):
    """Copy a row's column values into a plain namespace usable outside the session."""
    return SimpleNamespace(
        **{c.key: getattr(obj, c.key) for c in sa.inspect(obj).mapper.column_attrs}
    )


class ApiClient:
    """A test client that speaks JSON and carries the CSRF token after signing in."""

    def __init__(self, app, user=None):
        self.http = app.test_client()
        self.user = user
        self.headers = {}

    def login(self, email, password=PASSWORD):
        response = self.http.post("/api/v1/auth/login", json={"email": email, "password": password})
        if response.status_code == 200:
            self.headers["X-CSRF-Token"] = response.json["csrf_token"]
        return response

    def request(self, method, path, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.http.open(path, method=method, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def anon(app):
    """A client that has not signed in."""
    return ApiClient(app)


@pytest.fixture
def create_client(app):
    """Create a client (retail chain) row."""

    def make(name="Kaffebaren", locale="da", rotation_days=90, **extra):
        from mystery.clients.models import Client

        with app.app_context():
            row = Client(name=name, locale=locale, rotation_days=rotation_days, **extra)
            db.session.add(row)
            db.session.commit()
            return snapshot(row)

    return make


@pytest.fixture
def create_store(app, create_client):
    """Create a store, and a client for it unless one is given."""
    counter = iter(range(1, 10_000))

    def make(
        client_id=None,
        code=None,
        region="Hovedstaden",
        latitude=55.6761,
        longitude=12.5683,
        **extra,
    ):
        from mystery.stores.models import Store

        client_id = client_id or create_client().id
        number = next(counter)
        with app.app_context():
            row = Store(
                client_id=client_id,
                code=code or f"S{number:03d}",
                name=extra.pop("name", f"Store {number}"),
                address="Strøget 1",
                city="København",
                region=region,
                latitude=latitude,
                longitude=longitude,
                **extra,
            )
            db.session.add(row)
            db.session.commit()
            return snapshot(row)

    return make


@pytest.fixture
def create_user(app):
    """Create a user with the test password."""
    counter = iter(range(1, 10_000))

    def make(role="coordinator", email=None, client_id=None, **extra):
        from mystery.auth.models import User
        from mystery.auth.services import hash_password

        number = next(counter)
        with app.app_context():
            row = User(
                email=email or f"{role}{number}@example.com",
                name=f"{role.title()} {number}",
                role=role,
                locale=extra.pop("locale", "en"),
                password_hash=hash_password(PASSWORD),
                client_id=client_id,
                **extra,
            )
            db.session.add(row)
            db.session.commit()
            return snapshot(row)

    return make


@pytest.fixture
def auth(app, create_user, create_client):
    """Sign in as a new user of a role: auth("coordinator"), auth("client", client_id=…)."""

    def sign_in(role="coordinator", **extra):
        if role == "client" and "client_id" not in extra:
            extra["client_id"] = create_client().id
        user = create_user(role, **extra)
        api = ApiClient(app, user)
        response = api.login(user.email)
        assert response.status_code == 200, response.json
        return api

    return sign_in


def _translated_example():
    """The DESIGN §4 example with its section title in all three languages."""
    from tests.scoring.scoring_examples import example

    definition = example()
    definition["sections"][0]["title"] = {
        "en": "Service quality",
        "da": "Servicekvalitet",
        "sv": "Servicekvalitet",
    }
    return definition


EXAMPLE_DEFINITION = _translated_example()


@pytest.fixture
def create_checklist(app):
    """Create a checklist version for a client (published unless told otherwise)."""

    def make(client_id, definition=None, status="published", name="Store audit"):
        from mystery.checklists.models import Checklist
        from mystery.database import utcnow

        with app.app_context():
            row = Checklist(
                client_id=client_id,
                name=name,
                version=1,
                status=status,
                definition=definition or EXAMPLE_DEFINITION,
                published_at=utcnow() if status == "published" else None,
            )
            db.session.add(row)
            db.session.commit()
            return snapshot(row)

    return make


@pytest.fixture
def field(app, auth, create_client, create_store, create_checklist, create_user):
    """A programme ready for field work: client, 3 stores, checklist, coordinator, shopper."""
    from datetime import date, timedelta

    client = create_client(name="Kaffebaren", locale="da")
    stores = [
        create_store(client_id=client.id, latitude=55.6761 + i / 100, longitude=12.5683)
        for i in range(3)
    ]
    checklist = create_checklist(client.id)
    coordinator = auth("coordinator")
    shopper_user = create_user("shopper", home_latitude=55.70, home_longitude=12.57)
    shopper = ApiClient(app, shopper_user)
    shopper.login(shopper_user.email)
    today = date.today()

    def wave(store_ids=None, starts_on=None, ends_on=None, **extra):
        starts_on = starts_on or today
        body = {
            "client_id": client.id,
            "checklist_id": checklist.id,
            "name": "Wave 1",
            "starts_on": starts_on.isoformat(),
            "ends_on": (ends_on or starts_on + timedelta(days=14)).isoformat(),
            "fee": "350.00",
            "store_ids": store_ids or [s.id for s in stores],
            "visits_per_store": 1,
            **extra,
        }
        response = coordinator.post("/api/v1/waves", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return SimpleNamespace(
        client=client,
        stores=stores,
        checklist=checklist,
        coordinator=coordinator,
        shopper=shopper,
        shopper_user=shopper_user,
        wave=wave,
    )


def full_answers(**overrides):
    """Answers to the example checklist that score 100 %, with overrides by key."""
    values = {
        "greeted": True,
        "litter": False,
        "friendly": 5,
        "upsell": "yes",
        "queue": 60,
        "mood": "happy",
        "recommend": 9,
    }
    values.update(overrides)
    answers = [{"question": k, "value": v} for k, v in values.items() if v is not None]
    answers.append(
        {"question": "counter", "value": None, "media": ["7d0c5a56-0a57-4d0e-9a55-3c3f0c1d2e01"]}
    )
    return answers
