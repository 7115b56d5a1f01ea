"""The client dashboard on a 360 px phone: no element wider than the screen (DESIGN §16)."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.layout import WIDER


def test_client_dashboard_fits_360_px(browser, live_server, approved_wave):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 780}, locale="da-DK"
    )
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail").fill(approved_wave["user"].email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("svg.chart").first).to_be_visible()
    # Reports v2 on the dashboard too: the interval in plain words, ranks by what it allows.
    expect(page.locator(".interval-note")).to_be_visible()
    expect(page.locator(".verdict, .tag.warn").first).to_be_attached()
    found = page.evaluate(WIDER, "main *")
    context.close()
    assert found["scroll"] <= found["width"], found
    assert found["wide"] == [], found
