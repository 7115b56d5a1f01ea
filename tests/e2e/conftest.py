"""Browser tests: the PWA served by a live server, driven in Debian's Chromium by Playwright."""

import io
import os
import uuid
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from mystery.extensions import db
from tests.conftest import PASSWORD, ApiClient, need
from tests.e2e.live import LiveServer, Traffic

# Assertions wait for a state, never for a time; on a loaded 2-core machine Playwright's
# default 5 s is missed without cause, so they get as long as actions do.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STORE = {"latitude": 55.6761, "longitude": 12.5683}
# Where the shopper's phone says it is: about 45 m north of the store.
HERE = {"latitude": 55.6765, "longitude": 12.5683, "accuracy": 12}
SCENARIO = "Buy a large latte and ask for a recommendation."

# Every question type, show_if, N/A, translations: what the shopper's checklist must handle.
EVERY_TYPE = {
    "sections": [
        {
            "key": "service",
            "title": {"en": "Service", "da": "Service", "sv": "Service"},
            "weight": 60,
            "questions": [
                {
                    "key": "greeted",
                    "text": {"en": "Were you greeted?", "da": "Blev du hilst på?"},
                    "type": "yes_no",
                    "weight": 2,
                    "critical": True,
                },
                {
                    "key": "litter",
                    "text": "Was there litter on the floor?",
                    "type": "yes_no",
                    "pass_value": False,
                    "na_allowed": True,
                },
                {
                    "key": "friendly",
                    "text": "How friendly was the staff?",
                    "type": "scale",
                    "min": 1,
                    "max": 5,
                    "weight": 3,
                },
                {
                    "key": "upsell",
                    "text": "Did staff suggest an extra item?",
                    "type": "choice",
                    "options": [
                        {"value": "yes", "label": "Yes, clearly", "score": 1},
                        {
                            "value": "partly",
                            "label": {"en": "Partly", "da": "Delvist"},
                            "score": 0.5,
                        },
                        {"value": "no", "label": "Not at all", "score": 0},
                    ],
                },
                {
                    "key": "queue",
                    "text": "Time in queue",
                    "type": "wait_time",
                    "weight": 2,
                    "bands": [{"max_seconds": 120, "score": 1}, {"max_seconds": 300, "score": 0.5}],
                },
                {"key": "mood", "text": "Overall impression", "type": "smiley"},
            ],
        },
        {
            "key": "store",
            "title": "The store",
            "weight": 40,
            "questions": [
                {"key": "recommend", "text": "Would you recommend this store?", "type": "nps"},
                {
                    "key": "why",
                    "text": "Why not?",
                    "type": "text",
                    "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]},
                },
                {"key": "facings", "text": "How many facings?", "type": "number", "min": 0},
                {"key": "day", "text": "Date of the visit", "type": "date"},
                {"key": "arrival", "text": "Time you arrived", "type": "time"},
                {
                    "key": "counter",
                    "text": "Photo of the counter",
                    "type": "photo",
                    "required": True,
                },
                {"key": "clean", "text": "Was the store clean?", "type": "yes_no"},
            ],
        },
    ]
}


def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder as a browser test (deselect with -m 'not e2e')."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (never a downloaded one)."""
    need(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package")
def server(app):
    """One live server for the browser tests (SQLite: the file is shared with this process)."""
    if app.config["DATABASE_KIND"] != "sqlite":
        pytest.skip("browser tests run against the SQLite app; the API tests cover PostgreSQL")
    live = LiveServer(app)
    yield live
    live.stop()


@pytest.fixture
def live_server(server, app):
    """The live server for one test: plain-http cookies, a clean request log."""
    saved = {key: app.config.get(key) for key in ("SESSION_COOKIE_SECURE", "PWA_VERSION")}
    app.config["SESSION_COOKIE_SECURE"] = False
    app.config["PWA_VERSION"] = "test-1"
    with server._lock:
        server.requests.clear()
    yield server
    app.config.update(saved)


@pytest.fixture
def context(browser, live_server):
    """A phone-sized browser context at the live server, with location permission."""
    ctx = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 780},
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="Europe/Copenhagen",
        geolocation=HERE,
        permissions=["geolocation"],
        service_workers="allow",
    )
    ctx.set_default_timeout(15000)
    yield ctx
    ctx.close()


