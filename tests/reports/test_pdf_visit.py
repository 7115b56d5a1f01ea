"""The visit report: branding, answers, points, comments, photos; localized; scoped."""

import base64
import io
import os

import pytest
from PIL import Image

from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import COMMENT, pdfimages, pdftotext

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme


def keep(name, pdf):
    """Write a PDF under $REPORTS_OUT to look at it (nothing when unset)."""
    folder = os.environ.get("REPORTS_OUT")
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as out:
            out.write(pdf)


def report(api, visit_id, lang=None):
    query = f"?lang={lang}" if lang else ""
    response = api.get(f"/api/v1/visits/{visit_id}/report.pdf{query}")
    assert response.status_code == 200, response.json
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"%PDF")
    return response


def test_visit_report_defaults_to_the_clients_language(approved_wave, programme, tmp_path):
    response = report(programme.coordinator, approved_wave.good)
    keep("visit-da.pdf", response.data)
    text = pdftotext(response.data)
    assert "Besøgsrapport" in text and "Kaffebaren" in text
    assert approved_wave.stores[0].name in text and approved_wave.wave["name"] in text
    assert "SAMLET SCORE" in text and "100,0 %" in text
    assert "Servicekvalitet" in text  # the section title in Danish
    assert "Were you greeted within 30 seconds?" in text and "Ja" in text and "Tilfreds" in text
    assert "3,0 / 3,0" in text  # points, Danish decimals
    assert COMMENT in text
    assert "Side 1 af " in text  # v2 (Fix first, 9 pt type) may need a second page
    assert response.headers["X-Report-Id"] in text
    assert len(pdfimages(response.data, tmp_path)) == 1  # the counter photo


@pytest.mark.parametrize(
    ("lang", "title", "total", "page"),
    [
        ("en", "Visit report", "92.5%", "Page 1 of "),
        ("da", "Besøgsrapport", "92,5 %", "Side 1 af "),
        ("sv", "Besöksrapport", "92,5 %", "Sida 1 av "),
    ],
)
def test_numbers_and_labels_follow_the_language(programme, lang, title, total, page):
    _wave, visits = programme.wave(store_indexes=(0,))
    visit_id = programme.approve(visits[0]["id"], friendly=4)  # 9.25 of 10 points
    response = report(programme.coordinator, visit_id, lang)
    keep(f"visit-{lang}.pdf", response.data)
    text = pdftotext(response.data)
    assert title in text and total in text and page in text
    assert "4/5" in text.replace(" ", "")  # pdftotext may drop spaces in bold text


def test_critical_failures_come_first_and_zero_the_total(approved_wave, programme):
    response = report(programme.coordinator, approved_wave.poor, "en")
    keep("visit-critical-en.pdf", response.data)
    text = pdftotext(response.data)
    assert "TOTAL SCORE" in text and "0.0%" in text and "Critical failure" in text
    alert = text.index("Critical failures")
    assert alert < text.index("Sections") < text.index("Answers")
    assert text.index("Were you greeted within 30 seconds?", alert) < text.index("Sections")
    assert "Partly" in text  # the chosen option's label


def test_the_shopper_is_never_named(approved_wave, programme):
    shopper = programme.field.shopper_user
    for lang in ("en", "da"):
        text = pdftotext(report(programme.coordinator, approved_wave.good, lang).data)
        assert shopper.name not in text and shopper.email not in text


def test_client_branding_logo_is_drawn(approved_wave, programme, tmp_path):
    image = Image.new("RGB", (120, 40), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    logo = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    client_id = programme.field.client.id
    response = programme.coordinator.patch(
        f"/api/v1/clients/{client_id}", json={"logo": logo, "brand_colour": "#7A1F5C"}
    )
    assert response.status_code == 200, response.json
    pdf = report(programme.coordinator, approved_wave.good).data
    assert len(pdfimages(pdf, tmp_path)) == 2  # logo and photo


def test_unknown_language_is_422(approved_wave, programme):
    response = programme.coordinator.get(f"/api/v1/visits/{approved_wave.good}/report.pdf?lang=de")
    assert response.status_code == 422
    assert "lang" in response.json["errors"]["query"]


def test_visit_report_scope(approved_wave, programme, auth):
    good, opened = approved_wave.good, approved_wave.open
    own_client = auth("client", client_id=programme.field.client.id)
    assert own_client.get(f"/api/v1/visits/{good}/report.pdf").status_code == 200
    assert own_client.get(f"/api/v1/visits/{opened}/report.pdf").status_code == 404
    for outsider in (auth("client"), programme.shopper, auth("shopper")):
        assert outsider.get(f"/api/v1/visits/{good}/report.pdf").status_code == 404
    assert programme.coordinator.get("/api/v1/visits/987654/report.pdf").status_code == 404
    other_region = auth("client", client_id=programme.field.client.id, regions=["Skåne"])
    assert other_region.get(f"/api/v1/visits/{good}/report.pdf").status_code == 404
