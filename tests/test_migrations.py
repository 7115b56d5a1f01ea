"""Migrations build exactly the schema the models describe, and run down and up again."""

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mystery import models  # noqa: F401  (every table on the metadata)
from mystery.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def schema_diffs(connection):
    """Return what autogenerate would add, drop or alter to make the database match the models."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def test_migrated_database_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        assert {"users", "clients", "stores", "checklists"} <= set(db.metadata.tables) <= tables
        assert schema_diffs(connection) == []


def flask_db(tmp_path, *args):
    """Run `flask --app mystery db …` against a SQLite file in tmp_path."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "MYSTERY_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "migration-test",
    }
    env.pop("FLASK_APP", None)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "mystery", "db", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def tables_in(engine):
    with engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_upgrade_downgrade_upgrade_on_a_fresh_sqlite_file(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        flask_db(tmp_path, "upgrade")
        assert tables_in(engine) == set(db.metadata.tables) | {"alembic_version"}

        flask_db(tmp_path, "downgrade", "base")
        assert tables_in(engine) - {"alembic_version"} == set()
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 0

        flask_db(tmp_path, "upgrade")
        assert tables_in(engine) == set(db.metadata.tables) | {"alembic_version"}
        with engine.connect() as connection:
            assert schema_diffs(connection) == []
            head = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
        assert head in flask_db(tmp_path, "heads").stdout
    finally:
        engine.dispose()
