"""Reports v2 (DESIGN §8): read in da, sv and en with pdftotext and pdfinfo, for the review's
cases: one visit, two visits, seven overlapping stores, another checklist version, a critical
failure, a significant and an insignificant change, an upheld appeal re-scoring a visit."""

import re
import shutil
import subprocess
from datetime import date, timedelta
from urllib.parse import unquote

import pytest

from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import pdftotext
from tests.reports.test_pdf_visit import keep

programme = pdf_fixtures.programme
LANGS = ["da", "sv", "en"]
WORDS = {
    "fix": {"da": "Ret først", "sv": "Åtgärda först", "en": "Fix first"},
    "trend": {"da": "Udvikling", "sv": "Utveckling", "en": "Trend"},
    "few": {
        "da": "for få besøg til at vurdere",
        "sv": "för få besök för att bedöma",
        "en": "too few visits to judge",
    },
    "sig": {"da": "signifikant", "sv": "signifikant", "en": "significant"},
    "normal": {
        "da": "inden for normal variation",
        "sv": "inom normal variation",
        "en": "within normal variation",
    },
    "low_n": {
        "da": "Bygger kun på 1 besøg",
        "sv": "Bygger bara på 1 besök",
        "en": "Based on only 1 visit:",
    },
    "low_n2": {
        "da": "Bygger kun på 2 besøg",
        "sv": "Bygger bara på 2 besök",
        "en": "Based on only 2 visits:",
    },
    "one_answer": {"da": "1 svar", "sv": "1 svar", "en": "1 answer"},
    "no_interval": {
        "da": "Med kun ét besøg er der intet 95 %-interval",
        "sv": "Med bara ett besök finns inget 95 %-intervall",
        "en": "With a single visit there is no 95 % interval",
    },
    "interval": {
        "da": "95 %-intervallet er det spænd",
        "sv": "95 %-intervallet är det spann",
        "en": "The 95 % interval is the range",
    },
    "version": {
        "da": "Tjeklisten er ændret: Store audit v1 dengang, v2 nu",
        "sv": "Checklistan har ändrats: Store audit v1 då, v2 nu",
        "en": "Checklist changed: Store audit v1 then, v2 now",
    },
    "store_report": {"da": "Butiksrapport", "sv": "Butiksrapport", "en": "Store report"},
    "chain_report": {"da": "Kæderapport", "sv": "Kedjerapport", "en": "Chain report"},
    "visit_report": {"da": "Besøgsrapport", "sv": "Besöksrapport", "en": "Visit report"},
    "critical": {"da": "KRITISK FEJL", "sv": "KRITISKT FEL", "en": "CRITICAL FAILURE"},
}


