"""DESIGN §17 with the v2 data: the audit log of exports and anonymisations, the ledger kept."""

from datetime import timedelta

import sqlalchemy as sa

from mystery.auth.models import RememberToken, User
from mystery.database import utcnow
from mystery.extensions import db
from mystery.notifications.models import Notification
from mystery.pay.models import LedgerEntry, PayoutLine
from mystery.visits.models import Visit
from tests.conftest import PASSWORD, ApiClient
from tests.pay.conftest import OTHER_IBAN
from tests.privacy.conftest import BIC, IBAN, PHONE, with_bank_details


def paid_and_payable(flow):
    """One visit paid out (fee and a capped expense), one approved since, plus a bonus."""
    with_bank_details(flow)
    paid = flow.approved(store=0, rating=4, expense={"amount": "45.50", "description": "Latte"})
    bonus = flow.coordinator.post(
        "/api/v1/ledger",
        json={
            "shopper_id": flow.shopper_id,
            "kind": "bonus",
            "amount": "50.00",
            "currency": "DKK",
            "note": "Weekend",
        },
    )
    assert bonus.status_code == 201, bonus.json
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    marked = flow.coordinator.post(f"/api/v1/payouts/{payout['id']}/mark-paid", json={})
    assert marked.status_code == 200, marked.json
    later = flow.approved(store=1)
    return paid, later, payout["id"]


def ledger(flow):
    """The shopper's ledger as plain tuples: what must survive purge and anonymisation."""
    return [
        (e.id, e.visit_id, e.kind, str(e.amount), e.currency, e.status, e.payout_id)
        for e in flow.entries(shopper_id=flow.shopper_id)
    ]


def payout_amounts(flow, payout_id):
    payout = flow.coordinator.get(f"/api/v1/payouts/{payout_id}").json
    lines = [(line["amount"], line["entry_ids"]) for line in payout["lines"]]
    return payout["status"], payout["total"], lines


def notifications_of(app, user_id):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(Notification.user_id == user_id))


def test_purge_keeps_the_ledger_and_payouts(app, flow):
    paid, _later, payout_id = paid_and_payable(flow)
    before, amounts = ledger(flow), payout_amounts(flow, payout_id)
    kinds = {(kind, status) for _i, _v, kind, _a, _c, status, _p in before}
    assert kinds == {("fee", "paid"), ("expense", "paid"), ("bonus", "paid"), ("fee", "payable")}
    with app.app_context():
        for visit in db.session.scalars(sa.select(Visit)):
            visit.approved_at = utcnow() - timedelta(days=400)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0 and "Purged 2 visits" in result.output
    assert flow.events(paid)[-1]["action"] == "purge"
    assert ledger(flow) == before
    assert payout_amounts(flow, payout_id) == amounts


def test_anonymise_keeps_the_ledger_and_unattributes_payouts(app, flow, auth):
    paid, _later, payout_id = paid_and_payable(flow)
    before, amounts = ledger(flow), payout_amounts(flow, payout_id)
    assert notifications_of(app, flow.shopper_id) > 0
    admin = auth("admin")
    response = admin.post(f"/api/v1/users/{flow.shopper_id}/anonymise")
    assert response.status_code == 200, response.json
    anonymous = response.json["name"]
    # Every krone stays where it was: the same entries, amounts, statuses and payout.
    assert ledger(flow) == before
    assert payout_amounts(flow, payout_id) == amounts
    listed = flow.coordinator.get(f"/api/v1/ledger?shopper_id={flow.shopper_id}").json
    assert sorted(e["id"] for e in listed) == sorted(e[0] for e in before)
    # ... but nothing names the person or their account any more.
    with app.app_context():
        user = db.session.get(User, flow.shopper_id)
        assert (user.iban, user.bic, user.phone) == (None, None, None)
    # Messages to them carry their address (and e-mails would still go out): gone.
    assert notifications_of(app, flow.shopper_id) == 0
    with app.app_context():
        lines = db.session.scalars(
            sa.select(PayoutLine).where(PayoutLine.shopper_id == flow.shopper_id)
        ).all()
        assert [(line.name, line.iban, line.bic) for line in lines] == [(anonymous, "", None)]
    payout = flow.coordinator.get(f"/api/v1/payouts/{payout_id}")
    csv_text = flow.coordinator.get(f"/api/v1/payouts/{payout_id}/export.csv").get_data(
        as_text=True
    )
    exported = admin.get(f"/api/v1/users/{flow.shopper_id}/export").get_data(as_text=True)
    for text in (payout.get_data(as_text=True), csv_text, exported):
        for secret in (IBAN, BIC, PHONE, "Søren", flow.field.shopper_user.email):
            assert secret not in text
    assert amounts[2][0][0] in csv_text
    # The paid payout's bank file would need the account: refused, in the error shape.
    xml = flow.coordinator.get(f"/api/v1/payouts/{payout_id}/pain.001.xml")
    assert xml.status_code == 409 and xml.json["errors"]["payout"]
    assert flow.coordinator.get(f"/api/v1/visits/{paid}").json["score"]["total"] == 100.0


