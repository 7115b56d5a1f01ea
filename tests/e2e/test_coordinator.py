"""The coordinator's face: checklist builder, waves, the visit board, auto-assign, review."""

import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from mystery.visits.models import Visit, VisitEvent
from tests.conftest import ApiClient
from tests.e2e.conftest import rows

CAFE = {"latitude": 55.6761, "longitude": 12.5683}


def _field(scope, label):
    return scope.get_by_label(label, exact=True)


def test_build_publish_wave_autoassign_return_and_approve(
    desk, staff_sign_in, app, create_client, create_store, create_user
):
    client = create_client(name="Kaffebaren", locale="da")
    for i, name in enumerate(("Kaffebaren Strøget", "Kaffebaren Nørreport")):
        create_store(client_id=client.id, name=name, latitude=CAFE["latitude"] + i / 100)
    coordinator = create_user("coordinator")
    shopper = create_user("shopper", home_latitude=55.70, home_longitude=12.57)
    page = desk
    staff_sign_in(page, coordinator.email, "Waves")

    # A new draft from the checklist list.
    page.get_by_role("link", name="Checklists").click()
    page.get_by_text("New checklist").click()
    page.get_by_label("Checklist name").fill("Café audit")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", name="Café audit", level=1)).to_be_visible()

    # Question 1: the starter yes/no, with its text in English and Danish; critical.
    first = page.locator("details.q-editor").nth(0)
    first.locator("summary").click()
    _field(first, "Question text (en)").fill("Were you greeted?")
    _field(first, "Question text (da)").fill("Blev du hilst på?")
    first.get_by_label("Critical").check()
    preview = page.locator(".builder-preview")
    expect(preview.get_by_role("group", name="Were you greeted?")).to_be_visible()

    # Question 2: a scale, given a duplicate key first so the server refuses it.
    page.get_by_role("button", name="Add question").click()
    second = page.locator("details.q-editor").nth(1)
    _field(second, "Type").select_option("scale")
    second = page.locator("details.q-editor").nth(1)
    _field(second, "Key").fill("q1")
    _field(second, "Question text (en)").fill("How friendly was the staff?")
    _field(second, "Maximum").fill("5")
    expect(preview.get_by_role("group", name="How friendly was the staff?")).to_be_visible()
    expect(
        preview.get_by_role("group", name="How friendly was the staff?").get_by_label(
            "5", exact=True
        )
    ).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    error = second.locator(".field-error:not([hidden])").first
    expect(error).to_contain_text("Duplicate question key 'q1'")
    expect(_field(second, "Key")).to_have_attribute("aria-invalid", "true")
    expect(_field(second, "Question text (en)")).to_have_value("How friendly was the staff?")
    _field(second, "Key").fill("friendly")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("button", name="Revise")).to_be_visible()
    expect(page.locator(".meta .status")).to_have_text("Published")

    # A wave over both stores.
    page.get_by_role("link", name="Waves").click()
    page.get_by_role("link", name="New wave").click()
    page.get_by_label("Wave name").fill("Winter 2026")
    expect(page.get_by_label("Checklist")).to_contain_text("Café audit")
    page.get_by_label("Ends on").fill((date.today() + timedelta(days=20)).isoformat())
    page.get_by_label("Fee per visit").fill("350")
    page.get_by_role("button", name="Create wave").click()
    expect(page.get_by_role("heading", name="Winter 2026", level=1)).to_be_visible()
    expect(page.locator("tr[data-status=open]")).to_have_count(2)

    # Auto-assign: the proposal with distances, then apply it.
    page.get_by_role("button", name="Auto-assign").click()
    proposal = page.locator("section.proposal")
    expect(proposal.locator("tbody tr")).to_have_count(2)
    expect(proposal).to_contain_text(shopper.name)
    expect(proposal).to_contain_text("km")
    proposal.get_by_role("button", name="Apply all").click()
    expect(proposal.get_by_text("2 visits assigned.")).to_be_visible()
    expect(page.locator("tr[data-status=assigned]")).to_have_count(2)

    # The shopper accepts and submits one through the API.
    shopper_api = ApiClient(app, shopper)
    assert shopper_api.login(shopper.email).status_code == 200
    visit = rows(app, Visit, shopper_id=shopper.id)[0]
    assert shopper_api.post(f"/api/v1/visits/{visit.id}/accept", json={}).status_code == 200
    answers = [{"question": "q1", "value": True}, {"question": "friendly", "value": 4}]
    put = shopper_api.put(
        f"/api/v1/submissions/{uuid.uuid4()}", json={"visit_id": visit.id, "answers": answers}
    )
    assert put.status_code == 201, put.json

    # Review: return needs a note; then approve the re-submission.
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_text("How friendly was the staff?")).to_be_visible()
    expect(page.locator(".answer-row", has_text="How friendly")).to_contain_text("0.75 / 1 points")
    expect(page.locator(".score-box")).to_contain_text("87.5 %")
    page.get_by_role("button", name="Return").click()
    expect(page.get_by_text("Write a note to return the visit.").first).to_be_visible()
    page.get_by_label("Note", exact=True).fill("Tell us more about the greeting.")
    page.get_by_role("button", name="Return").click()
    expect(page.locator("dl.facts")).to_contain_text("Returned")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)

    put = shopper_api.put(
        f"/api/v1/submissions/{uuid.uuid4()}", json={"visit_id": visit.id, "answers": answers}
    )
    assert put.status_code == 201, put.json
    page.reload()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text("Approved")
    log = page.locator("section.block", has=page.get_by_role("heading", name="Audit log"))
    expect(log).to_contain_text("Tell us more about the greeting.")
    assert rows(app, Visit, id=visit.id)[0].status == "approved"