def pdfinfo(pdf: bytes) -> dict:
    """Read a PDF's document information with poppler's pdfinfo."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed")
    run = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    info = {}
    for line in run.stdout.decode().splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def reading_order(pdf: bytes) -> str:
    """Extract a PDF's text in content order (no -layout): each box's text stays together."""
    run = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(run.stdout.decode().split())


def before(text: str, anchor: str, width: int = 60) -> str:
    """Return the text just before the first `anchor`."""
    at = text.index(anchor)
    return text[max(0, at - width) : at]


def store_pdf(programme, store_id, wave_id, lang, name):
    response = programme.coordinator.get(
        f"/api/v1/stores/{store_id}/report.pdf?wave_id={wave_id}&lang={lang}"
    )
    assert response.status_code == 200, response.json
    keep(f"{name}-{lang}.pdf", response.data)
    return response


def days(n):
    return date.today() + timedelta(days=n)


@pytest.mark.parametrize("lang", LANGS)
def test_store_with_one_visit_warns_and_is_tagged(programme, lang):
    _spring, visits = programme.wave(store_indexes=(0,), name="Spring", starts_on=days(-40))
    programme.approve(visits[0]["id"], friendly=4)
    wave, visits = programme.wave(store_indexes=(0,), name="Autumn 2026")
    programme.approve(visits[0]["id"], greeted=False, comment="Nobody looked up")
    store = programme.field.stores[0]
    response = store_pdf(programme, store.id, wave["id"], lang, "one-visit")
    text = pdftotext(response.data)
    # Fix first opens the report, the critical failure first, with the shopper's comment.
    fix = text.index(WORDS["fix"][lang])
    assert fix < text.index(WORDS["trend"][lang])
    assert text.index("Were you greeted within 30 seconds?", fix) < text.index(
        "How friendly was the staff?", fix
    )
    assert "Nobody looked up" in text
    assert WORDS["low_n"][lang] in text and WORDS["no_interval"][lang] in text
    assert WORDS["few"][lang] in text  # 1 visit against 1: no test
    assert WORDS["one_answer"][lang] in text and "1 answers" not in text
    assert WORDS["trend"][lang] in text and "Spring" in text
    info = pdfinfo(response.data)
    assert info["Tagged"] == "yes"
    meta = subprocess.run(["pdfinfo", "-meta", "-"], input=response.data, capture_output=True)
    assert 'pdfuaid:part="1"' in meta.stdout.decode()  # PDF/UA-1
    assert store.name in info["Title"] and "Autumn 2026" in info["Title"]
    assert WORDS["store_report"][lang] in info["Title"]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    utf8 = unquote(disposition.split("filename*=UTF-8''")[1])
    assert utf8 == f"{WORDS['store_report'][lang]} - {store.name} - Autumn 2026.pdf"


@pytest.mark.parametrize("lang", LANGS)
def test_two_visits_explain_the_interval(programme, lang):
    wave, visits = programme.wave(store_indexes=(0,), visits_per_store=2)
    programme.approve(visits[0]["id"])
    programme.approve(visits[1]["id"], friendly=2, upsell="no")
    text = pdftotext(
        store_pdf(programme, programme.field.stores[0].id, wave["id"], lang, "two").data
    )
    assert WORDS["low_n2"][lang] in text and WORDS["interval"][lang] in text


def _three(programme, visits, **overrides):
    for visit in visits:
        programme.approve(visit["id"], **overrides)


@pytest.mark.parametrize("lang", LANGS)
def test_a_significant_change_and_one_within_normal_variation(programme, lang):
    store = programme.field.stores[0]
    # Spring: 3 visits near 60 %; Autumn: 3 at 100 % — far apart, little spread.
    _spring, visits = programme.wave(
        store_indexes=(0,), visits_per_store=3, name="Spring", starts_on=days(-60)
    )
    for visit, friendly in zip(visits, (1, 2, 1), strict=True):
        programme.approve(visit["id"], friendly=friendly, upsell="no", queue=400)
    autumn, visits = programme.wave(store_indexes=(0,), visits_per_store=3, name="Autumn")
    _three(programme, visits)
    pdf = store_pdf(programme, store.id, autumn["id"], lang, "significant").data
    assert WORDS["sig"][lang] in before(reading_order(pdf), "Spring:")
    # Winter: 3 visits spread widely around Autumn's mean — not a real change.
    winter, visits = programme.wave(
        store_indexes=(0,), visits_per_store=3, name="Winter", starts_on=days(30)
    )
    programme.approve(visits[0]["id"])
    programme.approve(visits[1]["id"], friendly=1, upsell="no")
    programme.approve(visits[2]["id"], friendly=4)
    pdf = store_pdf(programme, store.id, winter["id"], lang, "normal").data
    assert WORDS["normal"][lang] in before(reading_order(pdf), "Autumn:")
    assert "Spring" in pdftotext(pdf)  # the trend names the earlier waves


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_across_checklist_versions_says_so(programme, lang):
    coordinator = programme.coordinator
    _spring, visits = programme.wave(store_indexes=(0,), name="Spring", starts_on=days(-40))
    programme.approve(visits[0]["id"])
    draft = coordinator.post(f"/api/v1/checklists/{programme.field.checklist.id}/revise")
    assert draft.status_code == 201, draft.json
    published = coordinator.post(f"/api/v1/checklists/{draft.json['id']}/publish")
    assert published.status_code == 200, published.json
    wave, visits = programme.wave(store_indexes=(0,), checklist_id=draft.json["id"])
    programme.approve(visits[0]["id"])
    store = programme.field.stores[0]
    text = pdftotext(store_pdf(programme, store.id, wave["id"], lang, "version").data)
    assert WORDS["version"][lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_chain_report_of_seven_overlapping_stores(programme, create_store, lang):
    field = programme.field
    extra = [create_store(client_id=field.client.id, region="Midtjylland") for _ in range(5)]
    field.stores.extend(extra)
    stores = field.stores  # 8 stores: 7 with visits approved, 1 without
    wave = field.wave(store_ids=[s.id for s in stores], visits_per_store=2)
    visits = programme.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json
    by_store = {}
    for visit in visits:
        by_store.setdefault(visit["store"]["id"], []).append(visit["id"])
    for index, store in enumerate(stores[:7]):
        first, second = by_store[store.id]
        programme.approve(first, friendly=5 - index % 3)
        programme.approve(second, friendly=1, upsell="no", greeted=index != 3)
    response = programme.coordinator.get(f"/api/v1/waves/{wave['id']}/report.pdf?lang={lang}")
    assert response.status_code == 200, response.json
    keep(f"chain-seven-{lang}.pdf", response.data)
    text = pdftotext(response.data)
    info = pdfinfo(response.data)
    assert info["Tagged"] == "yes" and WORDS["chain_report"][lang] in info["Title"]
    assert wave["name"] in info["Title"]
    for store in stores:
        assert store.name in text  # the store without approved visits too
    no_visits = {
        "da": "Ingen godkendte besøg i denne runde",
        "sv": "Inga godkända besök i den här omgången",
        "en": "No approved visits in this wave",
    }[lang]
    assert no_visits in text
    # Every interval overlaps: no store gets a rank of its own.
    assert text.count("1–7") >= 7
    critical = {"da": "Kritiske fejl", "sv": "Kritiska fel", "en": "Critical failures"}[lang]
    listed = text[text.index(critical) :]
    assert stores[3].name in listed and "Were you greeted within 30 seconds?" in listed
    by_section = {
        "da": "Butikker pr. sektion",
        "sv": "Butiker per avsnitt",
        "en": "Stores by section",
    }
    assert by_section[lang] in text
    legend = {"da": "Farveskala", "sv": "Färgskala", "en": "Colour scale"}[lang]
    assert text.count(legend) == 2 and "≥ 90" in text


@pytest.mark.parametrize("lang", LANGS)
def test_visit_report_with_a_critical_failure(programme, lang):
    _wave, visits = programme.wave(store_indexes=(0,))
    visit_id = programme.approve(visits[0]["id"], greeted=False)
    response = programme.coordinator.get(f"/api/v1/visits/{visit_id}/report.pdf?lang={lang}")
    assert response.status_code == 200
    keep(f"visit-critical-v2-{lang}.pdf", response.data)
    text = pdftotext(response.data)
    fix = text.index(WORDS["fix"][lang])
    assert text.index(WORDS["critical"][lang], fix) < text.index("Time in queue", fix)
    sections = {"da": "sektionerne have givet 80,0 %", "sv": "avsnitten gett 80,0 %"}
    assert sections.get(lang, "the sections would have scored 80.0%") in text
    assert not re.search(r"\d (AM|PM)", text)
    info = pdfinfo(response.data)
    assert info["Tagged"] == "yes" and WORDS["visit_report"][lang] in info["Title"]
    assert programme.field.stores[0].name in info["Title"]


@pytest.mark.parametrize("lang", LANGS)
def test_an_upheld_appeal_rescores_the_reports(programme, auth, lang):
    wave, visits = programme.wave(store_indexes=(0,))
    visit_id = programme.approve(visits[0]["id"], greeted=False)
    client = auth("client", client_id=programme.field.client.id)
    opened = client.post(
        f"/api/v1/visits/{visit_id}/appeals", json={"question": "greeted", "reason": "CCTV"}
    )
    assert opened.status_code == 201, opened.json
    decided = programme.coordinator.post(
        f"/api/v1/appeals/{opened.json['id']}/decide",
        json={"decision": "upheld", "note": "CCTV shows a greeting", "value": True},
    )
    assert decided.status_code == 200, decided.json
    text = pdftotext(client.get(f"/api/v1/visits/{visit_id}/report.pdf?lang={lang}").data)
    changed = {
        "da": "Scoren er ændret efter en klage",
        "sv": "Poängen har ändrats efter ett överklagande",
        "en": "Score changed after an appeal",
    }[lang]
    total = {"da": "100,0 %", "sv": "100,0 %", "en": "100.0%"}[lang]
    zero = {"da": "0,0 %", "sv": "0,0 %", "en": "0.0%"}[lang]
    assert changed in text and f"{zero} → {total}" in text and "CCTV shows a greeting" in text
    store = programme.field.stores[0]
    text = pdftotext(store_pdf(programme, store.id, wave["id"], lang, "appeal").data)
    nothing = {"da": "Intet at rette", "sv": "Inget att åtgärda", "en": "Nothing to fix"}[lang]
    assert total in text and nothing in text  # the critical failure is gone with the appeal


def test_english_reports_use_the_24_hour_clock(programme):
    _wave, visits = programme.wave(store_indexes=(0,))
    visit_id = programme.approve(visits[0]["id"])
    text = pdftotext(
        programme.coordinator.get(f"/api/v1/visits/{visit_id}/report.pdf?lang=en").data
    )
    assert not re.search(r"\d (AM|PM)", text)
    assert "11:00–11:30" in text  # 10:00 UTC in the client's zone (Copenhagen, winter)
