"""Nothing lost, nothing doubled: the outbox against lost answers, double taps, two tabs, 5xx,
422, an app update and an expired session. Every test ends with the server holding exactly the
submissions the app saw acknowledged."""

import json

from playwright.sync_api import expect

from mystery.media.models import Media
from mystery.visits.models import Submission
from tests.e2e.conftest import (
    fill_required,
    outbox_items,
    question,
    rows,
    sign_in,
    wait_for_service_worker,
)

SUBMISSION_PUTS = "**/api/v1/submissions/*"


def open_checklist(page, programme, status="accepted"):
    visit_id = programme.visit(status)
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_role("button", name="Submit visit")).to_be_visible()
    return visit_id


def submission_puts(live_server):
    """(path, status) of the submission PUTs the server answered (photos excluded)."""
    return [
        (path, status)
        for _method, path, status in live_server.seen("PUT", "/api/v1/submissions/")
        if "/media/" not in path
    ]


def expect_all_sent(page, count=1):
    expect(outbox_items(page)).to_have_count(count)
    for index in range(count):
        expect(outbox_items(page).nth(index)).to_have_attribute("data-state", "sent", timeout=20000)


def assert_server_holds(app, visit_id, count=1):
    submissions = rows(app, Submission, visit_id=visit_id)
    assert len(submissions) == count, submissions
    return submissions


