"""The shopper's day: sign in once, then work offline from a cold start, and sync when back."""

from datetime import date

from playwright.sync_api import expect

from mystery.media.models import Media
from mystery.visits.models import Submission, Visit
from tests.e2e.conftest import (
    add_photo,
    outbox_items,
    question,
    rows,
    sign_in,
    wait_for_service_worker,
)


def test_offline_cold_start_fill_every_type_and_sync(
    page, context, traffic, programme, live_server, photo
):
    visit_id = programme.visit("assigned")
    sign_in(page, programme.shopper.email)

    card = page.locator("li.visit-card", has_text="Kaffebaren Strøget")
    expect(card).to_contain_text("Assigned")
    expect(card.get_by_role("link", name="Map")).to_have_attribute(
        "href",
        "https://www.openstreetmap.org/?mlat=55.676100&mlon=12.568300#map=17/55.676100/12.568300",
    )
    card.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_text("Buy a large latte and ask for a recommendation.")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("button", name="Submit visit")).to_be_visible()
    wait_for_service_worker(page)

    # Airplane mode, and the app opened cold: a new page, nothing from the server. The old
    # page goes first, and what it had asked for (its bell polls every minute, and a loaded
    # machine can take that long) is answered or dropped before we count.
    blank = context.new_page()
    page.close()
    traffic.wait_idle(blank)
    live_server.wait_idle()
    context.set_offline(True)
    page = blank
    before = len(live_server.seen())
    page.goto("/")
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()
    expect(page.get_by_text("You are offline.")).to_be_visible()
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_role("heading", name="Kaffebaren Strøget")).to_be_visible()

    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".checkin-status")).to_contain_text("accuracy 12 m")
    expect(page.locator(".checkin-status")).to_contain_text("m from the store")

    greeted = question(page, "Were you greeted?")
    greeted.get_by_label("Yes", exact=True).check()
    greeted.get_by_label("Comment").fill("Greeted by Anna at the till.")
    question(page, "Was there litter on the floor?").get_by_label("Not applicable").check()
    question(page, "How friendly was the staff?").get_by_label("4", exact=True).check()

    # The draft survives a reload (still offline).
    expect(page.locator(".save-state")).to_have_text("Saved on this device")
    page.reload()
    expect(
        question(page, "How friendly was the staff?").get_by_label("4", exact=True)
    ).to_be_checked()
    expect(question(page, "Were you greeted?").get_by_label("Comment")).to_have_value(
        "Greeted by Anna at the till."
    )
    expect(
        question(page, "Was there litter on the floor?").get_by_label("Not applicable")
    ).to_be_checked()

    question(page, "Did staff suggest an extra item?").get_by_label("Partly").check()
    queue = question(page, "Time in queue")
    # The phone's clock, not the machine's: 65 s pass on it however busy the machine is.
    page.clock.install()
    queue.get_by_role("button", name="Start timer").click()
    expect(queue.get_by_role("button", name="Stop timer")).to_be_enabled()
    page.clock.fast_forward(65_000)
    queue.get_by_role("button", name="Stop timer").click()
    expect(queue.get_by_label("Seconds")).not_to_have_value("")
    seconds = int(queue.get_by_label("Seconds").input_value())
    assert 65 <= seconds < 120  # inside the first band, so the score stays the same
    question(page, "Overall impression").get_by_label("Happy").check()

    # show_if, live: "Why not?" only for a detractor's score.
    expect(question(page, "Why not?")).to_be_hidden()
    question(page, "Would you recommend this store?").get_by_label("5", exact=True).check()
    question(page, "Why not?").get_by_role("textbox").first.fill("Too noisy to talk.")
    question(page, "How many facings?").get_by_role("spinbutton").fill("12")
    question(page, "Date of the visit").locator("input[type=date]").fill(date.today().isoformat())
    question(page, "Time you arrived").locator("input[type=time]").fill("10:05")
    add_photo(page, photo)
    question(page, "Was the store clean?").get_by_label("Yes", exact=True).check()
    expect(page.locator(".progress-text")).to_have_text("13 of 13 answered")

    page.get_by_role("button", name="Submit visit").click()
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
    expect(outbox_items(page)).to_have_count(1)
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")
    expect(outbox_items(page).first).to_contain_text("Waiting")
    # Nothing reached the server; the browser's own update check for /sw.js escapes
    # Playwright's offline emulation (it would simply fail in real airplane mode).
    offline_requests = [r for r in live_server.seen()[before:] if r[1] != "/sw.js"]
    assert offline_requests == []
    assert rows(programme.app, Submission) == []

    context.set_offline(False)
    expect(outbox_items(page).first).to_have_attribute("data-state", "sent", timeout=20000)
    expect(outbox_items(page).first).to_contain_text("Photos: 1 of 1 sent")

    submissions = rows(programme.app, Submission)
    assert len(submissions) == 1
    visit = rows(programme.app, Visit, id=visit_id)[0]
    assert visit.status == "submitted"
    assert round(visit.score_total, 1) == 91.7
    answers = {a["question"]: a for a in submissions[0].answers}
    assert answers["greeted"] == {
        "question": "greeted",
        "value": True,
        "comment": "Greeted by Anna at the till.",
    }
    assert answers["litter"]["na"] is True
    assert answers["queue"]["value"] == seconds
    assert answers["why"]["value"] == "Too noisy to talk."
    assert answers["facings"]["value"] == 12 and answers["arrival"]["value"] == "10:05"
    assert submissions[0].checkin["accuracy_m"] == 12
    [media] = rows(programme.app, Media)
    assert answers["counter"]["media"] == [media.uuid]
    assert (media.width, media.height) == (1600, 1200)
    assert media.exif_taken_at is not None  # the EXIF time survived the downscale


def test_show_if_and_client_validation_before_submit(page, programme, live_server):
    programme.visit("accepted")
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Kaffebaren Strøget").click()

    recommend = question(page, "Would you recommend this store?")
    recommend.get_by_label("3", exact=True).check()
    expect(question(page, "Why not?")).to_be_visible()
    recommend.get_by_label("10", exact=True).check()
    expect(question(page, "Why not?")).to_be_hidden()
    question(page, "How many facings?").get_by_role("spinbutton").fill("-2")

    page.get_by_role("button", name="Submit visit").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(question(page, "Were you greeted?")).to_contain_text("An answer is required.")
    expect(question(page, "Photo of the counter")).to_contain_text("Add at least one photo.")
    expect(question(page, "How many facings?")).to_contain_text("Must be at least 0.")
    expect(
        summary.get_by_role("link", name="Time in queue: An answer is required.")
    ).to_be_visible()
    # Fixing a question clears its message at once.
    question(page, "Were you greeted?").get_by_label("No", exact=True).check()
    expect(question(page, "Were you greeted?")).not_to_contain_text("An answer is required.")
    expect(page).to_have_url(f"{live_server.url}/visits/{programme_visit_id(page)}")
    assert live_server.seen("PUT") == []


def programme_visit_id(page):
    return page.url.rsplit("/", 1)[-1]
