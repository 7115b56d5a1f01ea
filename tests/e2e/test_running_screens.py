"""The §16 screens: reassign, unassign and cancel on the board (with confirmation), wave edit,
"Approve and next", store delete and deactivate, searchable tables, and Danish sign-in errors."""

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import APPROVED_ANSWERS


def wave_of(programme, visit_id):
    return programme.coordinator.get(f"/api/v1/visits/{visit_id}").json["wave_id"]


def row(page, visit_id):
    return page.locator(f"tr[data-visit-id='{visit_id}']")


def test_board_reassigns_unassigns_and_cancels(desk, staff_sign_in, programme, create_user):
    other = create_user("shopper", home_latitude=55.7, home_longitude=12.5)
    visit_id = programme.visit("accepted")
    wave_id = wave_of(programme, visit_id)
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    page.goto(f"/waves/{wave_id}")
    store = programme.stores[0].name

    row(page, visit_id).get_by_role("button", name=f"Reassign visit {visit_id} at {store}").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Shopper").select_option(label=other.name)
    dialog.get_by_role("button", name="Assign").click()
    expect(row(page, visit_id)).to_contain_text(other.name)
    expect(row(page, visit_id)).to_have_attribute("data-status", "assigned")

    # Unassigning asks first; "Keep" leaves it as it was.
    row(page, visit_id).get_by_role("button", name=f"Unassign visit {visit_id} at {store}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("The shopper is told")
    confirm.get_by_role("button", name="Keep").click()
    expect(row(page, visit_id)).to_have_attribute("data-status", "assigned")
    row(page, visit_id).get_by_role("button", name=f"Unassign visit {visit_id} at {store}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Unassign").click()
    expect(row(page, visit_id)).to_have_attribute("data-status", "open")

    row(page, visit_id).get_by_role("button", name=f"Cancel visit {visit_id} at {store}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("cannot be undone")
    confirm.get_by_role("button", name="Cancel visit").click()
    expect(row(page, visit_id)).to_have_attribute("data-status", "cancelled")
    assert programme.coordinator.get(f"/api/v1/visits/{visit_id}").json["status"] == "cancelled"

    # The wave editor renames the wave and moves its end.
    page.get_by_text("Edit wave").click()
    page.get_by_label("Wave name").fill("Wave one, extended")
    page.get_by_role("button", name="Save wave").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert programme.coordinator.get(f"/api/v1/waves/{wave_id}").json["name"] == (
        "Wave one, extended"
    )


def submitted(programme, store):
    visit_id = programme.visit("accepted", store=store)
    body = {"visit_id": visit_id, "answers": APPROVED_ANSWERS}
    put = programme.shopper_api.put(f"/api/v1/submissions/{uuid.uuid4()}", json=body)
    assert put.status_code == 201, put.json
    return visit_id


def test_approve_and_next(desk, staff_sign_in, programme):
    first, second = submitted(programme, 0), submitted(programme, 1)
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    page.goto(f"/review/{first}")
    # The decision comes after the answers.
    answers = page.get_by_role("heading", name="Answers").bounding_box()
    decision = page.get_by_role("heading", name="Decision").bounding_box()
    assert decision["y"] > answers["y"]
    page.get_by_role("button", name="Approve and next").click()
    expect(page).to_have_url(f"{page.url.split('/review')[0]}/review/{second}")
    assert programme.coordinator.get(f"/api/v1/visits/{first}").json["status"] == "approved"
    page.get_by_role("button", name="Approve and next").click()
    expect(page).to_have_url(f"{page.url.split('/review')[0]}/review")


def test_stores_search_deactivate_and_delete(desk, staff_sign_in, programme, create_store):
    spare = create_store(client_id=programme.client.id, name="Kaffebaren Spare", code="ZZ9")
    programme.open_visit(store=0)
    page = desk
    staff_sign_in(page, programme.coordinator.user.email, "Waves")
    page.goto(f"/clients/{programme.client.id}")
    stores = page.locator(".list-table")
    page.get_by_label("Search").fill("spare")
    expect(stores.locator("tbody tr")).to_have_count(1)
    stores.get_by_role("button", name="Deactivate").click()
    expect(stores.get_by_role("button", name="Activate")).to_be_visible()
    stores.get_by_role("button", name="Delete Kaffebaren Spare").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Kaffebaren Spare")).to_have_count(0)
    assert programme.coordinator.get(f"/api/v1/stores/{spare.id}").status_code == 404

    # A store with visits is refused, and the page says why.
    page.get_by_label("Search").fill("Strøget")
    expect(stores.locator("tbody tr")).to_have_count(1)
    stores.get_by_role("button", name="Delete Kaffebaren Strøget").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(stores.get_by_role("alert")).to_contain_text("cannot be deleted")


def test_danish_sign_in_error_comes_from_the_server_in_danish(desk, programme):
    page = desk
    page.goto("/login")
    page.evaluate("localStorage.setItem('mystery.locale', 'da')")
    page.reload()
    page.get_by_label("E-mail").fill(programme.shopper.email)
    page.get_by_label("Adgangskode").fill("wrong password")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Forkert e-mail eller adgangskode.")


def test_users_search_edit_and_anonymise(desk, staff_sign_in, programme, create_user):
    admin = create_user("admin")
    shopper = programme.shopper
    page = desk
    staff_sign_in(page, admin.email, "Waves")
    page.goto("/users")
    page.get_by_label("Search").fill(shopper.email)
    table = page.locator(".list-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    table.get_by_role("button", name=f"Edit {shopper.email}").click()
    table.get_by_label("Name").fill("Ida Holm")
    table.get_by_role("button", name="Save user").click()
    expect(table).to_contain_text("Ida Holm")
    table.get_by_role("button", name=f"Anonymise {shopper.email}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Anonymise").click()
    page.get_by_label("Search").fill(f"anonymised-{shopper.id}")
    expect(table).to_contain_text(f"Anonymised user {shopper.id}")
    assert programme.shopper_api.login(shopper.email).status_code == 401