def test_response_lost_after_the_server_committed(page, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    seen = []

    def lose_the_first_answer(route):
        seen.append(route.request.url)
        if len(seen) == 1:
            route.fetch()  # the server stores it…
            route.abort("connectionreset")  # …and its answer never reaches the phone
        else:
            route.continue_()

    page.route(SUBMISSION_PUTS, lose_the_first_answer)
    page.get_by_role("button", name="Submit visit").click()
    expect_all_sent(page)

    assert len(seen) == 2 and seen[0] == seen[1]  # the retry reused the UUID
    puts = submission_puts(live_server)
    assert [status for _path, status in puts] == [201, 200]
    assert_server_holds(programme.app, visit_id)
    assert len(rows(programme.app, Media)) == 1


def test_double_tap_on_submit(page, context, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").dblclick()
    expect_all_sent(page)
    assert len(submission_puts(live_server)) == 1
    assert_server_holds(programme.app, visit_id)


def test_same_visit_in_two_tabs(page, context, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    wait_for_service_worker(page)
    other = context.new_page()
    other.goto(f"/visits/{visit_id}")
    expect(other.get_by_role("button", name="Submit visit")).to_be_visible()

    fill_required(page, photo)
    # The other tab follows the draft as it is saved.
    expect(question(other, "Was the store clean?").get_by_label("Yes", exact=True)).to_be_checked()
    expect(question(other, "Photo of the counter").get_by_role("img")).to_have_count(1)

    # Tap "Submit visit" in both tabs within a few milliseconds: whichever tab comes second
    # either reuses the first one's UUID from the draft or already shows it as queued.
    tap = "document.querySelector('button.submit')?.click()"
    other.evaluate(tap)
    page.evaluate(tap)
    expect(other.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
    for tab in (page, other):
        tab.get_by_role("link", name="Outbox").click()  # in-app: an unload could cut a PUT short
        expect_all_sent(tab)
    assert len(submission_puts(live_server)) == 1  # one UUID, sent once (the tabs share a lock)
    assert_server_holds(programme.app, visit_id)


def test_concurrent_queueing_of_one_visit_makes_one_submission(page, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    # What two tabs (or a double tap that got past the button) do at the same instant.
    uuids = page.evaluate(
        """async (id) => {
            const { queueSubmission } = await import("/static/js/outbox.js");
            const { loadDraft } = await import("/static/js/drafts.js");
            const { loadVisit } = await import("/static/js/visits.js");
            const { buildAnswers } = await import("/static/js/rules.js");
            const visit = await loadVisit(id);
            const draft = await loadDraft(id);
            const answers = buildAnswers(visit.checklist.definition, draft.answers);
            const content = {visit_id: id, answers, started_at: draft.startedAt,
                             checkin: draft.checkin};
            const results = await Promise.all(
                [queueSubmission(visit, content), queueSubmission(visit, content)]);
            return results.map((r) => r.uuid);
        }""",
        visit_id,
    )
    assert uuids[0] == uuids[1]
    page.get_by_role("link", name="Outbox").click()
    expect_all_sent(page)
    assert submission_puts(live_server) == [(f"/api/v1/submissions/{uuids[0]}", 201)]
    assert_server_holds(programme.app, visit_id)


def test_server_error_then_success(page, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)
    calls = []

    def fail_once(route):
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fulfill(
                status=503,
                content_type="application/json",
                body=json.dumps({"code": 503, "status": "Service Unavailable", "message": "Down."}),
            )
        else:
            route.continue_()

    page.route(SUBMISSION_PUTS, fail_once)
    page.get_by_role("button", name="Submit visit").click()
    expect_all_sent(page)
    assert len(calls) == 2 and calls[0] == calls[1]
    assert [status for _path, status in submission_puts(live_server)] == [201]
    assert_server_holds(programme.app, visit_id)


def test_refused_submission_stays_visible_until_fixed(page, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    fill_required(page, photo)

    def drop_an_answer(route):
        # What reaches the server lacks a required answer: it refuses with 422.
        body = json.loads(route.request.post_data)
        body["answers"] = [a for a in body["answers"] if a["question"] != "greeted"]
        route.continue_(post_data=json.dumps(body))

    page.route(SUBMISSION_PUTS, drop_an_answer)
    page.get_by_role("button", name="Submit visit").click()
    item = outbox_items(page).first
    expect(item).to_have_attribute("data-state", "failed")
    expect(item).to_contain_text("Failed")
    expect(item).to_contain_text("Some answers need attention: greeted.")
    expect(item).to_contain_text("greeted: An answer is required.")
    page.reload()  # still there after a reload, with its message
    expect(outbox_items(page).first).to_contain_text("Some answers need attention: greeted.")
    assert_server_holds(programme.app, visit_id, count=0)
    assert rows(programme.app, Media) == []  # photos wait for their submission

    page.unroute(SUBMISSION_PUTS)
    outbox_items(page).first.get_by_role("link", name="Open draft").click()
    expect(page.get_by_text("The server refused this submission:")).to_be_visible()
    expect(question(page, "Were you greeted?")).to_contain_text("An answer is required.")
    question(page, "Were you greeted?").get_by_label("Comment").fill("Fixed and sent again.")
    page.get_by_role("button", name="Submit visit").click()
    expect_all_sent(page)

    uuids = {path for path, _status in submission_puts(live_server)}
    assert len(uuids) == 2  # the corrected attempt went under a new UUID
    [stored] = assert_server_holds(programme.app, visit_id)
    assert "greeted" in {a["question"] for a in stored.answers}
    assert len(rows(programme.app, Media)) == 1


def test_app_update_keeps_the_outbox(page, context, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    wait_for_service_worker(page)
    context.set_offline(True)
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").click()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")

    # A new version is deployed while the submission waits (kept waiting by a dead network).
    programme.app.config["PWA_VERSION"] = "test-2"
    page.route(SUBMISSION_PUTS, lambda route: route.abort("internetdisconnected"))
    context.set_offline(False)
    page.reload()
    expect(page.get_by_text("A new version of the app is ready.")).to_be_visible()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")

    page.get_by_role("button", name="Update now").click()
    page.wait_for_function(
        "caches.keys().then(k => k.length === 1 && k[0] === 'mystery-shell-test-2')",
        polling=200,
    )
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
    expect(outbox_items(page)).to_have_count(1)
    assert_server_holds(programme.app, visit_id, count=0)

    page.unroute(SUBMISSION_PUTS)
    page.get_by_role("button", name="Sync now").click()
    expect_all_sent(page)
    assert_server_holds(programme.app, visit_id)


def test_session_expired_while_offline(page, context, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    wait_for_service_worker(page)
    context.set_offline(True)
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").click()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")

    context.clear_cookies()  # the session ends while the phone is offline
    context.set_offline(False)
    expect(page.get_by_text("Your session has expired.")).to_be_visible()
    expect(
        page.get_by_text("1 submission is waiting to be sent after you sign in.")
    ).to_be_visible()
    assert_server_holds(programme.app, visit_id, count=0)

    page.get_by_label("Email").fill(programme.shopper.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Outbox").click()
    expect_all_sent(page)
    assert_server_holds(programme.app, visit_id)


def test_sign_out_warns_while_the_outbox_is_not_empty(page, context, programme, live_server, photo):
    visit_id = open_checklist(page, programme)
    wait_for_service_worker(page)
    context.set_offline(True)
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").click()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")

    # The handler answers the dialog the moment it opens (it opens after an IndexedDB read,
    # so after the click returns); the click does not wait for a navigation that the
    # dismissed dialog cancels, which a loaded machine could wait out.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as dialog_info:
        page.get_by_role("button", name="Sign out").click(no_wait_after=True)
    assert "1 submission has not been sent yet" in dialog_info.value.message
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click(no_wait_after=True)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    context.set_offline(False)
    sign_in(page, programme.shopper.email)
    page.get_by_role("link", name="Outbox").click()
    expect_all_sent(page)
    assert_server_holds(programme.app, visit_id)


def test_conflict_from_the_server_is_kept_until_discarded(page, context, programme, photo):
    visit_id = open_checklist(page, programme)
    wait_for_service_worker(page)
    context.set_offline(True)
    fill_required(page, photo)
    page.get_by_role("button", name="Submit visit").click()
    cancel = programme.coordinator.post(f"/api/v1/visits/{visit_id}/cancel", json={})
    assert cancel.status_code == 200, cancel.json

    context.set_offline(False)
    item = outbox_items(page).first
    expect(item).to_have_attribute("data-state", "failed")
    expect(item).to_contain_text(f"Visit {visit_id} is cancelled")
    assert_server_holds(programme.app, visit_id, count=0)

    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Discard").click()
    expect(outbox_items(page)).to_have_count(0)
    expect(page.get_by_text("Nothing has been submitted from this device yet.")).to_be_visible()
    assert rows(programme.app, Media) == []
