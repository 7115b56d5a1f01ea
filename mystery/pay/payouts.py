"""Payouts: every payable entry of a currency batched into one line per shopper, paid once."""

import secrets
from collections import defaultdict
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import abort
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlalchemy.exc import IntegrityError

from mystery.auth.models import User
from mystery.database import not_found, utcnow
from mystery.extensions import db
from mystery.pay.models import LedgerEntry, Payout, PayoutEntry, PayoutLine

ZERO = Decimal("0.00")
# Two payouts built at once: the loser of the unique constraint builds again from what is left.
ATTEMPTS = 3


def valid_iban(value):
    """Return the IBAN in compact form when its country, length and check digits hold, else None."""
    if not value:
        return None
    try:
        return IBAN(value).compact
    except (SchwiftyException, ValueError):
        return None


def _payable(currency):
    """Select the payable entries of a currency that no payout holds yet."""
    taken = sa.select(PayoutEntry.entry_id)
    return db.session.execute(
        sa.select(LedgerEntry.id, LedgerEntry.shopper_id, LedgerEntry.amount)
        .where(
            LedgerEntry.status == "payable",
            LedgerEntry.currency == currency,
            LedgerEntry.payout_id.is_(None),
            LedgerEntry.id.not_in(taken),
        )
        .order_by(LedgerEntry.shopper_id, LedgerEntry.id)
    ).all()


# Why a shopper is left out, kept as a code and worded in the reader's language when read.
REASONS = {
    "no_iban": _l("No IBAN in the shopper's profile."),
    "invalid_iban": _l("The IBAN in the shopper's profile fails its check digits."),
    "not_positive": _l("The payable amount is not above zero."),
}


def _skip(shopper, code, amount):
    """Note a shopper left out; their entries stay payable for a later payout."""
    return {"shopper_id": shopper.id, "name": shopper.name, "code": code, "amount": str(amount)}


def present_skipped(skipped):
    """Word each skipped shopper's reason in the reader's language."""
    return [{**item, "reason": str(REASONS[item["code"]])} for item in skipped or []]


def _plan(currency):
    """Group payable entries per shopper; return (lines, skipped) or answer 409 when none."""
    rows = _payable(currency)
    if not rows:
        abort(
            409,
            message=_("Nothing is payable in %(currency)s.", currency=currency),
            errors={"currency": [currency]},
        )
    per_shopper = defaultdict(list)
    for entry_id, shopper_id, amount in rows:
        per_shopper[shopper_id].append((entry_id, Decimal(amount)))
    shoppers = {
        row.id: row
        for row in db.session.execute(
            sa.select(User.id, User.name, User.iban, User.bic).where(User.id.in_(per_shopper))
        )
    }
    lines, skipped = [], []
    for shopper_id, entries in per_shopper.items():
        shopper = shoppers[shopper_id]
        amount = sum((amount for _id, amount in entries), ZERO)
        iban = valid_iban(shopper.iban)
        if not shopper.iban:
            skipped.append(_skip(shopper, "no_iban", amount))
        elif iban is None:
            skipped.append(_skip(shopper, "invalid_iban", amount))
        elif amount <= 0:
            skipped.append(_skip(shopper, "not_positive", amount))
        else:
            lines.append((shopper, iban, amount, [entry_id for entry_id, _a in entries]))
    return lines, skipped


def _build(actor, currency):
    """Write one payout and claim its entries; raises IntegrityError if another took one."""
    lines, skipped = _plan(currency)
    if not lines:
        abort(
            409,
            message=_("No shopper with payable %(currency)s can be paid yet.", currency=currency),
            errors={"skipped": present_skipped(skipped)},
        )
    payout = Payout(
        currency=currency,
        status="draft",
        total=sum((amount for _s, _i, amount, _e in lines), ZERO),
        skipped=skipped,
        message_id=f"MYSTERY-{utcnow():%Y%m%d}-{secrets.token_hex(6).upper()}",
        created_by=actor.id,
    )
    db.session.add(payout)
    db.session.flush()
    # Core inserts: a payout of 10,000 lines builds in a fraction of what ORM objects take.
    lines_table, entries_table = PayoutLine.__table__, PayoutEntry.__table__
    line_ids = db.session.scalars(
        sa.insert(lines_table).returning(lines_table.c.id, sort_by_parameter_order=True),
        [
            {
                "payout_id": payout.id,
                "shopper_id": shopper.id,
                "name": shopper.name,
                "iban": iban,
                "bic": shopper.bic or None,
                "amount": amount,
            }
            for shopper, iban, amount, _entries in lines
        ],
    ).all()
    claims = [
        {"entry_id": entry_id, "payout_id": payout.id, "line_id": line_id}
        for line_id, (_s, _i, _a, entry_ids) in zip(line_ids, lines, strict=True)
        for entry_id in entry_ids
    ]
    # The unique entry_id is the guard: a concurrent payout's insert of a shared entry fails.
    # RETURNING makes SQLAlchemy send multi-row VALUES batches instead of 10,000 statements.
    db.session.execute(sa.insert(entries_table).returning(entries_table.c.id), claims).all()
    db.session.execute(
        sa.update(LedgerEntry)
        .where(
            LedgerEntry.id.in_(
                sa.select(PayoutEntry.entry_id).where(PayoutEntry.payout_id == payout.id)
            )
        )
        .values(payout_id=payout.id)
        .execution_options(synchronize_session=False)
    )
    return payout


