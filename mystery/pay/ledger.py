"""The ledger follows the visit lifecycle: pending on submit, payable on approve, void on cancel.

Receivers of `mystery.visits.signals` run inside the lifecycle's transaction and only add or
change rows in its session; the lifecycle does not know the ledger exists.
"""

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_smorest import abort

from mystery.clients.models import Client
from mystery.extensions import db
from mystery.pay.models import PER_VISIT, LedgerEntry
from mystery.visits.signals import visit_approved, visit_cancelled, visit_submitted
from mystery.waves.models import Wave

ZERO = Decimal("0.00")


def _visit_entries(visit_id):
    """Return the visit's fee and expense entries by kind, locked for this transaction."""
    rows = db.session.scalars(
        sa.select(LedgerEntry)
        .where(LedgerEntry.visit_id == visit_id, LedgerEntry.kind.in_(PER_VISIT))
        .with_for_update()
    )
    return {row.kind: row for row in rows}


def _wave_and_currency(visit):
    """Return the visit's wave and the currency its client pays in."""
    return db.session.execute(
        sa.select(Wave, Client.currency)
        .join(Client, Client.id == Wave.client_id)
        .where(Wave.id == visit.wave_id)
    ).one()


def _expense_error(field, message):
    """Refuse the submission's expense with 422 naming the field."""
    abort(422, message=message, errors={"json": {"expense": {field: [message]}}})


def _record_fee(visit, wave, currency, entry):
    """Keep exactly one fee line per visit; a resubmission only refreshes a pending one."""
    if entry is None:
        if wave.fee is None or Decimal(wave.fee) <= 0:
            return
        db.session.add(
            LedgerEntry(
                shopper_id=visit.shopper_id,
                visit_id=visit.id,
                kind="fee",
                amount=Decimal(wave.fee),
                currency=currency,
                status="pending",
                note="",
            )
        )
    elif entry.status in ("pending", "void"):
        entry.status, entry.amount = "pending", Decimal(wave.fee)
        entry.shopper_id = visit.shopper_id


def record_expense(visit, wave, currency, expense, entry):
    """Reimburse the purchase up to the wave's cap, saying when the cap cut it."""
    if not expense:
        if entry is not None and entry.status == "pending":
            entry.status = "void"  # the resubmission dropped the expense
        return
    if expense.get("currency") and expense["currency"] != currency:
        _expense_error(
            "currency",
            _("This visit pays in %(currency)s.", currency=currency),
        )
    claimed = Decimal(expense["amount"])
    cap = Decimal(wave.expense_cap or ZERO)
    amount = min(claimed, cap)
    fields = {
        "shopper_id": visit.shopper_id,
        "amount": amount,
        "claimed": claimed,
        "capped": claimed > cap,
        "currency": currency,
        "status": "pending",
        "note": expense.get("description") or "",
        "receipt": expense.get("receipt"),
    }
    if entry is None:
        db.session.add(LedgerEntry(visit_id=visit.id, kind="expense", **fields))
    elif entry.status in ("pending", "void"):
        for name, value in fields.items():
            setattr(entry, name, value)


@visit_submitted.connect
def _record_pending(visit, submission=None, **_details):
    """Write the visit's fee (and expense) as pending: one of each however often it is sent."""
    wave, currency = _wave_and_currency(visit)
    entries = _visit_entries(visit.id)
    _record_fee(visit, wave, currency, entries.get("fee"))
    expense = submission.expense if submission is not None else None
    record_expense(visit, wave, currency, expense, entries.get("expense"))


@visit_approved.connect
def _make_payable(visit, **_details):
    """An approved visit's pending lines may be paid."""
    db.session.execute(
        sa.update(LedgerEntry)
        .where(LedgerEntry.visit_id == visit.id, LedgerEntry.status == "pending")
        .values(status="payable")
        .execution_options(synchronize_session="fetch")
    )


@visit_cancelled.connect
def _void_pending(visit, **_details):
    """A cancelled visit's pending lines are never paid."""
    db.session.execute(
        sa.update(LedgerEntry)
        .where(LedgerEntry.visit_id == visit.id, LedgerEntry.status == "pending")
        .values(status="void")
        .execution_options(synchronize_session="fetch")
    )
