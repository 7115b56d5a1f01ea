"""Findings 6 and 7: values that broke the database or a report later are refused at the door."""

import json

import pytest

from tests.conftest import EXAMPLE_DEFINITION
from tests.visits.helpers import new_uuid


def raw_json(api, method, path, text):
    """Send a body exactly as written (escapes and all)."""
    return api.request(method, path, data=text, content_type="application/json")


# Ids and pages beyond the database's integer range ---------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/visits/2147483648",
        "/api/v1/clients/99999999999999999999",
        "/api/v1/stores/9223372036854775808",
        "/api/v1/waves/2147483648/report.pdf",
    ],
)
def test_ids_beyond_the_integer_range_are_not_found(auth, path):
    response = auth("coordinator").get(path)
    assert response.status_code == 404, response.json
    assert response.json["code"] == 404


def test_pages_and_query_ids_beyond_range_are_422(auth):
    coordinator = auth("coordinator")
    response = coordinator.get("/api/v1/visits?page=144115188075855871")
    assert response.status_code == 422, response.json
    assert "page" in response.json["errors"]["query"]
    assert coordinator.get("/api/v1/visits?page=2147483647").status_code == 200
    for path in ("/api/v1/visits?wave_id=2147483648", "/api/v1/stores?client_id=-1"):
        response = coordinator.get(path)
        assert response.status_code == 422, (path, response.json)


def test_the_spec_documents_the_bounds(anon):
    spec = anon.get("/api/v1/openapi.json").json
    parameters = spec["paths"]["/api/v1/visits/{visit_id}"]["parameters"]
    (visit_id,) = [p for p in parameters if p["name"] == "visit_id"]
    assert visit_id["schema"]["maximum"] == 2**31 - 1
    (page,) = [
        p for p in spec["paths"]["/api/v1/visits"]["get"]["parameters"] if p["name"] == "page"
    ]
    assert page["schema"]["maximum"] == 2**31 - 1


# JSON itself: depth, size, numbers, text -----------------------------------------------


@pytest.mark.parametrize("depth", [40, 990, 5000])
def test_deeply_nested_json_is_a_400_even_signed_out(anon, depth):
    body = '{"email": ' + "[" * depth + "]" * depth + ', "password": "x"}'
    response = raw_json(anon, "POST", "/api/v1/auth/login", body)
    assert response.status_code == 400, response.json
    assert response.json["message"]


def test_an_oversized_json_body_is_a_413(app, anon):
    body = json.dumps({"email": "a" * (app.config["MAX_JSON_BYTES"] + 1), "password": "x"})
    response = raw_json(anon, "POST", "/api/v1/auth/login", body)
    assert response.status_code == 413


def test_integers_beyond_64_bits_are_refused_naming_the_field(anon):
    for digits in (20, 4300):
        body = '{"email": ' + "9" * digits + ', "password": "x"}'
        response = raw_json(anon, "POST", "/api/v1/auth/login", body)
        assert response.status_code == 422, (digits, response.json)
        assert "email" in response.json["errors"]["json"]
    body = '{"email": ' + "9" * 5000 + ', "password": "x"}'  # past Python's own limit
    assert raw_json(anon, "POST", "/api/v1/auth/login", body).status_code == 400


@pytest.mark.parametrize("text", ["\\ud800", "a\\u0000b", "\\udfff tail"])
def test_nul_and_lone_surrogates_are_refused_naming_the_field(auth, text):
    coordinator = auth("coordinator")
    body = '{"name": "Chain ' + text + '", "locale": "da"}'
    response = raw_json(coordinator, "POST", "/api/v1/clients", body)
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]["json"]) == ["name"]
    assert "name" in response.json["message"]


def test_nul_in_a_query_or_path_is_refused(auth):
    coordinator = auth("coordinator")
    response = coordinator.get("/api/v1/visits?q=a%00b")
    assert response.status_code == 422, response.json
    assert "q" in response.json["errors"]["query"]
    response = coordinator.get("/api/v1/submissions/a%00b")
    assert response.status_code in (404, 422), response.json


def test_brand_colour_with_a_trailing_newline_is_refused(auth):
    coordinator = auth("coordinator")
    response = coordinator.post(
        "/api/v1/clients", json={"name": "Chain", "brand_colour": "#123456\n"}
    )
    assert response.status_code == 422, response.json
    assert "brand_colour" in response.json["errors"]["json"]
    ok = coordinator.post("/api/v1/clients", json={"name": "Chain", "brand_colour": "#123456"})
    assert ok.status_code == 201


# Dates that overflow when converted -----------------------------------------------------


