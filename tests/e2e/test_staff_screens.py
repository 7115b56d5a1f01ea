"""Every coordinator, client and admin screen at 1280×800 and 360×780: no sideways scrolling,
every input labelled, the staff catalogs complete. Screenshots go to $FACES_SHOTS_DIR (or the
test's temporary folder) for a human to look at."""

import json
import os
from pathlib import Path

from playwright.sync_api import expect

WEB = Path(__file__).resolve().parents[2] / "web"
CHECK = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const input of document.querySelectorAll("main input, main textarea, main select")) {
    if (input.closest("[hidden]")) continue;
    const named = input.labels?.length || input.getAttribute("aria-labelledby")
      || input.getAttribute("aria-label");
    if (!named) problems.push(`unlabelled ${input.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll("main button, main a")) {
    if (!el.textContent.trim() && !el.getAttribute("aria-label") && !el.querySelector("img[alt]")) {
      problems.push(`nameless ${el.outerHTML.slice(0, 80)}`);
    }
  }
  return problems;
}"""


def test_staff_catalogs_have_the_same_keys():
    english = json.loads((WEB / "staff" / "i18n" / "en.json").read_text())
    for code in ("da", "sv"):
        other = json.loads((WEB / "staff" / "i18n" / f"{code}.json").read_text())
        assert set(other) == set(english), code


def test_every_staff_screen_fits_desktop_and_phone(
    desk, context, staff_sign_in, programme, approved_wave, create_user, tmp_path
):
    folder = Path(os.environ.get("FACES_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    wave_id = approved_wave["wave"]["id"]
    visit_id = approved_wave["visits"][0]["id"]
    store_id = programme.stores[0].id
    admin = create_user("admin")
    screens = {
        admin.email: [
            ("waves", "/waves", "Waves"),
            ("clients", "/clients", "Clients"),
            ("client", f"/clients/{programme.client.id}", "Kaffebaren"),
            ("checklists", "/checklists", "Checklists"),
            ("builder", f"/checklists/{programme.checklist.id}", "Store audit"),
            ("wave-new", "/waves/new", "New wave"),
            ("wave-board", f"/waves/{wave_id}", "Winter 2026"),
            ("review-queue", "/review", "Review queue"),
            ("review", f"/review/{visit_id}", "Kaffebaren Strøget · Winter 2026"),
            ("users", "/users", "Users"),
            ("appeals", "/appeals", "Appeals"),
        ],
        approved_wave["user"].email: [
            ("dashboard", f"/dashboard?wave={wave_id}", "Dashboard"),
            ("store", f"/dashboard/stores/{store_id}?wave={wave_id}", "Kaffebaren Strøget"),
            ("visit", f"/dashboard/visits/{visit_id}", None),
            ("actions", f"/actions?store={store_id}", "Corrective actions: Kaffebaren Strøget"),
        ],
    }
    for size, page in (("desk", desk), ("phone", context.new_page())):
        for email, pages in screens.items():
            page.context.clear_cookies()
            staff_sign_in(page, email, "Waves" if email == admin.email else "Dashboard")
            for name, path, heading in pages:
                page.goto(path)
                if heading:
                    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
                else:
                    expect(page.locator(".score-box")).to_be_visible()
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
                assert page.evaluate(CHECK) == [], f"{name} at {size}"
