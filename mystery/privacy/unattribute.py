"""Anonymisation and pay: the ledger stays, the payout records stop naming the person.

DESIGN §13 keeps every krone traceable from a visit to a payout (entry ids, amounts,
statuses, the payout's message id and its lines stay); §17 keeps the ledger "unattributed"
and replaces the IBAN, so a payout line of an anonymised shopper keeps its amount and
entries but loses the name, IBAN and BIC it was sent to.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.errors import Conflict
from mystery.extensions import db
from mystery.pay.models import Payout, PayoutLine


def refuse_draft_payouts(user):
    """409 while a draft payout would still pay this person: it needs their account."""
    drafts = db.session.scalars(
        sa.select(Payout.id)
        .join(PayoutLine, PayoutLine.payout_id == Payout.id)
        .where(PayoutLine.shopper_id == user.id, Payout.status == "draft")
        .order_by(Payout.id)
    ).all()
    if drafts:
        ids = ", ".join(str(i) for i in drafts)
        raise Conflict(
            message=_("This person is in a draft payout."),
            errors={"user": [_("Mark payout %(ids)s paid or delete it first.", ids=ids)]},
        )


def unattribute_payouts(user):
    """Replace the person's name and bank account in every payout that paid or skipped them."""
    db.session.execute(
        sa.update(PayoutLine)
        .where(PayoutLine.shopper_id == user.id)
        .values(name=user.name, iban="", bic=None)
        .execution_options(synchronize_session=False)
    )
    # Skipped shoppers are a JSON list on the payout, with their name at the time; JSON is
    # not searchable alike on both databases, and payouts are few (one per pay run).
    for payout in db.session.scalars(sa.select(Payout)):
        skipped = payout.skipped or []
        if any(item.get("shopper_id") == user.id for item in skipped):
            payout.skipped = [
                {**item, "name": user.name} if item.get("shopper_id") == user.id else item
                for item in skipped
            ]