@pytest.mark.parametrize("starts_on", ["0001-01-01", "9999-12-31"])
def test_a_wave_at_the_edge_of_the_calendar_is_refused(field, starts_on):
    body = {
        "client_id": field.client.id,
        "checklist_id": field.checklist.id,
        "name": "Edge",
        "starts_on": starts_on,
        "ends_on": "9999-12-31",
        "store_ids": [field.stores[0].id],
    }
    response = field.coordinator.post("/api/v1/waves", json=body)
    assert response.status_code == 422, response.json
    assert "starts_on" in response.json["errors"]["json"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"finished_at": "0001-01-01T00:00:00Z", "started_at": None},
        {"started_at": "9999-12-31T23:59:59-01:00", "finished_at": None},
        {"started_at": "0001-01-01T00:30:00+01:00", "finished_at": None},
    ],
)
def test_submission_times_off_the_calendar_are_refused(flow, overrides):
    vid = flow.in_state("accepted")
    response = flow.submit(vid, **overrides)
    assert response.status_code == 422, response.json
    (field,) = [k for k, v in overrides.items() if v]
    assert field in response.json["errors"]["json"]


# Numbers that broke reports -------------------------------------------------------------


def _with_number_question(definition):
    definition = json.loads(json.dumps(definition))
    definition["sections"][0]["questions"].append(
        {"key": "spend", "text": "Amount spent", "type": "number", "required": False}
    )
    return definition


@pytest.fixture
def number_visit(app, flow, create_checklist):
    """An accepted visit whose checklist also has an optional number question."""
    checklist = create_checklist(flow.field.client.id, _with_number_question(EXAMPLE_DEFINITION))
    vid = flow.open_visit(checklist_id=checklist.id)
    assert flow.assign(vid).status_code == 200
    assert flow.accept(vid).status_code == 200
    return vid


def _answers(flow, vid, **values):
    answers = flow.body(vid)["answers"]
    answers = [a for a in answers if a["question"] not in values]
    return answers + [{"question": key, "value": value} for key, value in values.items()]


@pytest.mark.parametrize("value", [1e308, -1e15, 10**13], ids=["1e308", "-1e15", "1e13"])
def test_numbers_beyond_what_reports_hold_are_refused(flow, number_visit, value):
    response = flow.submit(number_visit, answers=_answers(flow, number_visit, spend=value))
    assert response.status_code == 422, response.json
    assert "spend" in response.json["errors"]


@pytest.mark.parametrize(
    ("key", "literal"), [("queue", "1" + "0" * 400), ("spend", "1e400")], ids=["int", "float"]
)
def test_wait_time_and_number_of_ten_to_the_400_are_refused(flow, number_visit, key, literal):
    body = flow.body(number_visit, answers=_answers(flow, number_visit, **{key: "__X__"}))
    text = json.dumps(body).replace('"__X__"', literal)
    response = raw_json(flow.shopper, "PUT", f"/api/v1/submissions/{new_uuid()}", text)
    assert response.status_code == 422, response.json
    assert any(k.startswith("answers.") for k in response.json["errors"]["json"])


def test_the_largest_accepted_values_render_in_the_visit_pdf(flow, number_visit):
    answers = _answers(flow, number_visit, spend=-(10**12), queue=7 * 24 * 3600)
    response = flow.submit(number_visit, answers=answers, started_at="1970-01-01T00:00:00Z")
    assert response.status_code == 201, response.json
    assert flow.review(number_visit, "approve").status_code == 200
    store_id = flow.store().id
    for path in (f"/visits/{number_visit}/report.pdf", f"/stores/{store_id}/report.pdf"):
        pdf = flow.coordinator.get(f"/api/v1{path}")
        assert pdf.status_code == 200, (path, pdf.data[:300])
        assert pdf.data.startswith(b"%PDF")


def test_a_checkin_accuracy_beyond_100_km_is_refused(flow):
    vid = flow.in_state("accepted")
    checkin = {**flow.body(vid)["checkin"], "accuracy_m": 1e308}
    response = flow.submit(vid, checkin=checkin)
    assert response.status_code == 422, response.json


# CSV import -------------------------------------------------------------------------------

HEADER = "code,name,address,city,region,latitude,longitude"


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\nS1," + "x" * 131_073 + ",a,c,r,55.6,12.5\n",
        HEADER + "\nS1,Na\rme,a,c,r,55.6,12.5\n",
        HEADER + "\nS1,Na\x00me,a,c,r,55.6,12.5\n",
    ],
    ids=["long-field", "bare-cr", "nul"],
)
def test_unreadable_csv_is_a_422(auth, create_client, text):
    client = create_client()
    response = auth("coordinator").post(
        f"/api/v1/stores/import?client_id={client.id}",
        data=text.encode(),
        content_type="text/csv",
    )
    assert response.status_code == 422, response.json
    assert response.json["message"]


def test_the_refusals_speak_the_readers_language(auth):
    coordinator = auth("coordinator")
    body = '{"name": "Chain \\u0000", "locale": "da"}'
    response = coordinator.request(
        "POST",
        "/api/v1/clients",
        data=body,
        content_type="application/json",
        headers={"Accept-Language": "da"},
    )
    assert response.status_code == 422
    assert response.json["errors"]["json"]["name"] == [
        "Tekst må ikke indeholde NUL-tegn eller uparrede surrogater."
    ]
    response = coordinator.get("/api/v1/visits?wave_id=0", headers={"Accept-Language": "sv"})
    assert response.json["errors"]["query"]["wave_id"] == ["Inte ett giltigt id."]
