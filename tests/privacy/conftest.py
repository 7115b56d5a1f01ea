"""Fixtures for data protection with pay: a shopper with bank details worth hiding."""

import pytest

from mystery.auth.models import User
from mystery.extensions import db
from tests.pay.conftest import GOOD_IBAN, PayFlow

IBAN = GOOD_IBAN.replace(" ", "")
BIC = "DABADKKK"
PHONE = "+45 20 30 40 50"


@pytest.fixture
def flow(app, field):
    """The field programme with pay helpers (a test module may bring its own)."""
    return PayFlow(app, field)


def with_bank_details(flow):
    """Give the field shopper a name, IBAN, BIC and phone worth hiding."""
    flow.set_iban(flow.shopper_id, IBAN, name="Søren Østergaard")
    with flow.app.app_context():
        user = db.session.get(User, flow.shopper_id)
        user.bic, user.phone = BIC, PHONE
        db.session.commit()
