"""The ledger follows the lifecycle: pending on submit, payable on approve, void on cancel."""

from decimal import Decimal

import pytest

from mystery.extensions import db
from mystery.pay.models import LedgerEntry
from tests.media.conftest import picture
from tests.visits.helpers import new_uuid

RECEIPT = "3f1c5a56-0a57-4d0e-9a55-3c3f0c1d2e99"


def accepted_with_cap(flow, cap="40.00", store=0):
    vid = flow.open_visit(store, expense_cap=cap)
    assert flow.assign(vid).status_code == 200
    assert flow.accept(vid).status_code == 200
    return vid


def test_submit_writes_the_fee_pending_and_approve_makes_it_payable(flow):
    vid = flow.in_state("submitted")
    [fee] = flow.entries(visit_id=vid)
    assert (fee.kind, fee.amount, fee.currency, fee.status) == (
        "fee",
        Decimal("350.00"),
        "DKK",
        "pending",
    )
    assert fee.shopper_id == flow.shopper_id
    assert flow.review(vid, "approve").status_code == 200
    [fee] = flow.entries(visit_id=vid)
    assert fee.status == "payable"


def test_one_fee_however_often_the_visit_is_returned(flow):
    vid = flow.in_state("submitted")
    for _ in range(3):
        assert flow.review(vid, "return", "Add the photo").status_code == 200
        assert flow.submit(vid).status_code == 201
    assert flow.review(vid, "approve").status_code == 200
    entries = flow.entries(visit_id=vid)
    assert [(e.kind, e.status, e.amount) for e in entries] == [
        ("fee", "payable", Decimal("350.00"))
    ]


def test_a_cancelled_visit_voids_its_pending_lines(app, flow):
    vid = flow.in_state("accepted")
    with app.app_context():
        db.session.add(
            LedgerEntry(
                shopper_id=flow.shopper_id,
                visit_id=vid,
                kind="fee",
                amount=Decimal("350.00"),
                currency="DKK",
                status="pending",
            )
        )
        db.session.commit()
    assert flow.coordinator.post(f"/api/v1/visits/{vid}/cancel", json={}).status_code == 200
    assert [e.status for e in flow.entries(visit_id=vid)] == ["void"]


def test_no_fee_line_for_a_wave_that_pays_nothing(flow):
    vid = flow.open_visit(0, fee="0")
    flow.assign(vid)
    flow.accept(vid)
    assert flow.submit(vid).status_code == 201
    assert flow.entries(visit_id=vid) == []


def test_an_expense_under_the_cap_is_reimbursed_whole(flow):
    vid = accepted_with_cap(flow, "100.00")
    expense = {"amount": "45.50", "description": "Latte and bun", "receipt": RECEIPT}
    response = flow.submit(vid, expense=expense)
    assert response.status_code == 201, response.json
    assert response.json["expense"]["amount"] == "45.50"
    [line] = flow.entries(visit_id=vid, kind="expense")
    assert (line.amount, line.claimed, line.capped, line.status) == (
        Decimal("45.50"),
        Decimal("45.50"),
        False,
        "pending",
    )
    assert line.receipt == RECEIPT and line.note == "Latte and bun"


def test_an_expense_over_the_cap_is_capped_and_says_so(flow):
    vid = accepted_with_cap(flow, "40.00")
    response = flow.submit(vid, expense={"amount": "45.50", "description": "Lunch"})
    assert response.status_code == 201, response.json
    [line] = flow.entries(visit_id=vid, kind="expense")
    assert (line.amount, line.claimed, line.capped) == (Decimal("40.00"), Decimal("45.50"), True)
    earnings = flow.shopper.get("/api/v1/me/earnings").json
    shown = next(e for e in earnings["entries"] if e["kind"] == "expense")
    assert shown["amount"] == "40.00" and shown["claimed"] == "45.50" and shown["capped"] is True
    assert "45.50" in shown["detail"] and "40.00" in shown["detail"]


def test_a_resubmission_replaces_the_expense_instead_of_adding_one(flow):
    vid = accepted_with_cap(flow, "100.00")
    assert flow.submit(vid, expense={"amount": "20.00"}).status_code == 201
    flow.review(vid, "return", "Wrong receipt")
    assert flow.submit(vid, expense={"amount": "30.00"}).status_code == 201
    [line] = flow.entries(visit_id=vid, kind="expense")
    assert (line.amount, line.status) == (Decimal("30.00"), "pending")
    flow.review(vid, "return", "No purchase was needed")
    assert flow.submit(vid).status_code == 201
    [line] = flow.entries(visit_id=vid, kind="expense")
    assert line.status == "void"


