"""Finding 9: API JSON is not sniffed or cached, and HTTPS is sticky (HSTS)."""

import pytest


@pytest.mark.parametrize(
    ("role", "path"),
    [(None, "/api/v1/health"), (None, "/api/v1/openapi.json"), ("coordinator", "/api/v1/visits")],
)
def test_api_json_is_nosniff_no_store_and_hsts(anon, auth, role, path):
    api = auth(role) if role else anon
    response = api.get(path)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_errors_are_no_store_too(anon):
    response = anon.get("/api/v1/visits")
    assert response.status_code == 401
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_shell_keeps_its_revalidation_and_gets_hsts(anon):
    response = anon.get("/")
    response.close()
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Strict-Transport-Security" in response.headers


def test_hsts_can_be_left_to_the_proxy(app, anon, monkeypatch):
    monkeypatch.setitem(app.config, "HSTS_SECONDS", 0)
    assert "Strict-Transport-Security" not in anon.get("/api/v1/health").headers