@pytest.fixture
def traffic(context):
    """Follow the context's requests from the start of the test."""
    return Traffic(context)


@pytest.fixture
def programme(app, create_client, create_store, create_checklist, create_user, auth):
    """A client, stores, the every-type checklist, a coordinator and a shopper."""
    client = create_client(name="Kaffebaren", locale="da")
    stores = [
        create_store(
            client_id=client.id,
            name=name,
            latitude=STORE["latitude"] + i / 100,
            longitude=STORE["longitude"],
        )
        for i, name in enumerate(
            ("Kaffebaren Strøget", "Kaffebaren Nørreport", "Kaffebaren Vesterbro")
        )
    ]
    checklist = create_checklist(client.id, definition=EVERY_TYPE)
    coordinator = auth("coordinator")
    shopper = create_user("shopper", home_latitude=55.70, home_longitude=12.57)
    shopper_api = ApiClient(app, shopper)
    assert shopper_api.login(shopper.email).status_code == 200

    def open_visit(store=0, scenario=SCENARIO):
        """Create a one-store wave; return its open visit's id."""
        body = {
            "client_id": client.id,
            "checklist_id": checklist.id,
            "name": f"Wave {store + 1}",
            "starts_on": date.today().isoformat(),
            "ends_on": (date.today() + timedelta(days=14)).isoformat(),
            "fee": "350.00",
            "store_ids": [stores[store].id],
            "visits_per_store": 1,
        }
        wave = coordinator.post("/api/v1/waves", json=body)
        assert wave.status_code == 201, wave.json
        visit_id = coordinator.get(f"/api/v1/visits?wave_id={wave.json['id']}").json[0]["id"]
        if scenario:
            _set_scenario(app, visit_id, scenario)
        return visit_id

    def visit(status="assigned", store=0):
        """Create a visit in `status` for the shopper; return its id."""
        visit_id = open_visit(store)
        if status == "open":
            return visit_id
        response = coordinator.post(
            f"/api/v1/visits/{visit_id}/assign", json={"shopper_id": shopper.id}
        )
        assert response.status_code == 200, response.json
        if status in ("accepted", "returned"):
            assert shopper_api.post(f"/api/v1/visits/{visit_id}/accept", json={}).status_code == 200
        return visit_id

    return SimpleNamespace(
        app=app,
        client=client,
        stores=stores,
        checklist=checklist,
        coordinator=coordinator,
        shopper=shopper,
        shopper_api=shopper_api,
        open_visit=open_visit,
        visit=visit,
    )


def _set_scenario(app, visit_id, scenario):
    from mystery.visits.models import Visit

    with app.app_context():
        db.session.execute(sa.update(Visit).where(Visit.id == visit_id).values(scenario=scenario))
        db.session.commit()