def create_payout(actor, currency):
    """Batch every payable entry of a currency not yet in a payout, one line per shopper."""
    for _attempt in range(ATTEMPTS):
        try:
            with db.session.begin_nested():
                return _build(actor, currency)
        except IntegrityError:
            continue  # a concurrent payout claimed some entries: build from what is left
    abort(409, message=_("Another payout is being built; try again."))


def lock_payout(payout_id):
    """Load a payout for update, or answer 404."""
    payout = db.session.scalar(
        sa.select(Payout)
        .where(Payout.id == payout_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if payout is None:
        abort(404, message=not_found("Payout", payout_id))
    return payout


def _draft_or_409(payout, action):
    if payout.status != "draft":
        messages = {
            "pay": _("Payout %(id)s is already paid.", id=payout.id),
            "delete": _("Payout %(id)s is paid and cannot be deleted.", id=payout.id),
        }
        abort(409, message=messages[action], errors={"status": [payout.status]})


def mark_paid(actor, payout):
    """Record that the bank paid the file: its entries become paid."""
    _draft_or_409(payout, "pay")
    payout.status, payout.paid_at, payout.paid_by = "paid", utcnow(), actor.id
    db.session.execute(
        sa.update(LedgerEntry)
        .where(LedgerEntry.payout_id == payout.id)
        .values(status="paid", updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return payout


def delete_draft(payout):
    """Throw a draft away; its entries are payable again for the next payout."""
    _draft_or_409(payout, "delete")
    db.session.execute(
        sa.update(LedgerEntry)
        .where(LedgerEntry.payout_id == payout.id)
        .values(payout_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(PayoutEntry).where(PayoutEntry.payout_id == payout.id))
    db.session.execute(sa.delete(PayoutLine).where(PayoutLine.payout_id == payout.id))
    db.session.delete(payout)
    db.session.flush()


def present_payouts(payouts):
    """Dump payouts with their lines and entry ids, in two queries."""
    ids = [p.id for p in payouts]
    lines = defaultdict(list)
    entry_ids = defaultdict(list)
    if ids:
        for line in db.session.execute(
            sa.select(
                PayoutLine.id,
                PayoutLine.payout_id,
                PayoutLine.shopper_id,
                PayoutLine.name,
                PayoutLine.iban,
                PayoutLine.bic,
                PayoutLine.amount,
            )
            .where(PayoutLine.payout_id.in_(ids))
            .order_by(PayoutLine.id)
        ):
            lines[line.payout_id].append(line)
        for line_id, entry_id in db.session.execute(
            sa.select(PayoutEntry.line_id, PayoutEntry.entry_id)
            .where(PayoutEntry.payout_id.in_(ids))
            .order_by(PayoutEntry.entry_id)
        ):
            entry_ids[line_id].append(entry_id)
    out = []
    for payout in payouts:
        dumped = [
            {
                "shopper_id": line.shopper_id,
                "name": line.name,
                "iban": line.iban,
                "bic": line.bic,
                "amount": line.amount,
                "entry_ids": entry_ids[line.id],
            }
            for line in lines[payout.id]
        ]
        out.append(
            {
                "id": payout.id,
                "currency": payout.currency,
                "status": payout.status,
                "total": payout.total,
                "count": len(dumped),
                "entry_count": sum(len(line["entry_ids"]) for line in dumped),
                "lines": dumped,
                "skipped": present_skipped(payout.skipped),
                "created_at": payout.created_at,
                "paid_at": payout.paid_at,
                "message_id": payout.message_id,
            }
        )
    return out
