"""Demo of shopper pay (DESIGN §13): bank details, ratings, expenses, bonuses, two payouts.

The fieldwork already wrote each submitted visit's fee through the ledger's receivers. Here:
IBANs for every shopper but one (who is skipped, with the reason), a rating for most
approved visits, purchases on Kaffebaren's visits (one over the wave's cap), a bonus and an
adjustment, Kaffebaren's payout paid, Skafferiet's left as a draft, and a quiz.
"""

from decimal import Decimal

import sqlalchemy as sa
from schwifty import IBAN
from werkzeug.exceptions import HTTPException

from mystery.auth.models import User
from mystery.certifications.services import attempt, create_certification
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.pay import payouts
from mystery.pay.ledger import record_expense
from mystery.pay.models import LedgerEntry, Rating
from mystery.pay.ratings import refresh_rating
from mystery.pay.services import add_entry
from mystery.visits.models import Submission, Visit
from mystery.waves.models import Wave

# Who has no IBAN yet, so every payout skips them and says why.
NO_IBAN = "nils.aberg@demo.mystery"
PURCHASES = [
    ("Cafe latte og kanelsnegl", "58.00"),
    ("Americano", "32.00"),
    ("Frokostmenu", "95.00"),
]
QUIZ = {
    "name": "Kaffebaren: the basics",
    "pass_mark": Decimal("75"),
    "questions": [
        {
            "key": "greeting",
            "text": {"en": "How soon must staff greet you?", "da": "Hvor hurtigt skal du hilses?"},
            "options": [
                {"value": "30s", "label": {"en": "Within 30 seconds", "da": "Inden 30 sekunder"}},
                {"value": "2m", "label": {"en": "Within 2 minutes", "da": "Inden 2 minutter"}},
            ],
            "correct": "30s",
        },
        {
            "key": "receipt",
            "text": {"en": "What do you do with the receipt?", "da": "Hvad gør du med bonen?"},
            "options": [
                {"value": "photo", "label": {"en": "Photograph it", "da": "Fotograferer den"}},
                {"value": "bin", "label": {"en": "Throw it away", "da": "Smider den ud"}},
            ],
            "correct": "photo",
        },
    ],
}


def _iban_for(index, shopper):
    """A valid, made-up IBAN in the shopper's country."""
    if shopper.locale == "sv":
        return IBAN.generate(
            "SE", bank_code="500", account_code=f"{5839825700 + index:010d}"
        ).compact
    return IBAN.generate("DK", bank_code="2000", account_code=f"{1234567800 + index:010d}").compact


def _bank_details(shoppers):
    for index, shopper in enumerate(shoppers):
        if shopper.email == NO_IBAN:
            continue
        shopper.iban = _iban_for(index, shopper)
        shopper.phone = (
            f"+{46 if shopper.locale == 'sv' else 45} 20 {index:02d} 40 {index + 10:02d}"
        )


def _ratings(rng, coordinator):
    """Rate most approved reports, mostly well."""
    approved = db.session.scalars(
        sa.select(Visit).where(Visit.status == "approved").order_by(Visit.id)
    ).all()
    rated = set()
    for visit in approved:
        if rng.random() < 0.2:
            continue
        db.session.add(
            Rating(
                shopper_id=visit.shopper_id,
                visit_id=visit.id,
                rating=rng.choice((3, 4, 4, 5, 5, 5)),
                rated_by=coordinator.id,
                created_at=visit.approved_at,
            )
        )
        rated.add(visit.shopper_id)
    db.session.flush()
    for shopper_id in rated:
        refresh_rating(shopper_id)


def _purchases(client):
    """Kaffebaren reimburses a purchase up to 60 kr.; one claim is over the cap."""
    waves = db.session.scalars(sa.select(Wave).where(Wave.client_id == client.id)).all()
    for wave in waves:
        wave.expense_cap = Decimal("60.00")
    visits = db.session.scalars(
        sa.select(Visit)
        .where(
            Visit.wave_id.in_([w.id for w in waves]),
            Visit.status.in_(("submitted", "approved")),
        )
        .order_by(Visit.id)
        .limit(len(PURCHASES))
    ).all()
    waves_by_id = {wave.id: wave for wave in waves}
    for visit, (description, amount) in zip(visits, PURCHASES, strict=False):
        expense = {"amount": amount, "description": description, "receipt": None}
        submission = db.session.get(Submission, visit.current_submission_id)
        submission.expense = expense
        record_expense(visit, waves_by_id[visit.wave_id], client.currency, expense, None)
        db.session.flush()
        if visit.status == "approved":
            db.session.execute(
                sa.update(LedgerEntry)
                .where(LedgerEntry.visit_id == visit.id, LedgerEntry.kind == "expense")
                .values(status="payable")
            )


def _extras(coordinator, shoppers):
    """A bonus for a weekend rush, a correction of an overpaid expense, one for the skipped."""
    by_email = {s.email: s for s in shoppers}
    add_entry(
        coordinator,
        {
            "shopper_id": by_email["shopper@demo.mystery"].id,
            "visit_id": None,
            "kind": "bonus",
            "amount": Decimal("150.00"),
            "currency": "DKK",
            "note": "Weekend rush in Copenhagen",
        },
    )
    add_entry(
        coordinator,
        {
            "shopper_id": by_email["mette.jensen@demo.mystery"].id,
            "visit_id": None,
            "kind": "adjustment",
            "amount": Decimal("-25.00"),
            "currency": "DKK",
            "note": "Parking claimed twice in October",
        },
    )
    add_entry(
        coordinator,
        {
            "shopper_id": by_email[NO_IBAN].id,
            "visit_id": None,
            "kind": "bonus",
            "amount": Decimal("200.00"),
            "currency": "SEK",
            "note": "Extra visit in Malmö",
        },
    )


def _payouts(coordinator):
    """Kaffebaren's kroner paid; Skafferiet's kronor waiting as a draft."""
    made = []
    for currency, pay in (("DKK", True), ("SEK", False)):
        try:
            with db.session.begin_nested():
                payout = payouts.create_payout(coordinator, currency)
        except HTTPException:  # nothing payable in this currency for this seed: no payout
            continue
        if pay:
            payouts.mark_paid(coordinator, payout)
        made.append(payout)
    return made


def _quiz(client, shopper):
    certification = create_certification({**QUIZ, "client_id": client.id})
    attempt(certification, shopper, {"greeting": "30s", "receipt": "photo"})


def seed_pay(rng, people):
    """Create the pay demo; return one line saying what it made."""
    coordinator = people["coordinator@demo.mystery"]
    shoppers = db.session.scalars(
        sa.select(User).where(User.role == "shopper").order_by(User.id)
    ).all()
    kaffebaren = db.session.scalar(sa.select(Client).where(Client.name == "Kaffebaren"))
    _bank_details(shoppers)
    _ratings(rng, coordinator)
    _purchases(kaffebaren)
    _extras(coordinator, shoppers)
    made = _payouts(coordinator)
    _quiz(kaffebaren, people["shopper@demo.mystery"])
    db.session.commit()
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry))
    described = ", ".join(f"{p.currency} {p.total} {p.status}" for p in made) or "none"
    return f"  pay: {entries} ledger lines, payouts: {described} ({NO_IBAN} skipped: no IBAN)"
