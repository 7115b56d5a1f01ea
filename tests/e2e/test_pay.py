"""Shopper pay in the browser: an offline expense with its receipt, Earnings and Profile offline
from the last sync, and the coordinator's payout with a pain.001 file that validates."""

from pathlib import Path

import sepaxml
import xmlschema
from playwright.sync_api import expect

from mystery.media.models import Media
from mystery.pay.models import LedgerEntry
from tests.e2e.conftest import fill_required, outbox_items, rows, sign_in, wait_for_service_worker

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def capped_visit(programme, cap="40.00"):
    """An accepted visit of a wave that reimburses purchases up to `cap`."""
    visit_id = programme.visit("accepted")
    wave_id = programme.coordinator.get(f"/api/v1/visits/{visit_id}").json["wave_id"]
    response = programme.coordinator.patch(f"/api/v1/waves/{wave_id}", json={"expense_cap": cap})
    assert response.status_code == 200, response.json
    return visit_id


def test_offline_expense_then_earnings_then_payout(
    page, context, desk, programme, live_server, photo, staff_sign_in
):
    visit_id = capped_visit(programme)
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Earnings").click()
    expect(page.get_by_role("heading", name="Earnings", level=1)).to_be_visible()
    expect(page.get_by_text("No earnings yet.")).to_be_visible()
    page.get_by_role("link", name="My visits").click()
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_role("button", name="Submit visit")).to_be_visible()
    wait_for_service_worker(page)

    # Offline: the purchase and its receipt go into the draft and the outbox like the answers.
    context.set_offline(True)
    page.reload()
    fill_required(page, photo)
    purchase = page.get_by_role("region", name="Purchase")
    expect(purchase).to_contain_text("Reimbursed up to DKK 40.00 a visit.")
    purchase.get_by_label("Amount spent").fill("45,50")
    purchase.get_by_label("What you bought").fill("Large latte and a bun")
    purchase.get_by_label("Add receipt photo").set_input_files(str(photo))
    expect(purchase.get_by_role("img", name="Receipt")).to_be_visible()
    page.get_by_role("button", name="Submit visit").click()
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")
    assert rows(programme.app, LedgerEntry) == []

    context.set_offline(False)
    expect(outbox_items(page).first).to_have_attribute("data-state", "sent", timeout=20000)
    expect(outbox_items(page).first).to_contain_text("Photos: 2 of 2 sent")
    expense = rows(programme.app, LedgerEntry, kind="expense")[0]
    assert (str(expense.amount), str(expense.claimed), expense.capped) == ("40.00", "45.50", True)
    assert [m.question for m in rows(programme.app, Media, uuid=expense.receipt)] == ["receipt"]

    review = programme.coordinator.post(
        f"/api/v1/visits/{visit_id}/review", json={"decision": "approve", "rating": 5}
    )
    assert review.status_code == 200, review.json

    page.get_by_role("link", name="Earnings").click()
    totals = page.get_by_role("definition")
    expect(page.locator(".total-payable dd")).to_have_text("DKK 390.00")
    expect(page.locator(".total-pending dd")).to_have_text("DKK 0.00")
    card = page.locator("li.earnings-visit", has_text="Kaffebaren Strøget")
    expect(card.locator(".ledger-line", has_text="Fee")).to_contain_text("DKK 350.00")
    expect(card.locator(".ledger-line", has_text="Expense")).to_contain_text("DKK 40.00")
    expect(card.locator(".ledger-line", has_text="Expense")).to_contain_text(
        "You claimed DKK 45.50"
    )
    expect(totals).to_have_count(3)

    # Cold start in airplane mode: Earnings from the last sync.
    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.goto("/earnings")
    expect(page.get_by_role("heading", name="Earnings", level=1)).to_be_visible()
    expect(page.locator(".total-payable dd")).to_have_text("DKK 390.00")
    expect(
        page.get_by_role("status").filter(has_text="Offline: showing your earnings")
    ).to_be_visible()
    context.set_offline(False)

    # The coordinator pays: the shopper has an IBAN now; create, look, download the bank file.
    assert (
        programme.shopper_api.patch(
            "/api/v1/me", json={"iban": "DK50 0040 0440 1162 43"}
        ).status_code
        == 200
    )
    staff_sign_in(desk, programme.coordinator.user.email, "Waves")
    desk.get_by_role("link", name="Payouts").click()
    expect(desk.get_by_role("heading", name="Payouts", level=1)).to_be_visible()
    desk.get_by_label("Currency").select_option("DKK")
    desk.get_by_role("button", name="Create payout").click()
    expect(desk.get_by_role("heading", name="Payout", level=1)).to_be_visible()
    expect(desk.locator("table").first).to_contain_text("DK5000400440116243")
    expect(desk.locator("table").first).to_contain_text("DKK 390.00")
    with desk.expect_download() as info:
        desk.get_by_role("link", name="Download pain.001 XML").click()
    xml = Path(info.value.path()).read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(xml)
    assert "<CtrlSum>390.00</CtrlSum>" in xml and "<NbOfTxs>1</NbOfTxs>" in xml
    desk.get_by_role("button", name="Mark paid").click()
    desk.get_by_role("alertdialog").get_by_role("button", name="Mark paid").click()
    expect(desk.locator(".payout-summary")).to_contain_text("Paid")
    assert {e.status for e in rows(programme.app, LedgerEntry)} == {"paid"}


