"""Data-subject requests: everything stored about a person, and anonymising them.

The export walks every table with a foreign key to users, so a table a later feature adds
(ledger, notifications, ...) is exported the day it exists. Secrets are never exported.
Both are written to the audit log (DESIGN §17: "each logged"): who, about whom, when.
"""

import secrets
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from mystery.auth.models import ApiToken, PasswordResetToken
from mystery.auth.remember import forget_user
from mystery.database import utcnow
from mystery.errors import Conflict
from mystery.extensions import db
from mystery.notifications.models import Notification
from mystery.privacy.unattribute import refuse_draft_payouts, unattribute_payouts
from mystery.visits.audit import log_person_event

SECRET_COLUMNS = frozenset({"password_hash", "password_digest", "token_hash", "secret"})
# Sign-in plumbing, not data about the person: a row is a hashed credential and its expiry.
SECRET_TABLES = frozenset({"remember_tokens", "password_reset_tokens"})
# What anonymisation replaces, one line per field: a value, or a function of the user.
# Fields a deployment lacks (the pay feature adds phone, iban, bic) are skipped.
ANONYMISED_FIELDS = {
    "name": lambda user: _("Anonymised user %(id)s", id=user.id),
    "email": lambda user: f"anonymised-{user.id}@anonymised.invalid",
    "phone": None,
    "iban": None,
    "bic": None,
    "home_latitude": None,
    "home_longitude": None,
}


def _plain(value):
    """Turn a column value into something JSON can carry."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _rows(table, where):
    """Return the table's rows matching `where` as dicts, secrets left out."""
    columns = [c for c in table.columns if c.name not in SECRET_COLUMNS]
    result = db.session.execute(sa.select(*columns).where(where).order_by(*table.primary_key))
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in result]


def export_person(user):
    """Return everything stored about a user: their row and every row that points at them."""
    users = db.metadata.tables["users"]
    data = {"user": _rows(users, users.c.id == user.id)[0], "generated_at": utcnow().isoformat()}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is users and table is not users and table.name not in SECRET_TABLES:
                rows = _rows(table, fk.parent == user.id)
                if rows:
                    data.setdefault(table.name, []).extend(
                        r for r in rows if r not in data.get(table.name, [])
                    )
    return data


def log_export(actor, user, data):
    """Record that a person's data was exported: who, whom, when, how many rows, no data."""
    rows = 1 + sum(len(rows) for rows in data.values() if isinstance(rows, list))
    log_person_event(actor, user, "export", note=f"rows={rows}")
    db.session.flush()


def anonymise(actor, user):
    """Replace a person's identity, end their sign-in; their visits, scores and ledger stay."""
    if user.id == actor.id:
        raise Conflict(
            message=_("You cannot anonymise your own account."),
            errors={"user": [_("Ask another admin.")]},
        )
    refuse_draft_payouts(user)
    first_time = user.anonymised_at is None
    for field, replacement in ANONYMISED_FIELDS.items():
        if not hasattr(user, field):
            continue
        setattr(user, field, replacement(user) if callable(replacement) else replacement)
    # No password matches a random string that is not a hash; tokens and sessions end.
    user.password_hash = "!anonymised:" + secrets.token_hex(16)
    user.active = False
    user.anonymised_at = user.anonymised_at or utcnow()
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(sa.delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    forget_user(user.id)
    # Their messages carry their address and would still be mailed to it; nobody reads them now.
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    unattribute_payouts(user)
    if first_time:
        # Like the purge, a second run changes nothing and logs nothing.
        log_person_event(actor, user, "anonymise")
    db.session.flush()
    current_app.logger.info("user %s anonymised by user %s", user.id, actor.id)
    return user
