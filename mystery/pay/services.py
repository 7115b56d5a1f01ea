"""Reading the ledger, and the bonuses and adjustments coordinators add to it."""

from collections import defaultdict
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_smorest import abort

from mystery.auth.models import User
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.pay.models import STATUSES, LedgerEntry
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave

ZERO = Decimal("0.00")


def _field_error(field, message):
    abort(422, message=message, errors={"json": {field: [message]}})


def entry_detail(entry):
    """Say in the reader's language when an expense was cut to the wave's cap."""
    if entry.kind == "expense" and entry.capped:
        return _(
            "%(claimed)s %(currency)s claimed; reimbursed up to the cap of "
            "%(amount)s %(currency)s.",
            claimed=f"{entry.claimed:.2f}",
            amount=f"{entry.amount:.2f}",
            currency=entry.currency,
        )
    return None


def present_entries(entries):
    """Dump ledger rows with their visit's wave, store and date, in three queries at most."""
    visit_ids = {e.visit_id for e in entries if e.visit_id is not None}
    visits = {}
    if visit_ids:
        rows = db.session.execute(
            sa.select(Visit.id, Visit.wave_id, Wave.name, Store.name, Visit.submitted_at)
            .join(Wave, Wave.id == Visit.wave_id)
            .join(Store, Store.id == Visit.store_id)
            .where(Visit.id.in_(visit_ids))
        )
        visits = {row[0]: row[1:] for row in rows}
    shopper_ids = {e.shopper_id for e in entries}
    names = dict(
        db.session.execute(sa.select(User.id, User.name).where(User.id.in_(shopper_ids))).all()
        if shopper_ids
        else []
    )
    out = []
    for entry in entries:
        wave_id, wave_name, store_name, visit_date = visits.get(entry.visit_id, (None,) * 4)
        out.append(
            {
                "id": entry.id,
                "shopper_id": entry.shopper_id,
                "shopper_name": names.get(entry.shopper_id),
                "visit_id": entry.visit_id,
                "kind": entry.kind,
                "amount": entry.amount,
                "currency": entry.currency,
                "status": entry.status,
                "note": entry.note or "",
                "claimed": entry.claimed,
                "capped": entry.capped,
                "detail": entry_detail(entry),
                "receipt": entry.receipt,
                "payout_id": entry.payout_id,
                "created_at": entry.created_at,
                "wave_id": wave_id,
                "wave_name": wave_name,
                "store_name": store_name,
                "visit_date": visit_date,
            }
        )
    return out


def totals_of(entries):
    """Sum amounts per currency and status: {currency: {status: Decimal}}."""
    totals = defaultdict(lambda: dict.fromkeys(STATUSES, ZERO))
    for entry in entries:
        totals[entry.currency][entry.status] += Decimal(entry.amount)
    return dict(totals)


def earnings(shopper):
    """Return a shopper's own ledger, newest first, with totals per status."""
    entries = db.session.scalars(
        sa.select(LedgerEntry)
        .where(LedgerEntry.shopper_id == shopper.id)
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
    ).all()
    by_currency = totals_of(entries)
    # The headline currency: the newest line's, which is what the shopper earns in now.
    currency = entries[0].currency if entries else None
    return {
        "currency": currency,
        "totals": by_currency.get(currency, dict.fromkeys(STATUSES, ZERO)),
        "by_currency": by_currency,
        "entries": present_entries(entries),
    }


def ledger_query(shopper_id=None, wave_id=None, visit_id=None, status=None, kind=None, **args):
    """Select ledger lines for coordinators, filtered, newest first."""
    statement = sa.select(LedgerEntry).order_by(
        LedgerEntry.created_at.desc(), LedgerEntry.id.desc()
    )
    if shopper_id is not None:
        statement = statement.where(LedgerEntry.shopper_id == shopper_id)
    if wave_id is not None:
        statement = statement.where(
            LedgerEntry.visit_id.in_(sa.select(Visit.id).where(Visit.wave_id == wave_id))
        )
    if visit_id is not None:
        statement = statement.where(LedgerEntry.visit_id == visit_id)
    if status:
        statement = statement.where(LedgerEntry.status == status)
    if kind:
        statement = statement.where(LedgerEntry.kind == kind)
    if args.get("currency"):
        statement = statement.where(LedgerEntry.currency == args["currency"])
    return statement


def _shopper_or_422(shopper_id):
    shopper = db.session.get(User, shopper_id)
    if shopper is None or shopper.role != "shopper":
        _field_error("shopper_id", _("User %(id)s is not a shopper.", id=shopper_id))
    return shopper


def _currency_of_visit(visit_id, shopper_id):
    """Return the currency the visit's client pays in, or answer 422 on `visit_id`."""
    row = db.session.execute(
        sa.select(Visit.shopper_id, Client.currency)
        .join(Wave, Wave.id == Visit.wave_id)
        .join(Client, Client.id == Wave.client_id)
        .where(Visit.id == visit_id)
    ).one_or_none()
    if row is None:
        _field_error("visit_id", _("Visit %(id)s not found.", id=visit_id))
    if row[0] != shopper_id:
        _field_error("visit_id", _("Visit %(id)s is not this shopper's visit.", id=visit_id))
    return row[1]


def add_entry(actor, data):
    """Grant a bonus or book an adjustment; it is payable at once."""
    shopper = _shopper_or_422(data["shopper_id"])
    amount, currency = data["amount"], data.get("currency")
    if data["visit_id"] is not None:
        visit_currency = _currency_of_visit(data["visit_id"], shopper.id)
        if currency and currency != visit_currency:
            _field_error(
                "currency",
                _("The visit's client pays in %(currency)s.", currency=visit_currency),
            )
        currency = visit_currency
    elif not currency:
        _field_error("currency", _("Give the currency when the line is not for a visit."))
    if data["kind"] == "bonus" and amount <= 0:
        _field_error("amount", _("A bonus must be more than 0."))
    if amount == 0:
        _field_error("amount", _("An adjustment of 0 changes nothing."))
    entry = LedgerEntry(
        shopper_id=shopper.id,
        visit_id=data["visit_id"],
        kind=data["kind"],
        amount=amount,
        currency=currency,
        status="payable",
        note=data.get("note") or "",
        created_by=actor.id,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
