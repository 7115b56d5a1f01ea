"""Two payouts built at once never share an entry: on PostgreSQL the unique constraint decides,
SQLite serialises the writers."""

import threading

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.pay.models import LedgerEntry, PayoutEntry
from tests.conftest import PASSWORD
from tests.pay.conftest import GOOD_IBAN

THREADS = 4


@pytest.fixture
def token(flow):
    response = flow.coordinator.post(
        "/api/v1/auth/tokens",
        json={"email": flow.coordinator.user.email, "password": PASSWORD, "label": "race"},
    )
    assert response.status_code == 201, response.json
    return response.json["token"]


def many_payable(app, shopper_id, count=200):
    """Write payable bonus lines straight into the ledger."""
    with app.app_context():
        db.session.execute(
            sa.insert(LedgerEntry),
            [
                {
                    "shopper_id": shopper_id,
                    "kind": "bonus",
                    "amount": "10.00",
                    "currency": "DKK",
                    "status": "payable",
                    "note": "",
                    "capped": False,
                }
                for _ in range(count)
            ],
        )
        db.session.commit()


def test_concurrent_payouts_never_share_an_entry(app, flow, token):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    many_payable(app, flow.shopper_id)
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def create(index):
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post(
            "/api/v1/payouts",
            json={"currency": "DKK"},
            headers={"Authorization": f"Bearer {token}"},
        )
        results[index] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=create, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results), results
    codes = sorted(code for code, _body in results)
    assert codes.count(201) >= 1 and set(codes) <= {201, 409}, results
    claimed = [
        entry_id
        for code, body in results
        if code == 201
        for line in body["lines"]
        for entry_id in line["entry_ids"]
    ]
    assert len(claimed) == len(set(claimed)) == 200
    with app.app_context():
        rows = db.session.execute(sa.select(PayoutEntry.entry_id, PayoutEntry.payout_id)).all()
        assert len(rows) == 200 and len({entry for entry, _p in rows}) == 200
        holders = dict(db.session.execute(sa.select(LedgerEntry.id, LedgerEntry.payout_id)).all())
        assert all(holders[entry] == payout for entry, payout in rows)


def test_the_database_refuses_an_entry_in_two_payouts(app, flow):
    """The guard is the schema itself, not a check in Python."""
    from sqlalchemy.exc import IntegrityError

    from mystery.pay.models import Payout, PayoutLine

    many_payable(app, flow.shopper_id, count=1)
    with app.app_context():
        entry_id = db.session.scalar(sa.select(LedgerEntry.id))
        ids = []
        for _ in range(2):
            payout = Payout(currency="DKK", message_id="M", skipped=[])
            db.session.add(payout)
            db.session.flush()
            line = PayoutLine(
                payout_id=payout.id, shopper_id=flow.shopper_id, name="S", iban="X", amount=1
            )
            db.session.add(line)
            db.session.flush()
            ids.append((payout.id, line.id))
        db.session.add(PayoutEntry(entry_id=entry_id, payout_id=ids[0][0], line_id=ids[0][1]))
        db.session.flush()
        db.session.add(PayoutEntry(entry_id=entry_id, payout_id=ids[1][0], line_id=ids[1][1]))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
