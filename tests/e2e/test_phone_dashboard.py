"""The client dashboard on a 360 px phone: no element wider than the screen (DESIGN §16)."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD

WIDER = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  // Visually hidden content (a phone table's clipped header row) is read, never seen.
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip && style.clip !== "auto") return true;
      if (style.overflow === "hidden" && node.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || hidden(el)) continue;
    if (box.left < -1 || box.right > width + 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className}`;
      wide.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20)};
}"""


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
    found = page.evaluate(WIDER)
    context.close()
    assert found["scroll"] <= found["width"], found
    assert found["wide"] == [], found
