"""Closing the loop (DESIGN §15) in the browser: Fix first → Create action → evidence; and an
appeal from the client's visit page upheld in the coordinator's queue, re-scoring the visit."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_create_an_action_from_fix_first_and_finish_it_with_evidence(
    desk, staff_sign_in, approved_wave, programme, photo
):
    page = desk
    staff_sign_in(page, approved_wave["user"].email, "Dashboard")
    dashboard_fix = page.locator("section.fix-first-block")
    expect(dashboard_fix.get_by_role("heading", name="Fix first")).to_be_visible()
    # Ranked by points lost: friendly (4 of 5: 0.75 of 3 points per visit) before upsell (0.5).
    expect(dashboard_fix.locator("li.fix-item").first).to_contain_text(
        "How friendly was the staff?"
    )

    store = programme.stores[0]
    page.goto(f"/dashboard/stores/{store.id}?wave={approved_wave['wave']['id']}")
    expect(page.get_by_role("heading", name=store.name, level=1)).to_be_visible()
    fix = page.locator("section.fix-first-block")
    first = fix.locator("li.fix-item").first
    expect(first).to_contain_text("How friendly was the staff?")
    first.get_by_role("button", name="Create action").click()
    first.get_by_label("Title").fill("Smile training for the morning shift")
    first.get_by_label("Assignee").fill("Mette")
    first.get_by_role("button", name="Save action").click()
    expect(first.get_by_role("status")).to_have_text("Action created.")

    actions = page.locator("section.actions-block")
    card = actions.locator("li.action-card", has_text="Smile training for the morning shift")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Open")
    card.get_by_label("Status").select_option(label="Done")
    card.get_by_label("Note").fill("Trained on Monday")
    card.get_by_label("Evidence photo").set_input_files(str(photo))
    card.get_by_role("button", name="Save change").click()
    done = actions.locator("li.action-card", has_text="Smile training for the morning shift")
    expect(done.locator(".status")).to_have_text("Done")
    expect(done.get_by_role("img", name=re.compile("Evidence photo"))).to_be_visible()
    done.get_by_role("button", name="Show every change").click()
    expect(done.locator(".action-history li")).to_have_count(3)  # created, photo, changed

    listed = programme.coordinator.get(f"/api/v1/actions?store_id={store.id}").json
    assert [(a["title"], a["status"], a["question"], a["assignee"]) for a in listed] == [
        ("Smile training for the morning shift", "done", "friendly", "Mette")
    ]
    assert listed[0]["evidence"]


def test_a_client_appeals_and_a_coordinator_upholds_with_a_corrected_value(
    desk, staff_sign_in, approved_wave, programme, create_user
):
    page = desk
    visit = approved_wave["visits"][0]
    staff_sign_in(page, approved_wave["user"].email, "Dashboard")
    page.goto(f"/dashboard/visits/{visit['id']}")
    row = page.locator("li.answer-row", has_text="How friendly was the staff?")
    row.get_by_role("button", name="Appeal").click()
    row.get_by_label("Reason").fill("The staff were warm and helpful; 5 is right.")
    row.get_by_role("button", name="Send appeal").click()
    expect(row.get_by_role("status")).to_contain_text("Appeal sent")
    before = programme.coordinator.get(f"/api/v1/visits/{visit['id']}").json["score"]["total"]

    coordinator = create_user("coordinator")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    staff_sign_in(page, coordinator.email, "Waves", PASSWORD)
    page.get_by_role("link", name="Appeals").click()
    expect(page.get_by_role("heading", name="Appeals", level=1)).to_be_visible()
    card = page.locator("li.appeal-card", has_text="How friendly was the staff?")
    expect(card).to_contain_text("The staff were warm and helpful")
    card.get_by_label("Corrected value").fill("5")
    card.get_by_label("Note").fill("Agreed after a call with the shopper")
    card.get_by_role("button", name="Uphold").click()
    expect(page.get_by_text("No appeals.")).to_be_visible()

    after = programme.coordinator.get(f"/api/v1/visits/{visit['id']}").json
    assert after["score"]["total"] > before
    assert [h["total"] for h in after["score_history"]] == [before]
    page.goto("/appeals?status=upheld")
    expect(page.locator("li.appeal-card")).to_contain_text("Upheld")

    # The client's visit page shows the score history.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    staff_sign_in(page, approved_wave["user"].email, "Dashboard")
    page.goto(f"/dashboard/visits/{visit['id']}")
    history = page.locator("section.block", has=page.get_by_role("heading", name="Score history"))
    expect(history).to_contain_text("Agreed after a call with the shopper")