@pytest.fixture
def photo(tmp_path):
    """A 2400×1800 JPEG with EXIF time, as a phone camera would write it."""
    image = Image.new("RGB", (2400, 1800), (40, 90, 160))
    for x in range(0, 2400, 200):
        for y in range(0, 1800, 200):
            image.paste((200, (x // 10) % 255, (y // 8) % 255), (x, y, x + 100, y + 100))
    exif = Image.Exif()
    exif[0x0132] = date.today().strftime("%Y:%m:%d") + " 10:05:00"  # DateTime
    exif[0x0112] = 1  # orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    path = tmp_path / "counter.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def sign_in(page, email, password=PASSWORD):
    """Sign in through the login form and land on "My visits"."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()


def wait_for_service_worker(page):
    """Wait until the service worker controls the page (the shell is cached)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def question(page, text):
    """The <fieldset> of a question, found by its <legend>."""
    return page.get_by_role("group", name=text, exact=True)


def fill_required(page, photo_path, seconds="60"):
    """Answer the required questions of EVERY_TYPE without the stopwatch."""
    question(page, "Were you greeted?").get_by_label("Yes", exact=True).check()
    question(page, "Was there litter on the floor?").get_by_label("Not applicable").check()
    question(page, "How friendly was the staff?").get_by_label("4", exact=True).check()
    question(page, "Did staff suggest an extra item?").get_by_label("Partly").check()
    question(page, "Time in queue").get_by_label("Seconds").fill(seconds)
    question(page, "Overall impression").get_by_label("Happy").check()
    question(page, "Was the store clean?").get_by_label("Yes", exact=True).check()
    add_photo(page, photo_path)


def add_photo(page, photo_path):
    counter = question(page, "Photo of the counter")
    before = counter.get_by_role("img").count()
    counter.get_by_label("Add photo").set_input_files(str(photo_path))
    expect(counter.get_by_role("img")).to_have_count(before + 1)


def outbox_items(page):
    return page.locator("li.outbox-item")


def rows(app, model, **filters):
    """Rows of a model in the live server's database, as plain objects."""
    with app.app_context():
        statement = sa.select(model).filter_by(**filters)
        found = db.session.scalars(statement).all()
        for row in found:
            db.session.expunge(row)
        return found


@pytest.fixture
def desk(browser, live_server):
    """A desktop-sized page (1280×800) at the live server, for the staff faces."""
    ctx = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="Europe/Copenhagen",
        service_workers="allow",
        accept_downloads=True,
    )
    ctx.set_default_timeout(15000)
    page = ctx.new_page()
    yield page
    ctx.close()


@pytest.fixture
def staff_sign_in():
    """Sign in through the login form as a coordinator, client or admin; wait for the start page."""

    def sign_in_as(page, email, heading, password=PASSWORD):
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()

    return sign_in_as


APPROVED_ANSWERS = [
    {"question": "greeted", "value": True},
    {"question": "litter", "value": None, "na": True},
    {"question": "friendly", "value": 4},
    {"question": "upsell", "value": "partly"},
    {"question": "queue", "value": 90},
    {"question": "mood", "value": "happy"},
    {"question": "recommend", "value": 9},
    {"question": "clean", "value": True},
    {"question": "counter", "value": None, "media": [str(uuid.uuid4())]},
]


@pytest.fixture
def approved_wave(programme, create_user):
    """A wave over two stores, both visits submitted by the shopper and approved."""
    co, shopper_api = programme.coordinator, programme.shopper_api
    body = {
        "client_id": programme.client.id,
        "checklist_id": programme.checklist.id,
        "name": "Winter 2026",
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=14)).isoformat(),
        "fee": "350.00",
        "store_ids": [programme.stores[0].id, programme.stores[1].id],
        "visits_per_store": 1,
    }
    wave = co.post("/api/v1/waves", json=body)
    assert wave.status_code == 201, wave.json
    visits = co.get(f"/api/v1/visits?wave_id={wave.json['id']}").json
    for visit in visits:
        assign = {"shopper_id": programme.shopper.id}
        assert co.post(f"/api/v1/visits/{visit['id']}/assign", json=assign).status_code == 200
        assert shopper_api.post(f"/api/v1/visits/{visit['id']}/accept", json={}).status_code == 200
        submission = {"visit_id": visit["id"], "answers": APPROVED_ANSWERS}
        put = shopper_api.put(f"/api/v1/submissions/{uuid.uuid4()}", json=submission)
        assert put.status_code == 201, put.json
        review = co.post(f"/api/v1/visits/{visit['id']}/review", json={"decision": "approve"})
        assert review.status_code == 200, review.json
    client_user = create_user("client", client_id=programme.client.id)
    return {"wave": wave.json, "visits": visits, "user": client_user}
