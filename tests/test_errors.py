"""One JSON error shape everywhere: {code, status, message, errors?}, never a traceback."""

from http import HTTPStatus

import pytest
import sqlalchemy as sa

from mystery.auth.models import User
from mystery.extensions import db

SHAPE = {"code", "status", "message", "errors"}


def assert_error_shape(response, code):
    """Check the status, the JSON content type and the error body's fields."""
    assert response.status_code == code
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) <= SHAPE and {"code", "status", "message"} <= set(body)
    assert body["code"] == code
    assert body["status"] == HTTPStatus(code).phrase
    assert isinstance(body["message"], str) and body["message"].strip()
    assert body["message"][0].isupper() and body["message"].rstrip()[-1] in ".!?"
    return body


def test_unknown_path_is_404_json(anon):
    body = assert_error_shape(anon.get("/api/v1/no-such-thing"), 404)
    assert body == {"code": 404, "status": "Not Found", "message": "Not found."}


def test_wrong_method_is_405_json(auth):
    response = auth("coordinator").delete("/api/v1/clients")
    body = assert_error_shape(response, 405)
    assert body["message"] == "This method is not allowed here."
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize("data", ["{bad", '{"name": "x",}', "\xff"])
def test_malformed_json_is_400_with_a_message(app, auth, data):
    api = auth("coordinator")
    response = api.post("/api/v1/clients", data=data, content_type="application/json")
    body = assert_error_shape(response, 400)
    assert body["message"] == "The request body is not valid JSON."


def test_json_that_is_not_an_object_is_422(auth):
    response = auth("coordinator").post("/api/v1/clients", json=[1, 2])
    body = assert_error_shape(response, 422)
    assert "_schema" in body["errors"]["json"]


def test_validation_error_names_the_fields(auth):
    response = auth("coordinator").post("/api/v1/clients", json={"locale": "xx"})
    body = assert_error_shape(response, 422)
    assert set(body["errors"]["json"]) == {"name", "locale"}
    assert body["message"].startswith("Invalid or missing: ")
    assert "name" in body["message"] and "locale" in body["message"]


@pytest.mark.parametrize(
    ("role", "method", "path", "code"),
    [
        (None, "GET", "/api/v1/clients", 401),
        (None, "GET", "/api/v1/auth/me", 401),
        ("shopper", "GET", "/api/v1/users", 404),
        ("coordinator", "GET", "/api/v1/stores/98765", 404),
        ("coordinator", "PUT", "/api/v1/clients/1", 405),
    ],
)
def test_every_error_has_the_shape(anon, auth, role, method, path, code):
    api = auth(role) if role else anon
    assert_error_shape(api.request(method, path, json={}), code)


def test_csrf_refusal_has_the_shape(auth):
    api = auth("coordinator")
    api.headers.pop("X-CSRF-Token")
    body = assert_error_shape(api.post("/api/v1/clients", json={"name": "x"}), 403)
    assert "X-CSRF-Token" in body["message"]


def test_unexpected_exception_is_500_json_without_traceback(app, auth, monkeypatch):
    from mystery.users import services

    def boom(*_args, **_kwargs):
        raise RuntimeError("secret internal detail /srv/mystery/users/services.py")

    monkeypatch.setattr(services, "list_users", boom)
    response = auth("admin").get("/api/v1/users")
    body = assert_error_shape(response, 500)
    assert body == {
        "code": 500,
        "status": "Internal Server Error",
        "message": "Something went wrong on our side.",
    }
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret" not in text and "RuntimeError" not in text


def test_unexpected_exception_after_a_write_rolls_back(app, auth, monkeypatch):
    from mystery.users import services

    real = services.create_user

    def create_then_fail(actor, data):
        real(actor, data)  # added and flushed: only a rollback can undo it
        raise RuntimeError("after the flush")

    api = auth("admin")
    monkeypatch.setattr(services, "create_user", create_then_fail)
    data = {
        "email": "ghost@example.com",
        "name": "Ghost",
        "password": "long enough password",
        "role": "shopper",
    }
    assert_error_shape(api.post("/api/v1/users", json=data), 500)
    with app.app_context():
        found = db.session.scalar(sa.select(User).where(User.email == "ghost@example.com"))
        assert found is None
    # the app is still healthy afterwards
    assert api.get("/api/v1/auth/me").status_code == 200
