"""CSV import of stores: delimiters, decimal commas, per-row errors, all or nothing."""

import io

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.stores.models import Store

HEADER = "code,name,address,city,region,latitude,longitude"


def url(client_id):
    return f"/api/v1/stores/import?client_id={client_id}"


def stores(app, client_id=None):
    """The stored stores as (client_id, code, name, latitude, longitude), by code."""
    with app.app_context():
        statement = sa.select(Store).order_by(Store.client_id, Store.code)
        if client_id is not None:
            statement = statement.where(Store.client_id == client_id)
        return [
            (s.client_id, s.code, s.name, s.latitude, s.longitude)
            for s in db.session.scalars(statement)
        ]


def send_raw(api, client_id, text):
    return api.post(url(client_id), data=text.encode(), content_type="text/csv")


def send_file(api, client_id, text, encoding="utf-8"):
    upload = (io.BytesIO(text.encode(encoding)), "stores.csv")
    return api.post(url(client_id), data={"file": upload}, content_type="multipart/form-data")


@pytest.fixture
def coordinator(auth):
    return auth("coordinator")


@pytest.mark.parametrize("send", [send_raw, send_file])
def test_comma_csv_creates_stores(app, coordinator, create_client, send):
    client = create_client().id
    text = f"{HEADER}\nA1,Nørreport,Gade 1,København,Hovedstaden,55.68,12.57\n"
    text += 'A2,"Aarhus, C",,Aarhus,Midtjylland,56.15,10.2\n'
    response = send(coordinator, client, text)
    assert response.status_code == 201, response.json
    assert (response.json["created"], response.json["updated"]) == (2, 0)
    assert [s["code"] for s in response.json["stores"]] == ["A1", "A2"]
    assert stores(app) == [
        (client, "A1", "Nørreport", 55.68, 12.57),
        (client, "A2", "Aarhus, C", 56.15, 10.2),
    ]


@pytest.mark.parametrize("send", [send_raw, send_file])
def test_semicolon_csv_with_decimal_commas(app, coordinator, create_client, send):
    client = create_client().id
    text = "Code;Name;Region;Latitude;Longitude\r\nS1;Malmö;Skåne;55,605;13,0038\r\n"
    response = send(coordinator, client, text)
    assert response.status_code == 201, response.json
    assert stores(app) == [(client, "S1", "Malmö", 55.605, 13.0038)]


def test_quoted_decimal_commas_in_a_comma_csv(app, coordinator, create_client):
    client = create_client().id
    response = send_raw(coordinator, client, 'code,name,latitude,longitude\nQ,Q,"59,33","18,06"\n')
    assert response.status_code == 201
    assert stores(app) == [(client, "Q", "Q", 59.33, 18.06)]


def test_extra_values_are_a_row_error_not_shifted_columns(app, coordinator, create_client):
    client = create_client().id
    text = "code,name,latitude,longitude\nA,A,55,68,12,57\nB,B,1,2,,\n"
    response = send_raw(coordinator, client, text)
    assert response.status_code == 422
    assert list(response.json["errors"]["rows"]) == ["2"]
    assert list(response.json["errors"]["rows"]["2"]) == ["_row"]
    assert stores(app) == []


def test_latin1_file_from_a_spreadsheet(app, coordinator, create_client):
    client = create_client().id
    text = "code;name;latitude;longitude\nK;Købmand Ø;55,1;12,1\n"
    assert send_file(coordinator, client, text, encoding="latin-1").status_code == 201
    assert stores(app)[0][2] == "Købmand Ø"


