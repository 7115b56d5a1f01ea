"""Users: who may create whom, uniqueness, filters, deactivation, what is never shown."""

import pytest

from mystery.auth.models import User
from mystery.extensions import db
from tests.conftest import PASSWORD

USERS = "/api/v1/users"
FIELDS = {
    "id",
    "email",
    "name",
    "role",
    "locale",
    "client_id",
    "regions",
    "home_latitude",
    "home_longitude",
    "rating",
    "active",
    "created_at",
}


def new_user(role, **extra):
    """A valid create-user body."""
    return {
        "email": f"new.{role}@example.com",
        "name": f"New {role}",
        "password": "long enough password",
        "role": role,
        **extra,
    }


def user_count(app):
    with app.app_context():
        return db.session.query(User).count()


@pytest.mark.parametrize("role", ["admin", "coordinator", "shopper", "client"])
def test_admin_creates_any_role(app, auth, create_client, role):
    api = auth("admin")
    extra = {"client_id": create_client().id} if role == "client" else {}
    response = api.post(USERS, json=new_user(role, locale="da", **extra))
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == FIELDS
    assert body["role"] == role and body["locale"] == "da" and body["active"] is True
    assert body["client_id"] == extra.get("client_id")
    assert response.headers["Location"].endswith(f"/api/v1/users/{body['id']}")
    with app.app_context():
        stored = db.session.get(User, body["id"])
        assert stored.email == f"new.{role}@example.com"
        assert stored.password_hash != "long enough password"


@pytest.mark.parametrize("role", ["shopper", "client"])
def test_coordinator_creates_shopper_and_client_users(auth, create_client, role):
    api = auth("coordinator")
    extra = {"client_id": create_client().id, "regions": ["Skåne"]} if role == "client" else {}
    if role == "shopper":
        extra = {"home_latitude": 55.6, "home_longitude": 12.5}
    response = api.post(USERS, json=new_user(role, **extra))
    assert response.status_code == 201, response.json
    for key, value in extra.items():
        assert response.json[key] == value


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_coordinator_may_not_create_staff(app, auth, role):
    api = auth("coordinator")
    before = user_count(app)
    response = api.post(USERS, json=new_user(role))
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["role"]
    assert response.json["message"]
    assert user_count(app) == before


@pytest.mark.parametrize(
    ("client_id", "expected"), [(None, "Required for client users."), (9999, "does not exist")]
)
def test_client_user_needs_an_existing_client(app, auth, client_id, expected):
    api = auth("admin")
    before = user_count(app)
    response = api.post(USERS, json=new_user("client", client_id=client_id))
    assert response.status_code == 422
    messages = response.json["errors"]["json"]["client_id"]
    assert len(messages) == 1 and expected in messages[0]
    assert user_count(app) == before


def test_duplicate_email_is_refused_case_insensitively(app, auth, create_user):
    create_user("shopper", email="taken@example.com")
    api = auth("coordinator")
    before = user_count(app)
    response = api.post(USERS, json=new_user("shopper", email="TAKEN@Example.COM"))
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["email"]
    assert response.json["message"] == "This email is already registered."
    assert user_count(app) == before


def test_stored_email_is_lower_case(app, auth):
    response = auth("admin").post(USERS, json=new_user("shopper", email="Mixed.Case@Example.com"))
    assert response.status_code == 201
    assert response.json["email"] == "mixed.case@example.com"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("password", "short"),
        ("role", "owner"),
        ("locale", "de"),
        ("home_latitude", 91),
        ("home_longitude", -181),
    ],
)
def test_invalid_fields_are_422_naming_the_field(auth, field, value):
    response = auth("admin").post(USERS, json={**new_user("shopper"), field: value})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == [field]
    assert field in response.json["message"]


