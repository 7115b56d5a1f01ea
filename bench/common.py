"""Benchmark helpers: a throwaway database, a seeded programme, a 60-question checklist."""

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def sixty_question_checklist():
    """Return a 60-question definition using the scored types, in 4 sections."""
    kinds = [
        {"type": "yes_no"},
        {"type": "scale", "min": 1, "max": 5},
        {
            "type": "choice",
            "options": [
                {"value": "a", "label": "A", "score": 1},
                {"value": "b", "label": "B", "score": 0.5},
            ],
        },
        {"type": "wait_time", "bands": [{"max_seconds": 120, "score": 1}]},
        {"type": "smiley"},
    ]
    sections = []
    for s in range(4):
        questions = [
            {"key": f"q{s}_{i}", "text": f"Question {s}.{i}", **kinds[i % len(kinds)]}
            for i in range(15)
        ]
        sections.append(
            {"key": f"s{s}", "title": f"Section {s}", "weight": 1 + s, "questions": questions}
        )
    return {"sections": sections}


def answers_for(definition):
    """Return full answers for a definition built by sixty_question_checklist."""
    values = {"yes_no": True, "scale": 4, "choice": "b", "wait_time": 90, "smiley": "happy"}
    return [
        {"question": q["key"], "value": values[q["type"]]}
        for section in definition["sections"]
        for q in section["questions"]
    ]


def seed_programme(database_url, visits, instance):
    """Migrate a fresh database and create a shopper with `visits` accepted visits."""
    os.environ["MYSTERY_INSTANCE_PATH"] = instance
    from mystery import create_app
    from mystery.auth.models import User
    from mystery.auth.services import create_token, hash_password
    from mystery.checklists.models import Checklist
    from mystery.clients.models import Client
    from mystery.extensions import db
    from mystery.stores.models import Store
    from mystery.visits.models import Visit
    from mystery.waves.models import Wave

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        definition = sixty_question_checklist()
        client = Client(name="Bench", locale="en")
        db.session.add(client)
        db.session.flush()
        store = Store(
            client_id=client.id, code="B1", name="Bench store", latitude=55.0, longitude=12.0
        )
        checklist = Checklist(
            client_id=client.id, name="Bench", status="published", definition=definition
        )
        db.session.add_all([store, checklist])
        db.session.flush()
        today = date.today()
        wave = Wave(
            client_id=client.id,
            checklist_id=checklist.id,
            name="Bench",
            starts_on=today,
            ends_on=today + timedelta(days=30),
        )
        shopper = User(
            email="bench@example.com",
            name="Bench",
            role="shopper",
            password_hash=hash_password("bench-password"),
        )
        db.session.add_all([wave, shopper])
        db.session.flush()
        from datetime import UTC, datetime

        start = datetime.now(UTC)
        db.session.execute(
            Visit.__table__.insert(),
            [
                {
                    "wave_id": wave.id,
                    "store_id": store.id,
                    "shopper_id": shopper.id,
                    "window_start": start.replace(tzinfo=None),
                    "window_end": (start + timedelta(days=30)).replace(tzinfo=None),
                    "scenario": "",
                    "status": "accepted",
                    "created_at": start.replace(tzinfo=None),
                    "updated_at": start.replace(tzinfo=None),
                }
                for _ in range(visits)
            ],
        )
        _row, token = create_token(shopper, "bench")
        visit_ids = [
            v
            for (v,) in db.session.execute(
                db.select(Visit.id).where(Visit.shopper_id == shopper.id).order_by(Visit.id)
            )
        ]
        db.session.commit()
        db.engine.dispose()
    return token, visit_ids, definition


class Server:
    """A gunicorn serving the app on a free port, stopped on exit."""

    def __init__(self, database_url, instance, workers=4, port=5099):
        self.port = port
        # Kept open for the server's lifetime: gunicorn writes its log into it.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="gunicorn-", suffix=".log", delete=False
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "MYSTERY_INSTANCE_PATH": instance,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
        self.process = subprocess.Popen(
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--backlog",
                "2048",
                "mystery:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(self.url + "/api/v1/health").status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start: " + self.log_text()[-2000:])

    def log_text(self):
        with open(self.log.name) as handle:
            return handle.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def postgres_url():
    """Return the benchmark PostgreSQL URL, creating the database, or None if unreachable."""
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        base = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        import psycopg

        server = base.rsplit("/", 1)[0].replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS mystery_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE mystery_bench")
        return base.rsplit("/", 1)[0] + "/mystery_bench"
    except Exception as error:
        print(f"PostgreSQL unavailable ({error}); skipping it.")
        return None
