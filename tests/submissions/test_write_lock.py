"""SQLite: a writing request takes the write lock at its first write, not at its first read."""

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.visits.models import Visit


@pytest.fixture
def sqlite_app(app):
    if app.config["DATABASE_KIND"] != "sqlite":
        pytest.skip("the write lock is SQLite's")
    return app


def _raw():
    return db.session.connection().connection.dbapi_connection


def test_reads_of_a_writing_request_take_no_write_lock(sqlite_app):
    with sqlite_app.test_request_context(method="PUT"):
        db.session.scalar(sa.select(sa.func.count()).select_from(Visit))
        assert not _raw().in_transaction  # another writer may commit meanwhile
        db.session.scalar(sa.select(Visit).where(Visit.id == 1).with_for_update())
        assert _raw().in_transaction  # BEGIN IMMEDIATE before the locking read
        db.session.rollback()


def test_first_write_takes_the_write_lock(sqlite_app):
    with sqlite_app.test_request_context(method="POST"):
        db.session.execute(sa.update(Visit).where(Visit.id == 0).values(scenario="x"))
        assert _raw().in_transaction
        db.session.rollback()


def test_reads_of_a_reading_request_begin_deferred(sqlite_app):
    with sqlite_app.test_request_context(method="GET"):
        db.session.scalar(sa.select(sa.func.count()).select_from(Visit))
        assert _raw().in_transaction  # one snapshot for the whole read
        db.session.rollback()
