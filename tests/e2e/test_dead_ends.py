"""No dead ends (DESIGN §6 v2), in Chromium: the six situations of issue 10 where work used to
get stuck or unreachable. Each ends with the shopper able to finish (or to read and discard what
can no longer be sent) and the server holding one submission per attempt and every photo."""

import json
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from mystery.media.models import Media, MediaLink
from mystery.visits.models import Submission
from tests.e2e.conftest import (
    PASSWORD,
    fill_required,
    outbox_items,
    question,
    rows,
    sign_in,
    wait_for_service_worker,
)

MEDIA_PUTS = "**/api/v1/submissions/*/media/*"
SUBMISSION_PUT = "**/api/v1/submissions/*"


def open_checklist(page, programme, status="accepted"):
    visit_id = programme.visit(status)
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_role("button", name="Submit visit")).to_be_visible()
    return visit_id


def submit(page):
    page.get_by_role("button", name="Submit visit").click()
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()


def expect_sent(page):
    item = outbox_items(page).first
    try:
        expect(item).to_have_attribute("data-state", "sent", timeout=20000)
    except AssertionError as error:
        # Say what the server answered: the item shows its refusal.
        raise AssertionError(f"{error}\nThe outbox shows: {item.inner_text()!r}") from None


def photos_of(programme, visit_id):
    return programme.coordinator.get(f"/api/v1/visits/{visit_id}").json["photos"]


