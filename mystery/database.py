"""Database helpers: UTC datetimes, SQLite tuning, paging of SELECTs, scoped lookups."""

import contextvars
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app, has_app_context, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import pagination as smorest_pagination
from flask_smorest.pagination import Page
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from mystery.errors import Invalid, NotFound
from mystery.extensions import db

# The last page a list may ask for: (page - 1) × page_size must fit a 64-bit OFFSET.
MAX_PAGE = 2**31 - 1
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# One sentence per kind of row, so each language can word it as its grammar wants.
NOT_FOUND = {
    "Action": _l("Action %(id)s not found."),
    "Appeal": _l("Appeal %(id)s not found."),
    "Certification": _l("Certification %(id)s not found."),
    "Ledger entry": _l("Ledger entry %(id)s not found."),
    "Payout": _l("Payout %(id)s not found."),
    "Checklist": _l("Checklist %(id)s not found."),
    "Client": _l("Client %(id)s not found."),
    "Media": _l("Media %(id)s not found."),
    "Store": _l("Store %(id)s not found."),
    "Submission": _l("Submission %(id)s not found."),
    "User": _l("User %(id)s not found."),
    "Visit": _l("Visit %(id)s not found."),
    "Wave": _l("Wave %(id)s not found."),
}


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def as_utc(value):
    """Return an aware datetime in UTC, as it reads back from the database (None stays)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Store datetimes as naive UTC and hand them back timezone-aware.

    SQLite keeps no offset, so normalising to UTC makes both databases behave alike.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


@sa.event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record):
    """Turn on WAL, a busy timeout and foreign keys; let SQLAlchemy emit BEGIN itself."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    timeout = current_app.config["SQLITE_BUSY_TIMEOUT_MS"] if has_app_context() else 30000
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(timeout)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Set inside `reading()`: transactions begun there only read, so SQLite begins them deferred.
_reading = contextvars.ContextVar("mystery_reading", default=False)


@contextmanager
def reading():
    """Begin the transactions of this block as reads: on SQLite they never take the write lock.

    A job that reads for a long while (the contexts of a bulk report run) must not keep
    sign-ins and syncs waiting; in WAL mode a deferred read does not block writers. The block
    must not write; end its transaction (rollback) before leaving it.
    """
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


# Statements that only read: a writing request's SQLite transaction begins after them.
_READS = ("SELECT", "PRAGMA", "BEGIN")


@sa.event.listens_for(Engine, "begin")
def _begin_sqlite(conn):
    """Begin reads deferred; let a writing request take the write lock at its first write.

    pysqlite dialect recipe: SQLAlchemy emits BEGIN itself. A deferred transaction that
    later writes can fail with "database is locked" without waiting, so a writing request
    begins nothing here: its reads run as their own short reads (as READ COMMITTED does on
    PostgreSQL) and `_write_lock_late` sends BEGIN IMMEDIATE, which waits on the busy timeout,
    just before its first write or `FOR UPDATE` read. Sign-in checks, validation and scoring
    then run without holding the database's one write lock.
    """
    if conn.dialect.name != "sqlite":
        return
    if _reading.get() or (has_request_context() and request.method in READ_METHODS):
        conn.exec_driver_sql("BEGIN")


@sa.event.listens_for(Engine, "before_cursor_execute")
def _write_lock_late(conn, _cursor, statement, _parameters, context, _executemany):
    """Send BEGIN IMMEDIATE before the first statement that writes or locks (see above)."""
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if raw.in_transaction or not conn.in_transaction():
        return  # a transaction is open already, or SQLAlchemy runs this without one
    compiled = getattr(context, "compiled", None)
    locks = getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None
    if locks or not statement.lstrip()[:6].upper().startswith(_READS):
        raw.execute("BEGIN IMMEDIATE")


class SelectPage(Page):
    """Page through a SQLAlchemy select with COUNT and OFFSET/LIMIT."""

    @property
    def item_count(self):
        counted = sa.select(sa.func.count()).select_from(self.collection.order_by(None).subquery())
        return db.session.scalar(counted)

    @property
    def items(self):
        params = self.page_params
        statement = self.collection.offset(params.first_item).limit(params.page_size)
        return list(db.session.scalars(statement))


