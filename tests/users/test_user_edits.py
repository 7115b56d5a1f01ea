"""PATCH /users/{id} by admins and coordinators, user search and sort (§16)."""

import pytest

USERS = "/api/v1/users"


def test_coordinator_edits_a_shopper(auth, create_user):
    shopper = create_user("shopper")
    coordinator = auth("coordinator")
    body = {"name": "Ida Holm", "email": "IDA@example.com", "locale": "da", "home_latitude": 56.1}
    response = coordinator.patch(f"{USERS}/{shopper.id}", json=body)
    assert response.status_code == 200, response.json
    got = response.json
    assert (got["name"], got["email"], got["locale"], got["home_latitude"]) == (
        "Ida Holm",
        "ida@example.com",
        "da",
        56.1,
    )


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_coordinator_cannot_edit_staff(auth, create_user, role):
    staff = create_user(role)
    response = auth("coordinator").patch(f"{USERS}/{staff.id}", json={"name": "X"})
    assert response.status_code == 404
    assert auth("admin").patch(f"{USERS}/{staff.id}", json={"name": "X"}).status_code == 200


@pytest.mark.parametrize(
    "body, bad",
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"locale": "de"}, "locale"),
        ({"role": "admin"}, "role"),
    ],
)
def test_bad_user_edits(auth, create_user, body, bad):
    shopper = create_user("shopper")
    response = auth("admin").patch(f"{USERS}/{shopper.id}", json=body)
    assert response.status_code == 422
    assert bad in response.json["errors"]["json"]


def test_email_taken_is_422(auth, create_user):
    a, b = create_user("shopper"), create_user("shopper")
    response = auth("admin").patch(f"{USERS}/{a.id}", json={"email": b.email.upper()})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["email"]


def test_user_search_and_sort(auth, create_user):
    a = create_user("shopper", email="zed@example.com")
    b = create_user("shopper", email="amy@example.com")
    admin = auth("admin")
    assert [u["id"] for u in admin.get(f"{USERS}?q=ZED").json] == [a.id]
    ordered = [u["id"] for u in admin.get(f"{USERS}?role=shopper&sort=email").json]
    assert ordered == [b.id, a.id]
    ordered = [u["id"] for u in admin.get(f"{USERS}?role=shopper&sort=-email").json]
    assert ordered == [a.id, b.id]
