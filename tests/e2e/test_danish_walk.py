"""A walk through the staff screens in Danish meets no English text from the server (#14 Done
when): the sign-in error, a validation error on the store form, a flag detail and the audit
entries of the review screen."""

import uuid

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import APPROVED_ANSWERS

# Sentences the server says in English (mystery/errors.py, flags_text.py, events_text.py and
# marshmallow's own field messages): none may reach a Danish screen.
ENGLISH = [
    "Wrong email or password",
    "Invalid or missing",
    "Missing data for required field",
    "Not a valid",
    "No check-in location was recorded",
    "Visit created",
    "assigned the visit",
    "accepted the visit",
    "submitted the visit",
]


def no_english(page):
    text = page.locator("body").inner_text()
    assert [s for s in ENGLISH if s.lower() in text.lower()] == [], text


def test_a_danish_walk_meets_no_english_from_the_server(desk, programme):
    coordinator = programme.coordinator.user
    visit_id = programme.visit("accepted")
    # Submitted without a check-in: the review screen shows the "no check-in" flag.
    body = {"visit_id": visit_id, "answers": APPROVED_ANSWERS}
    put = programme.shopper_api.put(f"/api/v1/submissions/{uuid.uuid4()}", json=body)
    assert put.status_code == 201, put.json
    page = desk
    page.goto("/login")
    page.evaluate("localStorage.setItem('mystery.locale', 'da')")
    page.reload()

    # Sign-in error.
    page.get_by_label("E-mail").fill(coordinator.email)
    page.get_by_label("Adgangskode").fill("wrong password")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Forkert e-mail eller adgangskode.")
    no_english(page)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", name="Bølger", level=1)).to_be_visible()

    # A validation error from the server, on the store form: summary and field messages.
    page.goto(f"/clients/{programme.client.id}")
    page.get_by_text("Tilføj butik", exact=True).first.click()
    form = page.locator("form", has=page.get_by_label("Breddegrad"))
    form.get_by_label("Kode").fill("NY1")
    form.get_by_label("Butiksnavn").fill("Kaffebaren Amager")
    form.get_by_role("button", name="Tilføj butik").click()
    expect(form.get_by_role("alert")).to_contain_text("Ugyldige eller manglende felter")
    expect(form.locator(".field-latitude .field-error")).to_have_text("Feltet skal udfyldes.")
    no_english(page)

    # A flag detail and the audit entries on the review screen.
    page.goto(f"/review/{visit_id}")
    flags = page.locator("section.block", has=page.get_by_role("heading", name="Advarsler"))
    expect(flags).to_contain_text("Der blev ikke registreret nogen check-in-position.")
    audit = page.locator("section.block", has=page.get_by_role("heading", name="Hændelseslog"))
    expect(audit).to_contain_text("Besøg oprettet.")
    expect(audit).to_contain_text(f"{coordinator.name} tildelte besøget.")
    no_english(page)