def test_assign_refused_by_rotation_then_overridden_with_a_reason(
    desk, staff_sign_in, app, programme
):
    first = programme.visit("assigned", store=0)
    second = programme.open_visit(store=0)
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    wave_id = rows(app, Visit, id=second)[0].wave_id
    page.goto(f"/waves/{wave_id}")
    page.locator(f"tr[data-visit-id='{second}']").get_by_role("button", name="Assign").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Shopper").select_option(str(programme.shopper.id))
    dialog.get_by_role("button", name="Assign").click()
    expect(dialog.get_by_role("alert").first).to_contain_text("rotation")
    dialog.get_by_role("button", name="Override").click()
    expect(dialog.get_by_text("A reason is required").first).to_be_visible()
    dialog.get_by_label("Reason for the override").fill("Only shopper in the area this week.")
    dialog.get_by_role("button", name="Override").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator(f"tr[data-visit-id='{second}']")).to_contain_text("Assigned")
    reasons = [e.reason for e in rows(app, VisitEvent, visit_id=second) if e.reason]
    assert reasons == ["Only shopper in the area this week."]
    assert first != second


def test_store_csv_import_shows_row_errors_and_imports_nothing(
    desk, staff_sign_in, app, create_client, create_user, tmp_path
):
    client = create_client(name="Skafferiet", locale="sv")
    coordinator = create_user("coordinator")
    page = desk
    staff_sign_in(page, coordinator.email, "Waves")
    page.goto(f"/clients/{client.id}")
    expect(page.get_by_text("No stores yet.")).to_be_visible()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,address,city,region,latitude,longitude\n"
        "S1,Skafferiet Södermalm,Götgatan 1,Stockholm,Stockholm,59.31,18.07\n"
        "S2,,Kungsgatan 2,Stockholm,Stockholm,north,18.06\n"
    )
    page.get_by_text("Import stores from CSV").click()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    result = page.locator(".import-result")
    expect(result).to_contain_text("nothing was imported")
    expect(result.locator("tbody tr")).to_have_count(1)
    expect(result.locator("tbody tr")).to_contain_text("3")
    expect(result.locator("tbody tr")).to_contain_text("latitude")
    good = tmp_path / "good.csv"
    good.write_text(
        bad.read_text()
        .replace(",,Kungsgatan", ",Skafferiet City,Kungsgatan")
        .replace("north", "59.33")
    )
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(result).to_contain_text("2 stores created.")
    expect(page.locator("table.data").first).to_contain_text("Skafferiet City")


def test_client_form_shows_the_server_error_at_the_field_and_keeps_input(
    desk, staff_sign_in, create_user
):
    coordinator = create_user("coordinator")
    page = desk
    staff_sign_in(page, coordinator.email, "Waves")
    page.get_by_role("link", name="Clients").click()
    page.get_by_role("link", name="New client").click()
    page.get_by_label("Name").fill("Bageriet")
    page.get_by_label("Brand colour").fill("blue")
    page.get_by_role("button", name="Create client").click()
    colour = page.get_by_label("Brand colour")
    expect(colour).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-brand_colour .field-error")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Bageriet")
    colour.fill("#AA5500")
    page.get_by_label("Rotation window (days)").fill("60")
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("heading", name="Bageriet", level=1)).to_be_visible()
    expect(page.get_by_label("Rotation window (days)")).to_have_value("60")


def test_auto_assign_applies_only_the_checked_pairs(desk, staff_sign_in, app, programme):
    body = {
        "client_id": programme.client.id,
        "checklist_id": programme.checklist.id,
        "name": "Spring 2027",
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=10)).isoformat(),
        "fee": "300.00",
        "store_ids": [programme.stores[1].id, programme.stores[2].id],
        "visits_per_store": 1,
    }
    wave = programme.coordinator.post("/api/v1/waves", json=body).json
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    page.get_by_role("link", name="Spring 2027").click()
    page.get_by_role("button", name="Auto-assign").click()
    proposal = page.locator("section.proposal")
    expect(proposal.locator("tbody tr")).to_have_count(2)
    proposal.get_by_role("checkbox").first.uncheck()
    proposal.get_by_role("button", name="Apply checked").click()
    expect(proposal.get_by_text("1 visit assigned.")).to_be_visible()
    expect(page.locator("tr[data-status=assigned]")).to_have_count(1)
    statuses = sorted(v.status for v in rows(app, Visit, wave_id=wave["id"]))
    assert statuses == ["assigned", "open"]
