"""Earnings, the ledger and payouts (DESIGN §13)."""

import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user

from mystery.access import STAFF, get_visible_or_404, register_scope, visible
from mystery.auth.services import roles_required
from mystery.database import Blueprint, select_page
from mystery.pay import export, ledger, payouts, ratings, services  # noqa: F401  (listeners)
from mystery.pay.models import LedgerEntry, Payout
from mystery.pay.schemas import (
    EarningsSchema,
    LedgerCreateSchema,
    LedgerEntrySchema,
    LedgerQueryArgs,
    PayoutCreateSchema,
    PayoutQueryArgs,
    PayoutSchema,
)

blp = Blueprint("pay", __name__, url_prefix="/api/v1", description="Shopper pay")


def _visible_entries(user, statement):
    """Staff see every ledger line, shoppers their own, nobody else any."""
    if user.is_staff:
        return statement
    if user.role == "shopper":
        return statement.where(LedgerEntry.shopper_id == user.id)
    return statement.where(sa.false())


def _visible_payouts(user, statement):
    """Only staff see payouts: they carry every shopper's account."""
    return statement if user.is_staff else statement.where(sa.false())


register_scope(LedgerEntry, _visible_entries)
register_scope(Payout, _visible_payouts)


def _one(payout):
    return payouts.present_payouts([payout])[0]


@blp.route("/me/earnings")
class MyEarnings(MethodView):
    @roles_required("shopper")
    @blp.response(200, EarningsSchema)
    def get(self):
        """Show your own ledger lines with totals per status."""
        return services.earnings(current_user)


@blp.route("/ledger")
class Ledger(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(LedgerQueryArgs, location="query")
    @blp.response(200, LedgerEntrySchema(many=True))
    @blp.paginate(select_page(services.present_entries))
    def get(self, args):
        """List ledger lines by shopper, wave, visit, status, kind or currency."""
        args.pop("q", None)
        return visible(LedgerEntry, current_user, services.ledger_query(**args))

    @roles_required(*STAFF)
    @blp.arguments(LedgerCreateSchema)
    @blp.response(201, LedgerEntrySchema)
    def post(self, data):
        """Grant a bonus or book an adjustment (which may be negative); payable at once."""
        entry = services.add_entry(current_user, data)
        body = services.present_entries([entry])[0]
        return body, 201, {"Location": f"/api/v1/ledger/{entry.id}"}


@blp.route("/ledger/<int:entry_id>")
class LedgerEntryById(MethodView):
    @roles_required(*STAFF, "shopper")
    @blp.response(200, LedgerEntrySchema)
    def get(self, entry_id):
        """Show one ledger line."""
        entry = get_visible_or_404(LedgerEntry, entry_id, current_user, "Ledger entry")
        return services.present_entries([entry])[0]


@blp.route("/payouts")
class Payouts(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(PayoutQueryArgs, location="query")
    @blp.response(200, PayoutSchema(many=True))
    @blp.paginate(select_page(payouts.present_payouts))
    def get(self, args):
        """List payouts, newest first."""
        statement = sa.select(Payout).order_by(Payout.created_at.desc(), Payout.id.desc())
        if args.get("status"):
            statement = statement.where(Payout.status == args["status"])
        if args.get("currency"):
            statement = statement.where(Payout.currency == args["currency"])
        return visible(Payout, current_user, statement)

    @roles_required(*STAFF)
    @blp.arguments(PayoutCreateSchema)
    @blp.response(201, PayoutSchema)
    def post(self, data):
        """Batch every payable entry of a currency into a draft payout, one line per shopper."""
        payout = payouts.create_payout(current_user, data["currency"])
        return _one(payout), 201, {"Location": f"/api/v1/payouts/{payout.id}"}


@blp.route("/payouts/<int:payout_id>")
class PayoutById(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, PayoutSchema)
    def get(self, payout_id):
        """Show a payout with its lines and the shoppers it skipped."""
        return _one(get_visible_or_404(Payout, payout_id, current_user))

    @roles_required(*STAFF)
    @blp.response(204)
    def delete(self, payout_id):
        """Delete a draft payout; its entries are payable again."""
        payouts.delete_draft(payouts.lock_payout(payout_id))


@blp.route("/payouts/<int:payout_id>/mark-paid")
class MarkPaid(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, PayoutSchema)
    def post(self, payout_id):
        """Record that the payout was paid: its entries become paid."""
        payout = payouts.mark_paid(current_user, payouts.lock_payout(payout_id))
        return _one(payout)


@blp.route("/payouts/<int:payout_id>/export.csv")
class PayoutCsv(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, content_type="text/csv")
    def get(self, payout_id):
        """Download the payout as CSV, one row per shopper."""
        return export.csv_response(_one(get_visible_or_404(Payout, payout_id, current_user)))


@blp.route("/payouts/<int:payout_id>/pain.001.xml")
class PayoutXml(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, content_type="application/xml")
    def get(self, payout_id):
        """Download the payout as an ISO 20022 pain.001.001.03 credit transfer."""
        return export.xml_response(_one(get_visible_or_404(Payout, payout_id, current_user)))
