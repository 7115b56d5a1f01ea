"""GET /waves/{id}/export.csv and .xlsx: one row per approved visit, one column per question."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.analytics.summary_helpers import Programme, build_metrics_wave
from tests.conftest import full_answers

FIXED = [
    "visit_id",
    "store_code",
    "store_name",
    "city",
    "region",
    "visit_date",
    "total",
    "critical_failed",
]
QUESTION_KEYS = ["greeted", "friendly", "queue", "recommend", "why", "clean", "upsell", "effort"]


@pytest.fixture
def programme(app, field):
    return Programme(app, field)


@pytest.fixture
def wave(programme, create_store):
    """The four approved visits of build_metrics_wave, plus one submitted (not exported)."""
    wave_id, north, south = build_metrics_wave(
        programme, create_store, why='=HYPERLINK("http://evil.example","x")'
    )
    _extra_wave, extra = programme.wave([north])
    programme.accept(extra[north.id][0])
    programme.submit(extra[north.id][0], full_answers())
    return wave_id, north, south


SV_FIXED = [
    "Besök",
    "Butikskod",
    "Butik",
    "Ort",
    "Region",
    "Besöksdatum",
    "Totalt (%)",
    "Kritiskt fel",
]


def read_csv(response):
    """Parse a CSV export: comma-separated, or ';' after a byte-order mark (da, sv)."""
    text = response.get_data(as_text=True)
    if text.startswith("\ufeff"):
        return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert ";" not in text.splitlines()[0]
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def test_csv_has_a_row_per_approved_visit(programme, wave):
    wave_id, north, _south = wave
    response = programme.coordinator.get(f"/api/v1/waves/{wave_id}/export.csv?lang=sv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="wave-{wave_id}.csv"'
    assert response.is_streamed
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert response.get_data()[:3] == b"\xef\xbb\xbf"  # the BOM Excel needs to read UTF-8
    assert response.get_data(as_text=True).splitlines()[0].count(";") == 17
    assert header == [
        *SV_FIXED,
        "service — Bemötande (%)",
        "store — Butiken (%)",
        "greeted — Hälsad?",
        "friendly — How friendly?",
        "queue — Time in queue",
        "recommend — Recommend?",
        "why — Why?",
        "clean — Clean?",
        "upsell — Upsell?",
        "effort — How easy?",
    ]
    assert len(body) == 4 and all(len(row) == len(header) == 18 for row in body)
    today = date.today().isoformat()
    first = dict(zip(header, body[0], strict=True))
    assert first | {"Besök": ""} == {
        "Besök": "",
        "Butikskod": "N1",
        "Butik": north.name,
        "Ort": "København",
        "Region": "North",
        "Besöksdatum": today,
        "Totalt (%)": "100,0",
        "Kritiskt fel": "Nej",
        "service — Bemötande (%)": "100,0",
        "store — Butiken (%)": "100,0",
        "greeted — Hälsad?": "Ja",
        "friendly — How friendly?": "5",
        "queue — Time in queue": "60",
        "recommend — Recommend?": "10",
        "why — Why?": "",
        "clean — Clean?": "Ja",
        "upsell — Upsell?": "Ja",
        "effort — How easy?": "2",
    }
    # V2: clean was N/A (store % 50), upsell "partly" in Swedish; total 77.778 → 77.8.
    second = body[1]
    assert (second[6], second[8], second[9]) == ("77,8", "91,7", "50,0")
    assert (second[15], second[16]) == ("N/A", "Delvis")
    # V3 answered the show_if text with a formula: quoted so a spreadsheet will not run it.
    third = body[2]
    assert third[14] == '\'=HYPERLINK("http://evil.example","x")'
    assert [row[1] for row in body] == ["N1", "N1", "S1", "S1"]


def test_export_never_names_the_shopper(programme, wave):
    shopper = programme.field.shopper_user
    for suffix in ("csv", "xlsx"):
        response = programme.coordinator.get(f"/api/v1/waves/{wave[0]}/export.{suffix}")
        assert response.status_code == 200
        text = str(read_csv(response) if suffix == "csv" else read_xlsx(response))
        assert shopper.email not in text and shopper.name not in text
        assert "shopper" not in text.lower()


def test_xlsx_matches_the_csv(programme, wave):
    wave_id = wave[0]
    response = programme.coordinator.get(f"/api/v1/waves/{wave_id}/export.xlsx?lang=en")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"] == f'attachment; filename="wave-{wave_id}.xlsx"'
    rows = read_xlsx(response)
    assert len(rows) == 5 and all(len(row) == 18 for row in rows)
    header = rows[0]
    assert header[:8] == FIXED
    assert [cell.split(" — ")[0] for cell in header[10:]] == QUESTION_KEYS
    second = dict(zip(header, rows[2], strict=True))
    # Numbers stay numbers in the workbook; labels in English; N/A as text.
    assert second["total"] == 77.8 and second["queue — Time in queue"] == 100
    assert second["clean — Clean?"] == "N/A" and second["upsell — Upsell?"] == "Partly"
    assert second["critical_failed"] == "No" and second["greeted — Greeted?"] == "Yes"
    # Text starting with "=" is kept as text, not turned into a formula.
    assert rows[3][14] == '=HYPERLINK("http://evil.example","x")'
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.worksheets[0].cell(row=4, column=15).data_type == "s"


def test_language_is_the_readers(programme, wave):
    path = f"/api/v1/waves/{wave[0]}/export.csv"
    rows = read_csv(programme.coordinator.get(path, headers={"Accept-Language": "da-DK,da;q=0.9"}))
    # Options without a Danish label fall back to English.
    assert rows[0][:2] == ["Besøg", "Butikskode"] and rows[0][8] == "service — Betjening (%)"
    assert rows[2][6 + 10] == "Partly" and rows[1][7] == "Nej" and rows[1][6] == "100,0"
    # No Accept-Language: the coordinator's own locale (English), with commas and keys.
    rows = read_csv(programme.coordinator.get(path))
    assert rows[0][:8] == FIXED and rows[1][6] == "100.0" and rows[1][7] == "No"


def test_client_export_is_limited_to_their_regions(programme, wave, auth, create_client):
    wave_id = wave[0]
    client_id = programme.field.client.id
    northern = auth("client", client_id=client_id, regions=["North"])
    rows = read_csv(northern.get(f"/api/v1/waves/{wave_id}/export.csv"))
    assert [row[1] for row in rows[1:]] == ["N1", "N1"]
    rows = read_xlsx(northern.get(f"/api/v1/waves/{wave_id}/export.xlsx"))
    assert [row[1] for row in rows[1:]] == ["N1", "N1"]
    everyone = auth("client", client_id=client_id)
    assert len(read_csv(everyone.get(f"/api/v1/waves/{wave_id}/export.csv"))) == 5
    stranger = auth("client", client_id=create_client(name="Rival").id)
    for suffix in ("csv", "xlsx"):
        assert stranger.get(f"/api/v1/waves/{wave_id}/export.{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_refuses_others(programme, wave, auth, anon, suffix):
    path = f"/api/v1/waves/{wave[0]}/export.{suffix}"
    assert anon.get(path).status_code == 401
    assert auth("shopper").get(path).status_code == 404
    response = programme.coordinator.get(path + "?lang=xx")
    assert response.status_code == 422 and list(response.json["errors"]["query"]) == ["lang"]


def test_empty_wave_exports_just_the_header(programme):
    wave_id, _visits = programme.wave(programme.field.stores[:1])
    rows = read_csv(programme.coordinator.get(f"/api/v1/waves/{wave_id}/export.csv"))
    assert len(rows) == 1 and rows[0][:8] == FIXED
    assert len(read_xlsx(programme.coordinator.get(f"/api/v1/waves/{wave_id}/export.xlsx"))) == 1


def test_chunked_reading_gives_the_same_rows(programme, wave, monkeypatch):
    from mystery.exports import tables as exports

    path = f"/api/v1/waves/{wave[0]}/export"
    whole = (
        read_csv(programme.coordinator.get(path + ".csv")),
        read_xlsx(programme.coordinator.get(path + ".xlsx")),
    )
    monkeypatch.setattr(exports, "CHUNK", 3)  # 4 visits: two chunks
    response = programme.coordinator.get(path + ".csv")
    assert len(list(response.response)) >= 2
    chunked = (
        read_csv(programme.coordinator.get(path + ".csv")),
        read_xlsx(programme.coordinator.get(path + ".xlsx")),
    )
    assert chunked == whole
