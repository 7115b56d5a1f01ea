"""Every shopper screen at 360×780: no sideways scrolling, touch targets of 44 px, labelled inputs.
Screenshots go to $PWA_SHOTS_DIR (or the test's temporary folder) for a human to look at."""

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import (
    fill_required,
    outbox_items,
    question,
    sign_in,
    wait_for_service_worker,
)

# Controls smaller than this (CSS px) are hard to hit with a thumb.
MIN_TARGET = 44
CHECK_LAYOUT = """(minTarget) => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
  }
  const targets = document.querySelectorAll(
    "main button, main a, main label.option, main label.na, nav a, header button");
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest("[hidden]")) continue;
    if (box.height < minTarget || box.width < minTarget) {
      const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
      problems.push(`${el.textContent.trim().slice(0, 30)}: ${size}`);
    }
  }
  for (const input of document.querySelectorAll("input:not([type=hidden]), textarea, select")) {
    const named = input.labels?.length || input.getAttribute("aria-labelledby");
    if (!named) problems.push(`unlabelled ${input.outerHTML.slice(0, 60)}`);
  }
  return problems;
}"""


def shots_dir(tmp_path):
    folder = Path(os.environ.get("PWA_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def look(page, folder, name):
    page.screenshot(path=str(folder / f"{name}.png"))
    assert page.evaluate(CHECK_LAYOUT, MIN_TARGET) == [], name


def test_every_screen_fits_a_small_phone(page, context, programme, live_server, photo, tmp_path):
    folder = shots_dir(tmp_path)
    programme.open_visit(store=1)
    programme.visit("assigned", store=2)
    programme.visit("accepted", store=0)

    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    look(page, folder, "1-login")

    sign_in(page, programme.shopper.email)
    wait_for_service_worker(page)
    expect(page.locator("li.visit-card")).to_have_count(2)
    look(page, folder, "2-my-visits")

    page.get_by_role("link", name="Open visits").click()
    expect(page.get_by_role("button", name="Claim")).to_be_visible()
    look(page, folder, "3-open-visits")

    page.get_by_role("link", name="My visits").click()
    page.get_by_role("link", name="Kaffebaren Vesterbro").click()
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    look(page, folder, "4-visit-assigned")

    page.get_by_role("link", name="My visits").click()
    page.get_by_role("link", name="Kaffebaren Strøget").click()
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".checkin-status")).to_contain_text("from the store")
    look(page, folder, "5-visit")

    fill_required(page, photo)
    question(page, "Would you recommend this store?").get_by_label("4", exact=True).check()
    question(page, "Why not?").scroll_into_view_if_needed()
    look(page, folder, "6-checklist")
    question(page, "Time in queue").scroll_into_view_if_needed()
    look(page, folder, "7-checklist-stopwatch")
    question(page, "Photo of the counter").scroll_into_view_if_needed()
    look(page, folder, "8-checklist-photo")
    facings = question(page, "How many facings?").get_by_role("spinbutton")
    facings.fill("-2")
    page.get_by_role("button", name="Submit visit").click()
    expect(page.locator(".error-summary")).to_be_visible()
    look(page, folder, "9-checklist-errors")

    facings.fill("12")
    question(page, "Why not?").get_by_role("textbox").first.fill("The music was too loud.")
    context.set_offline(True)
    page.get_by_role("button", name="Submit visit").click()
    expect(outbox_items(page).first).to_have_attribute("data-state", "waiting")
    look(page, folder, "10-outbox-waiting")
    context.set_offline(False)
    expect(outbox_items(page).first).to_have_attribute("data-state", "sent", timeout=20000)
    look(page, folder, "11-outbox-sent")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="My visits").click()
    expect(page.locator("li.visit-card", has_text="Kaffebaren Vesterbro")).to_be_visible()
    look(page, folder, "12-desktop-my-visits")