def test_anonymise_waits_for_a_draft_payout_that_pays_the_person(app, flow, auth):
    with_bank_details(flow)
    flow.approved(store=0)
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    admin = auth("admin")
    refused = admin.post(f"/api/v1/users/{flow.shopper_id}/anonymise")
    assert refused.status_code == 409
    wanted = f"Mark payout {payout['id']} paid or delete it first."
    assert refused.json["errors"]["user"] == [wanted]
    with app.app_context():
        assert db.session.get(User, flow.shopper_id).iban == IBAN
    assert admin.get(f"/api/v1/users/{flow.shopper_id}/events").json == []
    assert flow.coordinator.delete(f"/api/v1/payouts/{payout['id']}").status_code == 204
    assert admin.post(f"/api/v1/users/{flow.shopper_id}/anonymise").status_code == 200
    assert {e.status for e in flow.entries(shopper_id=flow.shopper_id)} == {"payable"}


def test_anonymise_renames_a_shopper_a_payout_skipped(app, flow, auth, create_user):
    flow.approved(store=0)  # the field shopper has no IBAN: skipped
    other, other_api = flow.shopper_client(create_user, home_latitude=55.7, home_longitude=12.5)
    flow.set_iban(other.id, OTHER_IBAN.replace(" ", ""))
    vid = flow.open_visit(1)
    flow.assign(vid, shopper_id=other.id)
    flow.accept(vid, api=other_api)
    assert flow.submit(vid, store=1, api=other_api).status_code == 201
    assert flow.review(vid, "approve").status_code == 200
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    assert [s["name"] for s in payout["skipped"]] == [flow.field.shopper_user.name]
    admin = auth("admin")
    anonymous = admin.post(f"/api/v1/users/{flow.shopper_id}/anonymise").json["name"]
    again = flow.coordinator.get(f"/api/v1/payouts/{payout['id']}").json
    assert [(s["shopper_id"], s["name"]) for s in again["skipped"]] == [
        (flow.shopper_id, anonymous)
    ]
    assert [line["name"] for line in again["lines"]] == [other.name]


def test_export_holds_the_v2_data(app, flow, auth):
    paid, later, _payout_id = paid_and_payable(flow)
    quiz = flow.coordinator.post(
        "/api/v1/certifications",
        json={
            "client_id": flow.field.client.id,
            "name": "Basics",
            "pass_mark": 50,
            "questions": [
                {
                    "key": "greeting",
                    "text": "Greet?",
                    "options": [{"value": "y", "label": "Yes"}, {"value": "n", "label": "No"}],
                    "correct": "y",
                }
            ],
        },
    ).json
    attempt = flow.shopper.post(
        f"/api/v1/certifications/{quiz['id']}/attempts", json={"answers": {"greeting": "y"}}
    )
    assert attempt.status_code == 201, attempt.json
    shopper = flow.field.shopper_user
    remembered = ApiClient(app).http.post(
        "/api/v1/auth/login", json={"email": shopper.email, "password": PASSWORD, "remember": True}
    )
    assert remembered.status_code == 200
    with app.app_context():
        assert db.session.scalar(
            sa.select(sa.func.count()).where(RememberToken.user_id == shopper.id)
        )
        entries = db.session.scalars(
            sa.select(LedgerEntry.id).where(LedgerEntry.shopper_id == shopper.id)
        ).all()
    response = auth("admin").get(f"/api/v1/users/{shopper.id}/export")
    assert response.status_code == 200
    data = response.json
    assert (data["user"]["iban"], data["user"]["bic"], data["user"]["phone"]) == (IBAN, BIC, PHONE)
    assert sorted(e["id"] for e in data["ledger_entries"]) == sorted(entries)
    assert {e["kind"] for e in data["ledger_entries"]} == {"fee", "expense", "bonus"}
    assert [(line["iban"], line["amount"]) for line in data["payout_lines"]] == [
        (IBAN, "400.00")  # fee 350.00 + bonus 50.00; the wave caps expenses at 0.00
    ]
    assert [r["visit_id"] for r in data["ratings"]] == [paid]
    assert [a["passed"] for a in data["certification_attempts"]] == [True]
    assert {n["visit_id"] for n in data["notifications"]} >= {paid, later}
    # Sign-in plumbing is no data about the person: no remember-me or reset tokens.
    assert "remember_tokens" not in data and "password_reset_tokens" not in data
    text = response.get_data(as_text=True)
    assert "token_hash" not in text and "password_digest" not in text
