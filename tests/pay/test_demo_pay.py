"""The pay demo: a believable ledger, one paid and one draft payout, a skipped shopper, ratings."""

import pytest
import sqlalchemy as sa

from mystery.auth.models import User
from mystery.demo import seed_demo
from mystery.demo.pay import NO_IBAN
from mystery.extensions import db
from mystery.pay.models import LedgerEntry, Payout, Rating


def test_the_demo_pays_shoppers(app):
    if app.config["DATABASE_KIND"] != "sqlite":
        pytest.skip("the demo is seeded once; tests/test_demo.py covers both databases")
    with app.app_context():
        lines = seed_demo()
        assert any(line.startswith("  pay:") for line in lines)
        payouts = {p.currency: p for p in db.session.scalars(sa.select(Payout))}
        assert (payouts["DKK"].status, payouts["SEK"].status) == ("paid", "draft")
        skipped = payouts["SEK"].skipped
        nils = db.session.scalar(sa.select(User).where(User.email == NO_IBAN))
        assert [(s["shopper_id"], s["code"]) for s in skipped] == [(nils.id, "no_iban")]
        entries = db.session.scalars(sa.select(LedgerEntry)).all()
        kinds = {(e.kind, e.status) for e in entries}
        assert {("fee", "paid"), ("fee", "payable"), ("fee", "pending")} <= kinds
        assert {("bonus", "paid"), ("adjustment", "paid"), ("expense", "paid")} <= kinds
        assert any(e.kind == "expense" and e.capped for e in entries)
        fees = [e.visit_id for e in entries if e.kind == "fee"]
        assert len(fees) == len(set(fees))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Rating)) > 10
        rated = db.session.scalars(sa.select(User).where(User.rating.is_not(None))).all()
        assert all(1 <= u.rating <= 5 for u in rated)
