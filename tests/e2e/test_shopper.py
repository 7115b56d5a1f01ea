"""The shopper's screens: sign-in, My visits, the job board, a visit's lifecycle, languages."""

import uuid

from playwright.sync_api import expect

from mystery.visits.models import Submission, Visit
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_required, outbox_items, question, rows, sign_in


def test_wrong_password_is_explained(page, programme, live_server):
    page.goto("/visits")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2Fvisits")
    page.get_by_label("Email").fill(programme.shopper.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/visits")


def test_job_board_claim(page, programme, live_server):
    programme.open_visit(store=1)
    sign_in(page, programme.shopper.email)
    expect(page.get_by_text("You have no visits to do right now.")).to_be_visible()
    page.get_by_role("link", name="Open visits").click()
    card = page.locator("li.visit-card", has_text="Kaffebaren Nørreport")
    expect(card).to_contain_text("km away")
    card.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("heading", name="Kaffebaren Nørreport")).to_be_visible()
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    page.get_by_role("link", name="My visits").click()
    expect(page.locator("li.visit-card", has_text="Kaffebaren Nørreport")).to_contain_text(
        "Assigned"
    )


def test_decline_returns_the_visit_to_the_board(page, programme, live_server):
    visit_id = programme.visit("assigned")
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()
    expect(page.locator("li.visit-card")).to_have_count(0)
    assert rows(programme.app, Visit, id=visit_id)[0].status == "open"


def test_returned_visit_shows_the_note_and_is_submitted_again(page, programme, live_server, photo):
    visit_id = programme.visit("accepted")
    body = {
        "visit_id": visit_id,
        "answers": [
            {"question": "greeted", "value": True},
            {"question": "litter", "value": None, "na": True},
            {"question": "friendly", "value": 5},
            {"question": "upsell", "value": "yes"},
            {"question": "queue", "value": 30},
            {"question": "mood", "value": "happy"},
            {"question": "clean", "value": True},
            {"question": "counter", "value": None, "media": [str(uuid.uuid4())]},
        ],
    }
    put = programme.shopper_api.put(f"/api/v1/submissions/{uuid.uuid4()}", json=body)
    assert put.status_code == 201, put.json
    review = {"decision": "return", "note": "The counter photo is missing."}
    assert (
        programme.coordinator.post(f"/api/v1/visits/{visit_id}/review", json=review).status_code
        == 200
    )

    sign_in(page, programme.shopper.email)
    card = page.locator("li.visit-card", has_text="Kaffebaren Strøget")
    expect(card).to_contain_text("Returned")
    expect(card).to_contain_text("Coordinator's note: The counter photo is missing.")
    card.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_text("The counter photo is missing.")).to_be_visible()
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").click()
    expect(outbox_items(page).first).to_have_attribute("data-state", "sent", timeout=20000)
    assert len(rows(programme.app, Submission, visit_id=visit_id)) == 2
    assert rows(programme.app, Visit, id=visit_id)[0].status == "submitted"


def test_the_users_language_and_switching_it(page, programme, live_server, create_user):
    dane = create_user("shopper", locale="da", home_latitude=55.7, home_longitude=12.57)
    visit_id = programme.open_visit(store=2)
    programme.coordinator.post(f"/api/v1/visits/{visit_id}/assign", json={"shopper_id": dane.id})
    page.goto("/login")
    page.get_by_label("Email").fill(dane.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Mine besøg", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Ledige besøg")).to_be_visible()
    expect(page.get_by_role("link", name="Udbakke")).to_be_visible()
    page.get_by_role("link", name="Kaffebaren Vesterbro").click()
    page.get_by_role("button", name="Accepter").click()
    greeted = question(page, "Blev du hilst på?")
    expect(greeted.get_by_label("Ja", exact=True)).to_be_visible()
    expect(
        question(page, "Did staff suggest an extra item?").get_by_label("Delvist")
    ).to_be_visible()
    expect(
        question(page, "Was there litter on the floor?").get_by_label("Ikke relevant")
    ).to_be_visible()

    page.get_by_label("Sprog").select_option("sv")
    expect(page.get_by_role("link", name="Mina besök")).to_be_visible()
    # The question has no Swedish text: English is the fallback, the answers are Swedish.
    expect(question(page, "Were you greeted?").get_by_label("Ja", exact=True)).to_be_visible()
    expect(question(page, "Overall impression").get_by_label("Nöjd", exact=True)).to_be_visible()
    page.get_by_label("Språk").select_option("en")
    expect(page.get_by_role("link", name="My visits")).to_be_visible()
    expect(question(page, "Were you greeted?").get_by_label("Yes", exact=True)).to_be_visible()


def test_other_roles_get_their_own_start_page(page, programme, live_server, create_user):
    coordinator = create_user("coordinator")
    page.goto("/login")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Waves", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="My visits")).to_have_count(0)
    page.goto("/visits")  # a shopper's page: back to the coordinator's start
    expect(page).to_have_url(f"{live_server.url}/waves")
