"""Payouts: a batch per currency, one line per shopper, files for people and banks, paid once."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from lxml import etree

from mystery.extensions import db
from mystery.pay.models import LedgerEntry
from tests.pay.conftest import BAD_IBAN, GOOD_IBAN, OTHER_IBAN

# The official ISO 20022 schema, as shipped (unaltered) by the sepaxml package.
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def payable_for_two(flow, create_user):
    """The field shopper (with an IBAN) has one approved visit; a second shopper too."""
    flow.set_iban(flow.shopper_id, "DK5000400440116243", name="Søren Østergaard")
    first = flow.approved(store=0)
    other, other_api = flow.shopper_client(create_user, home_latitude=55.7, home_longitude=12.5)
    vid = flow.open_visit(1)
    flow.assign(vid, shopper_id=other.id)
    flow.accept(vid, api=other_api)
    assert flow.submit(vid, store=1, api=other_api).status_code == 201
    assert flow.review(vid, "approve").status_code == 200
    return first, vid, other


def test_a_payout_batches_every_payable_entry_one_line_per_shopper(flow, create_user):
    first, _second, other = payable_for_two(flow, create_user)
    flow.set_iban(other.id, OTHER_IBAN.replace(" ", ""))
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
    pending = flow.in_state("submitted", store=2)
    response = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert response.status_code == 201, response.json
    payout = response.json
    assert response.headers["Location"].endswith(f"/api/v1/payouts/{payout['id']}")
    assert payout["status"] == "draft" and payout["currency"] == "DKK"
    assert payout["total"] == "750.00" and payout["count"] == 2 and payout["skipped"] == []
    lines = {line["shopper_id"]: line for line in payout["lines"]}
    mine = lines[flow.shopper_id]
    assert mine["amount"] == "400.00" and mine["iban"] == "DK5000400440116243"
    assert mine["name"] == "Søren Østergaard" and len(mine["entry_ids"]) == 2
    assert lines[other.id]["amount"] == "350.00"
    # Entries in a draft stay payable but belong to it; the pending fee is not in it.
    rows = flow.entries()
    assert {r.payout_id for r in rows if r.visit_id != pending} == {payout["id"]}
    assert [r.payout_id for r in rows if r.visit_id == pending] == [None]
    again = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert again.status_code == 409 and again.json["message"]
    assert flow.coordinator.get(f"/api/v1/payouts/{payout['id']}").json == payout
    assert [p["id"] for p in flow.coordinator.get("/api/v1/payouts").json] == [payout["id"]]
    assert first in {r.visit_id for r in rows}


def test_shoppers_without_a_valid_iban_are_skipped_with_the_reason(flow, create_user):
    _first, _second, other = payable_for_two(flow, create_user)
    third, _third_api = flow.shopper_client(create_user)
    bonus = {"shopper_id": third.id, "kind": "bonus", "amount": "25.00", "currency": "DKK"}
    assert flow.coordinator.post("/api/v1/ledger", json=bonus).status_code == 201
    flow.set_iban(third.id, BAD_IBAN.replace(" ", ""))
    response = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert response.status_code == 201, response.json
    payout = response.json
    assert [line["shopper_id"] for line in payout["lines"]] == [flow.shopper_id]
    skipped = {item["shopper_id"]: item for item in payout["skipped"]}
    assert skipped[other.id]["code"] == "no_iban" and "IBAN" in skipped[other.id]["reason"]
    assert skipped[third.id]["code"] == "invalid_iban" and skipped[third.id]["reason"]
    # Their entries stay payable and free for the next payout.
    for shopper_id in (other.id, third.id):
        rows = flow.entries(shopper_id=shopper_id)
        assert [(r.status, r.payout_id) for r in rows] == [("payable", None)]
    danish = flow.coordinator.get(
        f"/api/v1/payouts/{payout['id']}", headers={"Accept-Language": "da"}
    ).json
    assert danish["skipped"][0]["reason"] != payout["skipped"][0]["reason"]


def test_nothing_payable_in_a_currency_is_409(flow):
    flow.approved()
    response = flow.coordinator.post("/api/v1/payouts", json={"currency": "SEK"})
    assert response.status_code == 409 and "SEK" in response.json["message"]
    assert flow.coordinator.post("/api/v1/payouts", json={"currency": "dkk"}).status_code == 422
    assert flow.coordinator.post("/api/v1/payouts", json={}).status_code == 422


def test_when_every_shopper_is_skipped_nothing_is_written(flow):
    flow.approved()
    response = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert response.status_code == 409
    assert response.json["errors"]["skipped"][0]["code"] == "no_iban"
    assert flow.coordinator.get("/api/v1/payouts").json == []


def test_a_net_negative_shopper_is_skipped(flow):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    flow.approved()
    body = {
        "shopper_id": flow.shopper_id,
        "kind": "adjustment",
        "amount": "-400.00",
        "currency": "DKK",
        "note": "Overpaid last month",
    }
    assert flow.coordinator.post("/api/v1/ledger", json=body).status_code == 201
    response = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert response.status_code == 409
    assert response.json["errors"]["skipped"][0]["code"] == "not_positive"


def test_csv_and_pain001_match_the_payout(flow, create_user, schema):
    _first, _second, other = payable_for_two(flow, create_user)
    flow.set_iban(other.id, "SE4550000000058398257466")
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    response = flow.coordinator.get(f"/api/v1/payouts/{payout['id']}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["Shopper ID", "Name", "IBAN", "BIC", "Amount"]
    assert sorted(row[4] for row in rows[1:]) == ["350.00", "350.00"]
    assert {row[2] for row in rows[1:]} == {"DK5000400440116243", "SE4550000000058398257466"}
    danish = flow.coordinator.get(
        f"/api/v1/payouts/{payout['id']}/export.csv", headers={"Accept-Language": "da"}
    ).get_data(as_text=True)
    assert danish.startswith("\ufeff") and ";350,00;DKK;" in danish

    response = flow.coordinator.get(f"/api/v1/payouts/{payout['id']}/pain.001.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    xml = response.get_data()
    schema.validate(xml.decode())  # raises on any departure from the official schema
    # And once more with libxml2, so one validator's leniency cannot hide an error.
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(etree.fromstring(xml))
    doc = etree.fromstring(xml)
    assert doc.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert doc.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "700.00"
    assert doc.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Mystery Shopping ApS"
    assert doc.findtext(".//p:DbtrAcct//p:IBAN", namespaces=NS) == "DK5000400440116243"
    transactions = doc.findall(".//p:CdtTrfTxInf", namespaces=NS)
    assert len(transactions) == 2
    amounts = [t.find(".//p:InstdAmt", namespaces=NS) for t in transactions]
    assert [(a.text, a.get("Ccy")) for a in amounts] == [("350.00", "DKK")] * 2
    ibans = {t.findtext(".//p:CdtrAcct//p:IBAN", namespaces=NS) for t in transactions}
    assert ibans == {"DK5000400440116243", "SE4550000000058398257466"}


def test_pain001_carries_the_debtor_from_the_settings(app, flow, schema):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    flow.approved()
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    saved = {
        k: app.config[k] for k in ("PAYOUT_DEBTOR_NAME", "PAYOUT_DEBTOR_IBAN", "PAYOUT_DEBTOR_BIC")
    }
    app.config.update(
        PAYOUT_DEBTOR_NAME="Agency A/S",
        PAYOUT_DEBTOR_IBAN="DK9520000123456789",
        PAYOUT_DEBTOR_BIC="NDEADKKK",
    )
    try:
        xml = flow.coordinator.get(f"/api/v1/payouts/{payout['id']}/pain.001.xml").get_data()
    finally:
        app.config.update(saved)
    schema.validate(xml.decode())
    doc = etree.fromstring(xml)
    assert doc.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Agency A/S"
    assert doc.findtext(".//p:DbtrAcct//p:IBAN", namespaces=NS) == "DK9520000123456789"
    assert doc.findtext(".//p:DbtrAgt//p:BIC", namespaces=NS) == "NDEADKKK"


def test_mark_paid_pays_the_entries_once(flow):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    vid = flow.approved()
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    response = flow.coordinator.post(f"/api/v1/payouts/{payout['id']}/mark-paid", json={})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "paid" and response.json["paid_at"]
    assert [e.status for e in flow.entries(visit_id=vid)] == ["paid"]
    twice = flow.coordinator.post(f"/api/v1/payouts/{payout['id']}/mark-paid", json={})
    assert twice.status_code == 409 and twice.json["errors"]["status"] == ["paid"]
    assert flow.coordinator.delete(f"/api/v1/payouts/{payout['id']}").status_code == 409
    totals = flow.shopper.get("/api/v1/me/earnings").json["totals"]
    assert totals["paid"] == "350.00" and totals["payable"] == "0.00"


def test_deleting_a_draft_releases_its_entries(flow):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    vid = flow.approved()
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    assert flow.coordinator.delete(f"/api/v1/payouts/{payout['id']}").status_code == 204
    assert flow.coordinator.get(f"/api/v1/payouts/{payout['id']}").status_code == 404
    assert [(e.status, e.payout_id) for e in flow.entries(visit_id=vid)] == [("payable", None)]
    again = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"})
    assert again.status_code == 201 and again.json["total"] == "350.00"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/payouts/{id}"),
        ("GET", "/api/v1/payouts/{id}/export.csv"),
        ("GET", "/api/v1/payouts/{id}/pain.001.xml"),
        ("POST", "/api/v1/payouts/{id}/mark-paid"),
        ("DELETE", "/api/v1/payouts/{id}"),
    ],
)
@pytest.mark.parametrize("role", ["shopper", "client"])
def test_payouts_are_staff_only(app, flow, auth, method, path, role):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    flow.approved()
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    api = flow.shopper if role == "shopper" else auth("client")
    response = api.request(method, path.format(id=payout["id"]))
    assert response.status_code == 404
    assert api.post("/api/v1/payouts", json={"currency": "DKK"}).status_code == 404
    assert flow.coordinator.get(path.format(id=987654)).status_code in (404, 405)
    with app.app_context():
        assert db.session.query(LedgerEntry).filter_by(status="payable").count() == 1


def test_adding_bonuses_and_adjustments(flow, create_user):
    vid = flow.approved()
    api = flow.coordinator
    body = {
        "shopper_id": flow.shopper_id,
        "visit_id": vid,
        "kind": "bonus",
        "amount": "75.00",
        "note": "Great photos",
    }
    response = api.post("/api/v1/ledger", json=body)
    assert response.status_code == 201, response.json
    assert response.json["currency"] == "DKK" and response.json["status"] == "payable"
    assert response.json["amount"] == "75.00" and response.json["note"] == "Great photos"
    minus = {
        "shopper_id": flow.shopper_id,
        "kind": "adjustment",
        "amount": "-20.50",
        "currency": "EUR",
        "note": "Parking refund too high",
    }
    response = api.post("/api/v1/ledger", json=minus)
    assert response.status_code == 201 and response.json["amount"] == "-20.50"
    earnings = flow.shopper.get("/api/v1/me/earnings").json
    assert earnings["by_currency"]["EUR"]["payable"] == "-20.50"
    assert earnings["by_currency"]["DKK"]["payable"] == "425.00"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"currency": "EUR"}, "currency"),  # the visit's client pays in DKK
        ({"visit_id": None, "currency": None}, "currency"),
        ({"amount": "-5.00"}, "amount"),  # a bonus is positive
        ({"amount": "5.001"}, "amount"),
        ({"amount": 0, "kind": "adjustment"}, "amount"),
        ({"kind": "fee"}, "kind"),
        ({"shopper_id": 987654}, "shopper_id"),
        ({"visit_id": 987654}, "visit_id"),
        ({"currency": "kroner"}, "currency"),
    ],
)
def test_bad_ledger_lines_are_refused_naming_the_field(flow, change, named):
    vid = flow.approved()
    body = {
        "shopper_id": flow.shopper_id,
        "visit_id": vid,
        "kind": "bonus",
        "amount": "10.00",
        "note": "x",
        **change,
    }
    before = len(flow.entries())
    response = flow.coordinator.post("/api/v1/ledger", json=body)
    assert response.status_code == 422, response.json
    assert named in response.json["errors"]["json"] and response.json["message"]
    assert len(flow.entries()) == before


def test_a_visit_of_another_shopper_is_refused(flow, create_user):
    vid = flow.approved()
    other, _api = flow.shopper_client(create_user)
    body = {"shopper_id": other.id, "visit_id": vid, "kind": "bonus", "amount": "10.00"}
    response = flow.coordinator.post("/api/v1/ledger", json=body)
    assert response.status_code == 422 and "visit_id" in response.json["errors"]["json"]


def test_amounts_in_the_database_are_exact(flow):
    flow.set_iban(flow.shopper_id, GOOD_IBAN)
    flow.approved()
    for amount in ("0.10", "0.20"):
        body = {"shopper_id": flow.shopper_id, "kind": "bonus", "amount": amount, "currency": "DKK"}
        flow.coordinator.post("/api/v1/ledger", json=body)
    payout = flow.coordinator.post("/api/v1/payouts", json={"currency": "DKK"}).json
    assert payout["total"] == "350.30"
    assert sum(Decimal(e.amount) for e in flow.entries()) == Decimal("350.30")