def _bounded_pages(factory):
    """Wrap flask-smorest's page-arguments factory so `page` stops where OFFSET still fits."""

    def make(def_page, def_page_size, def_max_page_size):
        base = factory(def_page, def_page_size, def_max_page_size)

        class BoundedPaginationParameters(base):
            page = ma.fields.Integer(load_default=def_page, validate=ma.validate.Range(1, MAX_PAGE))

        return BoundedPaginationParameters

    return make


class Blueprint(SmorestBlueprint):
    """flask-smorest blueprint whose lists default to generous pages."""

    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 100, "max_page_size": 1000}

    def paginate(self, *args, **kwargs):
        """Paginate as flask-smorest does, with `page` bounded (a huge one overflowed OFFSET)."""
        factory = smorest_pagination._pagination_parameters_schema_factory
        smorest_pagination._pagination_parameters_schema_factory = _bounded_pages(factory)
        try:
            return super().paginate(*args, **kwargs)
        finally:
            smorest_pagination._pagination_parameters_schema_factory = factory


def get_or_404(model, ident, visible=None):
    """Load a row by id, answering 404 when missing or outside what the caller may see."""
    statement = sa.select(model).where(model.id == ident)
    if visible is not None:
        statement = visible(statement)
    row = db.session.scalar(statement)
    if row is None:
        raise NotFound(message=not_found(model.__name__, ident))
    return row


def not_found(kind, ident):
    """Say that a row of this kind with this id does not exist, in the caller's language."""
    message = NOT_FOUND.get(kind)
    if message is None:
        return _("%(kind)s %(id)s not found.", kind=kind, id=ident)
    return str(message) % {"id": ident}


def select_page(decorate):
    """Make a SelectPage whose items pass through `decorate` (extra fields, batch loads)."""

    class DecoratedPage(SelectPage):
        @property
        def items(self):
            return decorate(super().items)

    return DecoratedPage


@contextmanager
def unique_or_422(field, message):
    """Turn a unique-constraint race (two requests, one value) into the 422 a check gives."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise Invalid(message=message, errors={"json": {field: [message]}}) from None


# One transaction owner: a request commits once, after its view, and only on success;
# services flush. Work that must wait for the commit (a job handed to a worker, an
# outbox delivery) registers itself with `after_commit`.
def commit_request(response):
    """Commit the request's work on a success answer; roll it back on any error answer."""
    if request.method in READ_METHODS:
        return response  # reads write nothing; a streamed body still needs its objects
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def after_commit(callback):
    """Run `callback()` once the current transaction has committed; drop it on rollback."""
    db.session.info.setdefault("after_commit", []).append(callback)


def after_rollback(callback):
    """Run `callback()` if the current transaction rolls back (to undo files written for it)."""
    db.session.info.setdefault("after_rollback", []).append(callback)


def end_read():
    """End a transaction that has only read, before slow work outside the database.

    On SQLite a writing request holds the database's write lock from its first write or
    locking read; ending the transaction lets other writers in while, say, a photo is
    decoded. The request still owns the commit: what is written afterwards is committed
    (or rolled back) by it.
    """
    session = db.session
    if session.new or session.dirty or session.deleted or session.info.get("after_rollback"):
        raise RuntimeError("end_read() after a write would throw the write away.")
    session.rollback()


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _run_after_commit(session):
    session.info.pop("after_rollback", None)
    callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a side effect must never undo or fail the committed work
            current_app.logger.exception("after-commit callback failed")


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _drop_after_commit(session):
    session.info.pop("after_commit", None)


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _run_after_rollback(session, previous_transaction):
    # After the outermost rollback has finished, so a callback may query again.
    if previous_transaction.parent is not None or previous_transaction.nested:
        return
    for callback in session.info.pop("after_rollback", []):
        try:
            callback()
        except Exception:  # an undo that fails leaves a file behind, nothing worse
            current_app.logger.exception("after-rollback callback failed")
