"""Finding 10: passwords of 10+ characters, not common ones; no admin locks themselves out."""

import pytest


def _create(api, password, email="new@example.com"):
    return api.post(
        "/api/v1/users",
        json={"email": email, "name": "New", "password": password, "role": "shopper"},
    )


@pytest.mark.parametrize(
    "password", ["password", "12345678", "short9chr", "1234567890", "qwertyuiop", "Password123"]
)
def test_short_or_common_passwords_are_refused(auth, password):
    admin = auth("admin")
    response = _create(admin, password)
    assert response.status_code == 422, response.json
    assert "password" in response.json["errors"]["json"]
    user = auth("shopper").user
    response = admin.patch(f"/api/v1/users/{user.id}", json={"password": password})
    assert response.status_code == 422
    assert "password" in response.json["errors"]["json"]


def test_a_long_uncommon_password_is_fine(auth, anon):
    response = _create(auth("admin"), "tangerine bicycle 42")
    assert response.status_code == 201, response.json
    login = anon.post(
        "/api/v1/auth/login", json={"email": "new@example.com", "password": "tangerine bicycle 42"}
    )
    assert login.status_code == 200


def test_an_admin_cannot_deactivate_themselves(auth):
    admin = auth("admin")
    response = admin.patch(f"/api/v1/users/{admin.user.id}", json={"active": False})
    assert response.status_code == 422, response.json
    assert "active" in response.json["errors"]["json"]
    assert admin.get("/api/v1/auth/me").status_code == 200
    other = auth("admin")
    assert other.patch(f"/api/v1/users/{admin.user.id}", json={"active": False}).status_code == 200


def test_the_cli_applies_the_same_rule(app):
    runner = app.test_cli_runner()
    args = ["create-user", "--email", "c@example.com", "--role", "admin", "--name", "C"]
    result = runner.invoke(args=[*args, "--password", "12345678"])
    assert result.exit_code != 0 and "password" in result.output