def test_row_errors_are_keyed_by_line_and_nothing_is_imported(app, coordinator, create_client):
    client = create_client().id
    text = (
        f"{HEADER}\n"
        "G1,Good,,,,55.1,12.1\n"
        "B1,Bad latitude,,,,95,12.1\n"
        ",No code,,,,55.1,12.1\n"
        "G2,Good too,,,,55.2,12.2\n"
        "G1,Duplicate,,,,55.3,12.3\n"
    )
    response = send_raw(coordinator, client, text)
    assert response.status_code == 422
    rows = response.json["errors"]["rows"]
    assert sorted(rows) == ["3", "4", "6"]
    assert list(rows["3"]) == ["latitude"]
    assert list(rows["4"]) == ["code"]
    assert rows["6"] == {"code": ["Code 'G1' also appears on line 2."]}
    assert response.json["message"] == "3 row(s) have errors; nothing was imported."
    assert stores(app) == []


def test_line_numbers_count_blank_lines(app, coordinator, create_client):
    client = create_client().id
    text = f"{HEADER}\nG1,Good,,,,55.1,12.1\n\nB1,Bad,,,,55.1,east\n"
    response = send_raw(coordinator, client, text)
    assert response.status_code == 422
    assert list(response.json["errors"]["rows"]) == ["4"]
    assert stores(app) == []


def test_failed_reimport_leaves_existing_rows_untouched(app, coordinator, create_client):
    client = create_client().id
    assert send_raw(coordinator, client, f"{HEADER}\nA,Old,,,,1,1\n").status_code == 201
    before = stores(app)
    response = send_raw(coordinator, client, f"{HEADER}\nA,New name,,,,2,2\nB,Bad,,,,x,2\n")
    assert response.status_code == 422
    assert stores(app) == before


def test_reimport_updates_by_code(app, coordinator, create_client, create_store):
    client = create_client().id
    existing = create_store(client_id=client, code="A", name="Old")
    other_client = create_store(code="A", name="Other client's A")
    text = f"{HEADER}\nA,Renamed,,,,10,11\nB,Brand new,,,,20,21\n"
    response = send_raw(coordinator, client, text)
    assert response.status_code == 201
    assert (response.json["created"], response.json["updated"]) == (1, 1)
    assert response.json["stores"][0]["id"] == existing.id
    assert stores(app, client) == [
        (client, "A", "Renamed", 10, 11),
        (client, "B", "Brand new", 20, 21),
    ]
    assert stores(app, other_client.client_id) == [
        (other_client.client_id, "A", "Other client's A", 55.6761, 12.5683)
    ]


@pytest.mark.parametrize(
    ("header", "missing"),
    [("code,name,latitude", "longitude"), ("name;city;latitude;longitude", "code")],
)
def test_missing_columns_are_422(app, coordinator, create_client, header, missing):
    response = send_raw(coordinator, create_client().id, f"{header}\nx,y,1\n")
    assert response.status_code == 422
    assert missing in response.json["message"]
    assert missing in response.json["errors"]["file"][0]
    assert stores(app) == []


def test_header_only_and_empty_bodies_are_422(app, coordinator, create_client):
    client = create_client().id
    only_header = send_raw(coordinator, client, f"{HEADER}\n")
    assert only_header.status_code == 422
    assert only_header.json["errors"] == {"file": ["No rows."]}
    empty = send_raw(coordinator, client, "")
    assert empty.status_code == 422
    assert empty.json["errors"] == {"file": ["Send a CSV file."]}


def test_unknown_client_is_422(app, coordinator):
    response = send_raw(coordinator, 777, f"{HEADER}\nA,A,,,,1,1\n")
    assert response.status_code == 422
    assert response.json["errors"] == {"query": {"client_id": ["Client 777 does not exist."]}}
    assert stores(app) == []


def test_client_id_is_required(coordinator):
    response = coordinator.post("/api/v1/stores/import", data=b"x", content_type="text/csv")
    assert response.status_code == 422
    assert list(response.json["errors"]["query"]) == ["client_id"]


@pytest.mark.parametrize("role", ["shopper", "client"])
def test_only_staff_may_import(app, auth, create_client, role):
    client = create_client().id
    api = auth(role, client_id=client) if role == "client" else auth(role)
    assert send_raw(api, client, f"{HEADER}\nA,A,,,,1,1\n").status_code == 404
    assert stores(app) == []