def test_list_filters_by_role(auth, create_user, create_client):
    api = auth("admin")
    shoppers = [create_user("shopper").id, create_user("shopper").id]
    create_user("client", client_id=create_client().id)
    response = api.get(f"{USERS}?role=shopper")
    assert response.status_code == 200
    assert [row["id"] for row in response.json] == shoppers
    everyone = api.get(USERS).json
    assert sorted({row["role"] for row in everyone}) == ["admin", "client", "shopper"]
    assert len(everyone) == 4


def test_coordinator_sees_no_staff(auth, create_user):
    admin = create_user("admin")
    other = create_user("coordinator")
    shopper = create_user("shopper")
    api = auth("coordinator")
    listed = api.get(USERS)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json] == [shopper.id]
    assert api.get(f"{USERS}?role=admin").json == []
    for staff in (admin, other):
        assert api.get(f"{USERS}/{staff.id}").status_code == 404
        assert api.patch(f"{USERS}/{staff.id}", json={"active": False}).status_code == 404
    assert api.get(f"{USERS}/{shopper.id}").json["email"] == shopper.email


def test_deactivated_user_cannot_sign_in(app, auth, anon, create_user):
    shopper = create_user("shopper")
    response = auth("coordinator").patch(f"{USERS}/{shopper.id}", json={"active": False})
    assert response.status_code == 200
    assert response.json["active"] is False
    with app.app_context():
        assert db.session.get(User, shopper.id).active is False
    refused = anon.login(shopper.email)
    assert refused.status_code == 401
    assert refused.json["message"] == "Wrong email or password."


def test_deactivation_ends_an_existing_session(auth, create_user):
    shopper = auth("shopper")
    assert shopper.get("/api/v1/auth/me").status_code == 200
    auth("admin").patch(f"{USERS}/{shopper.user.id}", json={"active": False})
    assert shopper.get("/api/v1/auth/me").status_code == 401


def test_patch_password_lets_the_user_sign_in_with_the_new_one(auth, anon, create_user):
    shopper = create_user("shopper")
    api = auth("coordinator")
    response = api.patch(f"{USERS}/{shopper.id}", json={"password": "brand new password"})
    assert response.status_code == 200
    assert anon.login(shopper.email, PASSWORD).status_code == 401
    assert anon.login(shopper.email, "brand new password").status_code == 200


def test_password_is_never_shown(auth, create_user):
    api = auth("admin")
    shopper = create_user("shopper")
    created = api.post(USERS, json=new_user("shopper"))
    responses = [
        created,
        api.get(USERS),
        api.get(f"{USERS}/{shopper.id}"),
        api.patch(f"{USERS}/{shopper.id}", json={"password": "another password"}),
    ]
    for response in responses:
        assert response.status_code in (200, 201)
        text = response.get_data(as_text=True)
        assert "password" not in text
        assert "long enough password" not in text and "another password" not in text


def test_patch_refuses_unknown_and_invalid_fields(auth, create_user):
    shopper = create_user("shopper")
    api = auth("admin")
    role = api.patch(f"{USERS}/{shopper.id}", json={"role": "admin"})
    assert role.status_code == 422
    assert list(role.json["errors"]["json"]) == ["role"]
    rating = api.patch(f"{USERS}/{shopper.id}", json={"rating": 6})
    assert rating.status_code == 422
    assert list(rating.json["errors"]["json"]) == ["rating"]


@pytest.mark.parametrize("role", ["shopper", "client"])
def test_non_staff_cannot_list_or_create_users(auth, role):
    api = auth(role)
    assert api.get(USERS).status_code == 404
    assert api.post(USERS, json=new_user("shopper")).status_code == 404


def test_anonymous_is_401(anon):
    assert anon.get(USERS).status_code == 401
    assert anon.post(USERS, json=new_user("shopper")).status_code == 401


def test_list_is_paginated(auth, create_user):
    api = auth("admin")
    for _ in range(3):
        create_user("shopper")
    response = api.get(f"{USERS}?role=shopper&page=2&page_size=2")
    assert response.status_code == 200
    assert len(response.json) == 1
    assert '"total": 3' in response.headers["X-Pagination"]