@pytest.mark.parametrize(
    ("expense", "named"),
    [
        ({"amount": "-5.00"}, "amount"),
        ({"amount": "4.555"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"amount": True}, "amount"),
        ({}, "amount"),
        ({"amount": "5.00", "receipt": "not-a-uuid"}, "receipt"),
    ],
)
def test_a_bad_expense_is_refused_naming_the_field(flow, expense, named):
    vid = accepted_with_cap(flow)
    response = flow.submit(vid, expense=expense)
    assert response.status_code == 422, response.json
    assert named in response.json["errors"]["json"]["expense"]
    assert response.json["message"]
    assert flow.entries() == [] and flow.counts() == (0, 0)
    assert flow.visit_row(vid).status == "accepted"


def test_an_expense_in_another_currency_is_refused(flow):
    vid = accepted_with_cap(flow)
    response = flow.submit(vid, expense={"amount": "5.00", "currency": "EUR"})
    assert response.status_code == 422, response.json
    assert "DKK" in response.json["errors"]["json"]["expense"]["currency"][0]
    assert flow.entries() == [] and flow.counts() == (0, 0)
    assert flow.visit_row(vid).status == "accepted"


def test_the_receipt_uploads_as_media_of_the_receipt_question(flow):
    vid = accepted_with_cap(flow)
    sid = new_uuid()
    media = new_uuid()
    url = f"/api/v1/submissions/{sid}/media/{media}?question=receipt"
    jpeg = picture(seed=3)
    headers = {"Content-Type": "image/jpeg"}
    assert flow.shopper.put(url, data=jpeg, headers=headers).status_code == 201
    refused = flow.shopper.put(
        f"/api/v1/submissions/{sid}/media/{new_uuid()}?question=receipt",
        data=b"%PDF-1.4 not an image",
        headers=headers,
    )
    assert refused.status_code == 415
    body = flow.body(vid, expense={"amount": "12.00", "receipt": media})
    assert flow.shopper.put(f"/api/v1/submissions/{sid}", json=body).status_code == 201
    [line] = flow.entries(kind="expense")
    assert line.receipt == media
    assert flow.coordinator.get(f"/api/v1/media/{media}").status_code == 200


def test_earnings_total_each_status_for_the_shopper_only(flow, create_user):
    approved = flow.approved()
    flow.in_state("submitted", store=1)
    _other, other_api = flow.shopper_client(create_user)
    response = flow.shopper.get("/api/v1/me/earnings")
    assert response.status_code == 200
    body = response.json
    assert body["currency"] == "DKK"
    assert body["totals"] == {
        "pending": "350.00",
        "payable": "350.00",
        "paid": "0.00",
        "void": "0.00",
    }
    assert {e["visit_id"] for e in body["entries"]} >= {approved}
    assert all(isinstance(e["amount"], str) for e in body["entries"])
    entry = next(e for e in body["entries"] if e["visit_id"] == approved)
    assert entry["store_name"] and entry["wave_name"] == "Wave 1"
    empty = other_api.get("/api/v1/me/earnings").json
    assert empty["entries"] == [] and empty["totals"]["payable"] == "0.00"


@pytest.mark.parametrize("role", ["coordinator", "client", "admin"])
def test_earnings_are_for_shoppers(auth, role):
    assert auth(role).get("/api/v1/me/earnings").status_code == 404


def test_ledger_filters_for_coordinators_and_hides_from_others(flow, auth):
    vid = flow.approved()
    flow.in_state("submitted", store=1)
    api = flow.coordinator
    assert len(api.get("/api/v1/ledger").json) == 2
    payable = api.get("/api/v1/ledger?status=payable").json
    assert [e["visit_id"] for e in payable] == [vid]
    wave_id = flow.visit_row(vid).wave_id
    assert [e["visit_id"] for e in api.get(f"/api/v1/ledger?wave_id={wave_id}").json] == [vid]
    mine = api.get(f"/api/v1/ledger?shopper_id={flow.shopper_id}").json
    assert len(mine) == 2
    assert api.get("/api/v1/ledger?status=owed").status_code == 422
    entry_id = payable[0]["id"]
    assert flow.shopper.get("/api/v1/ledger").status_code == 404
    assert flow.shopper.get(f"/api/v1/ledger/{entry_id}").status_code == 200
    outsider = auth("shopper")
    assert outsider.get(f"/api/v1/ledger/{entry_id}").status_code == 404
    assert auth("client").get("/api/v1/ledger").status_code == 404