def test_a_photo_refused_as_too_large_is_sent_smaller(page, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    answered = []

    def too_large_once(route):
        answered.append(route.request.url)
        if len(answered) == 1:
            body = {
                "code": 413,
                "status": "Payload Too Large",
                "message": "The upload is too large.",
            }
            route.fulfill(status=413, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    page.route(MEDIA_PUTS, too_large_once)
    submit(page)
    expect_sent(page)
    assert len(answered) == 2 and answered[0] == answered[1]  # the same media UUID, smaller
    assert photos_of(programme, visit_id) == {"referenced": 1, "received": 1}
    assert len(rows(programme.app, Submission, visit_id=visit_id)) == 1


def test_a_photo_refused_as_not_an_image_offers_replace(page, programme, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    refusals = []

    def refuse_once(route):
        if not refusals:
            refusals.append(route.request.url)
            body = {"code": 415, "status": "Unsupported Media Type", "message": "Not a photo."}
            route.fulfill(status=415, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    page.route(MEDIA_PUTS, refuse_once)
    submit(page)
    item = outbox_items(page).first
    expect(item).to_have_attribute("data-state", "failed")
    expect(item).to_have_attribute("data-action", "replace")
    expect(item.get_by_text("Not a photo.")).to_be_visible()
    item.get_by_label("Replace photo").set_input_files(str(photo))
    expect_sent(page)
    assert photos_of(programme, visit_id) == {"referenced": 1, "received": 1}


def test_a_conflict_on_a_photo_is_retried_by_sync_now(page, programme, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    conflicts = []

    def conflict_once(route):
        if not conflicts:
            conflicts.append(1)
            body = {"code": 409, "status": "Conflict", "message": "Try later."}
            route.fulfill(status=409, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    page.route(MEDIA_PUTS, conflict_once)
    submit(page)
    expect(outbox_items(page).first).to_have_attribute("data-action", "retry")
    page.get_by_role("button", name="Sync now").click()
    expect_sent(page)
    page.reload()
    expect_sent(page)
    assert photos_of(programme, visit_id) == {"referenced": 1, "received": 1}


def queue_offline(page, context, photo):
    wait_for_service_worker(page)
    context.set_offline(True)
    fill_required(page, photo)
    submit(page)
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")


def expect_readable_then_discard(page):
    item = outbox_items(page).first
    expect(item).to_have_attribute("data-state", "failed", timeout=20000)
    expect(item).to_have_attribute("data-action", "gone")
    expect(item.get_by_text("is no longer yours to send")).to_be_visible()
    item.get_by_text("View answers").click()
    expect(item.locator("dt", has_text="greeted")).to_be_visible()
    expect(item.get_by_role("img", name="Photo for counter")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Discard").click()
    expect(outbox_items(page)).to_have_count(0)


def test_a_visit_cancelled_while_offline_stays_readable(page, context, programme, photo):
    visit_id = open_checklist(page, programme)
    queue_offline(page, context, photo)
    assert (
        programme.coordinator.post(f"/api/v1/visits/{visit_id}/cancel", json={}).status_code == 200
    )
    context.set_offline(False)
    expect(outbox_items(page).first.get_by_text(f"Visit {visit_id} is cancelled")).to_be_visible(
        timeout=20000
    )
    expect_readable_then_discard(page)
    assert rows(programme.app, Submission, visit_id=visit_id) == []


def test_a_visit_reassigned_while_offline_stays_readable(
    page, context, programme, photo, create_user
):
    visit_id = open_checklist(page, programme)
    queue_offline(page, context, photo)
    other = create_user("shopper", home_latitude=55.70, home_longitude=12.57)
    body = {"shopper_id": other.id}
    response = programme.coordinator.post(f"/api/v1/visits/{visit_id}/assign", json=body)
    assert response.status_code == 200, response.json
    context.set_offline(False)
    expect_readable_then_discard(page)
    assert rows(programme.app, Submission, visit_id=visit_id) == []


def test_a_draft_started_on_a_clock_days_ahead_can_be_submitted(page, programme, photo):
    ahead = datetime.now(UTC) + timedelta(days=2)
    page.clock.install(time=ahead)
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)  # the draft starts "two days from now"
    page.clock.set_system_time(datetime.now(UTC))  # the phone's clock is put right
    submit(page)
    expect_sent(page)
    (stored,) = rows(programme.app, Submission, visit_id=visit_id)
    assert stored.started_at <= stored.finished_at


def test_a_retry_after_a_clock_correction_does_not_wait_days(page, programme, photo):
    page.clock.install(time=datetime.now(UTC) + timedelta(days=2))
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    failures = []

    def fail_once(route):
        if "/media/" not in route.request.url and not failures:
            failures.append(1)
            route.fulfill(status=503, content_type="application/json", body="{}")
        else:
            route.continue_()

    page.route(SUBMISSION_PUT, fail_once)
    submit(page)
    expect(outbox_items(page).first.get_by_text("status 503")).to_be_visible()
    page.clock.set_system_time(datetime.now(UTC))  # two days back: the retry is due in seconds
    expect_sent(page)
    assert len(rows(programme.app, Submission, visit_id=visit_id)) == 1
    # Sent while the phone was two days ahead: accepted, and flagged for the reviewer.
    flags = programme.coordinator.get(f"/api/v1/visits/{visit_id}").json["flags"]
    assert "clock_skew" in {flag["code"] for flag in flags}


FULL_STORAGE = """
window.__storageFull = false;
navigator.storage.estimate = async () => ({ quota: 100 * 1024 * 1024, usage: 80 * 1024 * 1024 });
const put = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (...args) {
  if (window.__storageFull && ["media", "outbox"].includes(this.name)) {
    throw new DOMException("", "QuotaExceededError");
  }
  return put.apply(this, args);
};
"""


def test_storage_running_out_is_said_in_words_and_loses_nothing(page, programme, photo):
    page.add_init_script(FULL_STORAGE)
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    counter = question(page, "Photo of the counter")
    expect(counter.get_by_text("Only 20 MB of storage is left")).to_be_visible()

    page.evaluate("window.__storageFull = true")
    counter.get_by_label("Add photo").set_input_files(str(photo))
    expect(counter.get_by_text("out of storage space")).to_be_visible()
    expect(counter.get_by_role("img")).to_have_count(1)
    page.get_by_role("button", name="Submit visit").click()
    expect(page.get_by_role("alert").filter(has_text="out of storage space")).to_be_visible()

    page.evaluate("window.__storageFull = false")
    page.reload()
    expect(question(page, "Photo of the counter").get_by_role("img")).to_have_count(1)
    submit(page)
    expect_sent(page)
    assert len(rows(programme.app, Submission, visit_id=visit_id)) == 1
    assert photos_of(programme, visit_id) == {"referenced": 1, "received": 1}


def test_a_returned_visit_opens_prefilled_on_a_fresh_browser(
    page, browser, live_server, programme, photo
):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    question(page, "How many facings?").locator("input").fill("7")
    submit(page)
    expect_sent(page)
    response = programme.coordinator.post(
        f"/api/v1/visits/{visit_id}/review", json={"decision": "return", "note": "Add the date"}
    )
    assert response.status_code == 200

    fresh = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 780}, locale="en-GB"
    )
    try:
        other = fresh.new_page()
        sign_in(other, programme.shopper.email)
        other.get_by_role("link", name="Kaffebaren Strøget").click()
        expect(other.get_by_role("button", name="Submit visit")).to_be_visible()
        expect(question(other, "How many facings?").locator("input")).to_have_value("7")
        expect(question(other, "Were you greeted?").get_by_label("Yes", exact=True)).to_be_checked()
        expect(question(other, "Photo of the counter").get_by_role("img")).to_have_count(1)
        expect(other.get_by_text("0 of ")).to_have_count(0)
        question(other, "How many facings?").locator("input").fill("8")
        submit(other)
        expect_sent(other)
    finally:
        fresh.close()

    first, second = sorted(rows(programme.app, Submission, visit_id=visit_id), key=lambda s: s.id)
    assert len(rows(programme.app, Media)) == 1  # the photo was not uploaded again
    links = {link.submission_uuid for link in rows(programme.app, MediaLink)}
    assert links == {first.uuid, second.uuid}
    assert photos_of(programme, visit_id) == {"referenced": 1, "received": 1}
    assert {a["question"]: a.get("value") for a in second.answers}["facings"] == 8


def test_a_remembered_sign_in_survives_a_browser_restart(page, context, programme, photo):
    visit_id = programme.visit("accepted")
    page.goto("/login")
    page.get_by_label("Email").fill(programme.shopper.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Keep me signed in on this device for 30 days").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    queue_offline(page, context, photo)

    # The browser is closed and opened again: its session cookie is gone, the rest stays.
    page.close()
    context.clear_cookies(name="session")
    assert [c["name"] for c in context.cookies()] == ["mystery_remember"]
    context.set_offline(False)
    page = context.new_page()
    page.goto("/outbox")
    expect_sent(page)
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
    assert len(rows(programme.app, Submission, visit_id=visit_id)) == 1
