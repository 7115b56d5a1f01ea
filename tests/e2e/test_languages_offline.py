"""Languages offline: the precache holds English; a language once used stays on the device."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in, wait_for_service_worker

CACHED_PATHS = """(name) => caches.open(name)
    .then((cache) => cache.keys())
    .then((keys) => keys.map((request) => new URL(request.url).pathname))"""


def cached(page, version):
    return set(page.evaluate(CACHED_PATHS, f"mystery-shell-{version}"))


def wait_until_cached(page, version, path):
    page.wait_for_function(
        "([name, path]) => caches.open(name).then((c) => c.match(path)).then(Boolean)",
        arg=[f"mystery-shell-{version}", path],
        polling=200,
    )


def cold_start(context, page):
    """Airplane mode, and the app opened cold in a new page."""
    context.set_offline(True)
    page.close()
    page = context.new_page()
    page.goto("/")
    return page


def test_a_danish_shopper_stays_danish_offline_across_an_update(
    page, context, programme, live_server, create_user
):
    dane = create_user("shopper", locale="da")
    page.goto("/login")
    page.get_by_label("Email").fill(dane.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Mine besøg", level=1)).to_be_visible()
    wait_for_service_worker(page)
    wait_until_cached(page, "test-1", "/static/i18n/da.json")
    paths = cached(page, "test-1")
    assert "/static/i18n/sv.json" not in paths and "/static/icons/icon-512.png" not in paths

    # A new version carries the Danish strings over, though its precache is English only.
    programme.app.config["PWA_VERSION"] = "test-2"
    page.reload()
    page.get_by_role("button", name="Opdater nu").click()
    page.wait_for_function(
        "caches.keys().then(k => k.length === 1 && k[0] === 'mystery-shell-test-2')",
        polling=200,
    )
    assert "/static/i18n/da.json" in cached(page, "test-2")

    page = cold_start(context, page)
    expect(page.get_by_role("heading", name="Mine besøg", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Udbakke")).to_be_visible()


def test_a_language_not_on_the_device_says_so_offline_and_stays_once_chosen(
    page, context, programme, live_server
):
    sign_in(page, programme.shopper.email)
    wait_for_service_worker(page)

    context.set_offline(True)
    page.get_by_label("Language").select_option("sv")
    expect(page.get_by_role("alert")).to_contain_text("This language is not on this device yet.")
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")

    context.set_offline(False)
    page.get_by_label("Language").select_option("sv")
    expect(page.get_by_role("heading", name="Mina besök", level=1)).to_be_visible()
    expect(page.get_by_text("This language is not on this device yet.")).to_have_count(0)
    wait_until_cached(page, "test-1", "/static/i18n/sv.json")

    page = cold_start(context, page)
    expect(page.get_by_role("heading", name="Mina besök", level=1)).to_be_visible()
