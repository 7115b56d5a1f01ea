"""Fixtures for shopper pay: the field programme, ledger rows and a shopper's bank details."""

import pytest
import sqlalchemy as sa

from mystery.auth.models import User
from mystery.extensions import db
from mystery.pay.models import LedgerEntry
from tests.visits.helpers import Flow

GOOD_IBAN = "DK50 0040 0440 1162 43"
OTHER_IBAN = "SE45 5000 0000 0583 9825 7466"
BAD_IBAN = "DK51 0040 0440 1162 43"  # one check digit off


class PayFlow(Flow):
    """Flow plus what pay needs: approved visits, ledger rows, IBANs."""

    def approved(self, store=0, rating=None, expense=None):
        vid = self.in_state("accepted", store=store)
        extra = {"expense": expense} if expense is not None else {}
        response = self.submit(vid, store=store, **extra)
        assert response.status_code == 201, response.json
        body = {"decision": "approve", "note": None}
        if rating is not None:
            body["rating"] = rating
        response = self.coordinator.post(f"/api/v1/visits/{vid}/review", json=body)
        assert response.status_code == 200, response.json
        return vid

    def entries(self, **where):
        with self.app.app_context():
            statement = sa.select(LedgerEntry).order_by(LedgerEntry.id)
            for name, value in where.items():
                statement = statement.where(getattr(LedgerEntry, name) == value)
            rows = db.session.scalars(statement).all()
            for row in rows:
                db.session.expunge(row)
            return rows

    def set_iban(self, user_id, iban, name=None):
        with self.app.app_context():
            user = db.session.get(User, user_id)
            user.iban = iban
            if name:
                user.name = name
            db.session.commit()


@pytest.fixture
def flow(app, field):
    """The `field` programme (fee 350.00 DKK) with pay helpers."""
    return PayFlow(app, field)