def test_profile_saves_online_and_reads_offline(page, context, programme):
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Profile", level=1)).to_be_visible()
    page.get_by_label("IBAN").fill("DK51 0040 0440 1162 43")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#profile-iban-error")).to_contain_text("not valid")
    page.get_by_label("IBAN").fill("dk50 0040 0440 1162 43")
    page.get_by_label("Phone").fill("+45 12 34 56 78")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    expect(page.get_by_label("IBAN")).to_have_value("DK5000400440116243")
    wait_for_service_worker(page)

    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.goto("/profile")
    expect(page.get_by_role("heading", name="Profile", level=1)).to_be_visible()
    expect(page.get_by_label("IBAN")).to_have_value("DK5000400440116243")
    expect(page.get_by_label("Phone")).to_have_value("+45 12 34 56 78")
    expect(
        page.get_by_role("status").filter(has_text="Offline: showing your profile")
    ).to_be_visible()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saving needs a connection.")).to_be_visible()

    # Danish, too.
    page.get_by_label("Language").last.select_option("da")
    expect(page.get_by_role("heading", name="Profil", level=1)).to_be_visible()


def test_the_shopper_takes_a_quiz(page, programme):
    quiz = {
        "client_id": programme.client.id,
        "name": "Kaffebaren basics",
        "pass_mark": 100,
        "questions": [
            {
                "key": "greeting",
                "text": "How soon must staff greet you?",
                "options": [
                    {"value": "30s", "label": "Within 30 seconds"},
                    {"value": "never", "label": "They need not"},
                ],
                "correct": "30s",
            }
        ],
    }
    created = programme.coordinator.post("/api/v1/certifications", json=quiz)
    assert created.status_code == 201, created.json
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Kaffebaren basics").click()
    expect(page.get_by_role("heading", name="Kaffebaren basics", level=1)).to_be_visible()
    page.get_by_label("They need not").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Not passed: 0 %")).to_be_visible()
    page.get_by_label("Within 30 seconds").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Passed with 100 %")).to_be_visible()


def test_assign_without_the_certification_is_overridden_with_a_reason(
    desk, staff_sign_in, programme
):
    from mystery.visits.models import Visit, VisitEvent
    from mystery.waves.models import Wave

    quiz = {
        "client_id": programme.client.id,
        "name": "Barista basics",
        "pass_mark": 50,
        "questions": [
            {
                "key": "milk",
                "text": "Milk for a flat white?",
                "options": [
                    {"value": "micro", "label": "Microfoam"},
                    {"value": "none", "label": "None"},
                ],
                "correct": "micro",
            }
        ],
    }
    certification = programme.coordinator.post("/api/v1/certifications", json=quiz).json
    visit_id = programme.open_visit(store=1)
    wave_id = rows(programme.app, Visit, id=visit_id)[0].wave_id
    staff_sign_in(desk, programme.coordinator.user.email, "Waves")
    desk.goto(f"/waves/{wave_id}")
    # The wave editor sets the required quiz.
    desk.get_by_text("Edit wave").click()
    desk.get_by_label("Required certification").select_option(str(certification["id"]))
    desk.get_by_role("button", name="Save wave").click()
    expect(desk.get_by_text("Saved").first).to_be_visible()
    assert rows(programme.app, Wave, id=wave_id)[0].certification_id == certification["id"]
    desk.locator(f"tr[data-visit-id='{visit_id}']").get_by_role("button", name="Assign").click()
    dialog = desk.get_by_role("dialog")
    dialog.get_by_label("Shopper").select_option(str(programme.shopper.id))
    dialog.get_by_role("button", name="Assign").click()
    expect(dialog.get_by_role("alert").first).to_contain_text("requires a certification")
    expect(dialog.get_by_role("alert").first).to_contain_text("Barista basics")
    dialog.get_by_label("Reason for the override").fill("Trained in the shop last week.")
    dialog.get_by_role("button", name="Override").click()
    expect(desk.get_by_role("dialog")).to_have_count(0)
    expect(desk.locator(f"tr[data-visit-id='{visit_id}']")).to_contain_text("Assigned")
    reasons = [e.reason for e in rows(programme.app, VisitEvent, visit_id=visit_id) if e.reason]
    assert reasons == ["Trained in the shop last week."]
