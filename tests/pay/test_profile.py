"""Own profile and password for every role; the shopper's bank details (DESIGN §13)."""

import pytest

from tests.conftest import PASSWORD
from tests.pay.conftest import BAD_IBAN, GOOD_IBAN

ROLES = ["admin", "coordinator", "shopper", "client"]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_and_changes_their_own_profile(auth, role):
    api = auth(role)
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json["id"] == api.user.id and "rating" not in response.json
    change = {"name": "New Name", "locale": "sv", "phone": "+45 12 34 56 78"}
    response = api.patch("/api/v1/me", json=change)
    assert response.status_code == 200, response.json
    assert {k: response.json[k] for k in change} == change
    assert api.get("/api/v1/me").json["name"] == "New Name"


def test_a_shopper_sets_iban_bic_and_home(auth):
    api = auth("shopper")
    body = {
        "iban": GOOD_IBAN.lower(),
        "bic": "dabadkkk",
        "home_latitude": 56.15,
        "home_longitude": 10.2,
    }
    response = api.patch("/api/v1/me", json=body)
    assert response.status_code == 200, response.json
    assert response.json["iban"] == "DK5000400440116243"
    assert response.json["bic"] == "DABADKKK"
    assert (response.json["home_latitude"], response.json["home_longitude"]) == (56.15, 10.2)
    cleared = api.patch("/api/v1/me", json={"iban": None, "phone": ""}).json
    assert cleared["iban"] is None and cleared["phone"] is None


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"iban": BAD_IBAN}, "iban"),
        ({"iban": "not an iban"}, "iban"),
        ({"bic": "XX"}, "bic"),
        ({"phone": "call me"}, "phone"),
        ({"home_latitude": 91}, "home_latitude"),
        ({"locale": "de"}, "locale"),
        ({"role": "admin"}, "role"),
        ({"email": "someone@else.example"}, "email"),
        ({"rating": 5}, "rating"),
    ],
)
def test_bad_profile_changes_are_refused_naming_the_field(auth, body, named):
    api = auth("shopper")
    before = api.get("/api/v1/me").json
    response = api.patch("/api/v1/me", json=body)
    assert response.status_code == 422, response.json
    assert named in response.json["errors"]["json"] and response.json["message"]
    assert api.get("/api/v1/me").json == before


def test_a_wrong_iban_is_refused_in_danish_too(auth):
    api = auth("shopper")
    english = api.patch("/api/v1/me", json={"iban": BAD_IBAN}).json["errors"]["json"]["iban"]
    danish = api.patch(
        "/api/v1/me", json={"iban": BAD_IBAN}, headers={"Accept-Language": "da"}
    ).json["errors"]["json"]["iban"]
    assert english != danish


def test_the_shopper_never_sees_their_rating(auth, app):
    from mystery.auth.models import User
    from mystery.extensions import db

    api = auth("shopper")
    with app.app_context():
        db.session.get(User, api.user.id).rating = 4.5
        db.session.commit()
    assert "rating" not in api.get("/api/v1/auth/me").json
    assert "rating" not in api.get("/api/v1/me").json
    login = api.login(api.user.email)
    assert "rating" not in login.json["user"]


def test_anonymous_callers_get_401(anon):
    assert anon.get("/api/v1/me").status_code == 401
    assert anon.patch("/api/v1/me", json={"name": "X"}).status_code == 401
    assert anon.post("/api/v1/me/password", json={}).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_changing_the_password(app, auth, role):
    api = auth(role)
    wrong = api.post(
        "/api/v1/me/password",
        json={"current_password": "not it at all", "new_password": "brand new secret"},
    )
    assert wrong.status_code == 422 and "current_password" in wrong.json["errors"]["json"]
    short = api.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422 and "new_password" in short.json["errors"]["json"]
    response = api.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "brand new secret"},
    )
    assert response.status_code == 204
    from tests.conftest import ApiClient

    fresh = ApiClient(app)
    assert fresh.login(api.user.email).status_code == 401
    assert fresh.login(api.user.email, "brand new secret").status_code == 200
