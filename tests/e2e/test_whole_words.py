"""Words stay whole and screens fit (#14 "Phones"): the staff header, the board, the smiley
labels, the store page, in Danish and Swedish at 360 and 1280 px; nothing runs under the bell."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.layout import OVER_BELL, fits, words_whole

SIGN_IN = {"da": ("E-mail", "Adgangskode", "Log ind"), "sv": ("E-post", "Lösenord", "Logga in")}
HOME = {
    "admin": {"da": "Bølger", "sv": "Vågor"},
    "client": {"da": "Overblik", "sv": "Översikt"},
    "shopper": {"da": "Mine besøg", "sv": "Mina besök"},
}
SMILEYS = {"da": ["Glad", "Neutral", "Utilfreds"], "sv": ["Nöjd", "Neutral", "Missnöjd"]}


@pytest.fixture
def signed_in(browser, live_server):
    """Open a page of the given size in a language and sign a user in through the form."""
    contexts = []

    def open_as(user, language, width):
        ctx = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 800},
            locale={"da": "da-DK", "sv": "sv-SE"}[language],
            timezone_id="Europe/Copenhagen",
        )
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto("/login")
        page.evaluate(f"localStorage.setItem('mystery.locale', '{language}')")
        page.reload()
        email, password, button = SIGN_IN[language]
        page.get_by_label(email).fill(user.email)
        page.get_by_label(password).fill(PASSWORD)
        page.get_by_role("button", name=button).click()
        home = HOME[user.role][language]
        expect(page.get_by_role("heading", name=home, level=1)).to_be_visible()
        return page

    yield open_as
    for ctx in contexts:
        ctx.close()


def header_is_whole(page):
    """Every word of the top bar and menu on one line, none under the bell, the bell drawn."""
    expect(page.locator("#account .bell svg.bell-icon")).to_be_visible()
    words_whole(page, ".topbar")
    found = page.evaluate(OVER_BELL)
    assert found["over"] == [], found
    fits(page, "header *")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["da", "sv"])
def test_staff_header_and_board_keep_words_whole(
    signed_in, approved_wave, create_user, width, language
):
    admin = create_user("admin")
    page = signed_in(admin, language, width)
    header_is_whole(page)
    # The board: "Hovedstaden" in its Region column, store names, shoppers, statuses.
    page.goto(f"/waves/{approved_wave['wave']['id']}")
    expect(page.locator("tr[data-visit-id]")).to_have_count(2)
    expect(page.locator("tr[data-visit-id]").first).to_contain_text("Hovedstaden")
    header_is_whole(page)
    words_whole(page, "table.data td, table.data th")
    fits(page)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["da", "sv"])
def test_smiley_labels_keep_words_whole(signed_in, programme, width, language):
    programme.visit("accepted")
    page = signed_in(programme.shopper, language, width)
    header_is_whole(page)
    page.locator("a", has_text="Kaffebaren Strøget").first.click()
    mood = page.get_by_role("group", name="Overall impression")
    labels = mood.locator(".option > span")
    expect(labels).to_have_text(SMILEYS[language])
    words_whole(page, ".options.smileys .option > span")
    # One line each: a label box is no taller than its line.
    for label in labels.all():
        height, line = label.evaluate(
            "el => [el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).lineHeight)]"
        )
        assert height <= line + 1, (label.text_content(), height, line)
    words_whole(page, ".nav a")
    fits(page)


def test_store_page_fits_360_px(signed_in, approved_wave, programme):
    page = signed_in(approved_wave["user"], "da", 360)
    header_is_whole(page)
    page.goto(f"/dashboard/stores/{programme.stores[0].id}")
    expect(page.get_by_role("heading", name=programme.stores[0].name, level=1)).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    fits(page)
    words_whole(page, "main h1, main h2, main th, main dt, main label")
