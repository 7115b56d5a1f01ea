"""Remember me (DESIGN §6): a 30-day sign-in that survives a browser restart."""

from datetime import timedelta

import sqlalchemy as sa

from mystery.auth.models import RememberToken
from mystery.auth.remember import COOKIE
from mystery.database import utcnow
from mystery.extensions import db
from tests.conftest import PASSWORD, ApiClient


def sign_in(app, user, remember=True):
    client = ApiClient(app, user)
    body = {"email": user.email, "password": PASSWORD, "remember": remember}
    response = client.http.post("/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.json
    client.headers["X-CSRF-Token"] = response.json["csrf_token"]
    return client


def restart(client):
    """Close the browser: the session cookie goes, a persistent cookie stays."""
    client.http.delete_cookie("session")
    client.headers.pop("X-CSRF-Token", None)


def remembered(client):
    cookie = client.http.get_cookie(COOKIE)
    return cookie.value if cookie else None


def test_a_remembered_sign_in_survives_a_restart_and_rotates(app, create_user):
    user = create_user("shopper")
    client = sign_in(app, user)
    first = client.http.get_cookie(COOKIE)
    assert first is not None and first.expires is not None
    assert first.expires > utcnow() + timedelta(days=29)
    assert first.http_only
    restart(client)
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 200
    assert response.json["email"] == user.email
    assert response.headers["X-CSRF-Token"]
    assert remembered(client) not in (None, first.value)  # rotated on use
    # The new session works for unsafe requests once the PWA has the new CSRF token.
    client.headers["X-CSRF-Token"] = response.headers["X-CSRF-Token"]
    assert client.get("/api/v1/me/visits").status_code == 200


def test_without_remember_me_a_restart_signs_out(app, create_user):
    client = sign_in(app, create_user("shopper"), remember=False)
    assert remembered(client) is None
    restart(client)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_sign_out_ends_the_remembered_sign_in(app, create_user):
    client = sign_in(app, create_user("shopper"))
    token = remembered(client)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert remembered(client) is None
    client.http.set_cookie(COOKIE, token, path="/")  # a copy of the cookie kept elsewhere
    assert client.get("/api/v1/auth/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RememberToken)) == 0


def test_a_password_change_or_deactivation_ends_it(app, create_user, auth):
    admin = auth("admin")
    for change in ({"password": "another long password"}, {"active": False}):
        user = create_user("shopper")
        client = sign_in(app, user)
        response = admin.patch(f"/api/v1/users/{user.id}", json=change)
        assert response.status_code == 200, response.json
        restart(client)
        assert client.get("/api/v1/auth/me").status_code == 401


def test_an_expired_or_unknown_token_signs_nobody_in(app, create_user):
    user = create_user("shopper")
    client = sign_in(app, user)
    with app.app_context():
        db.session.execute(
            sa.update(RememberToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    restart(client)
    assert client.get("/api/v1/auth/me").status_code == 401
    client.http.set_cookie(COOKIE, "not-a-token", path="/")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_remember_must_be_a_boolean(anon, create_user):
    user = create_user("shopper")
    body = {"email": user.email, "password": PASSWORD, "remember": "sometimes"}
    response = anon.post("/api/v1/auth/login", json=body)
    assert response.status_code == 422
    assert "remember" in response.json["errors"]["json"]


def test_requests_restoring_at_once_accept_each_others_csrf_token(app, create_user):
    # A restarted phone opens with several requests in flight, none carrying a session yet:
    # each restores one and sets its own cookie, and the browser keeps whichever came last.
    user = create_user("shopper")
    client = sign_in(app, user)
    restart(client)
    token = remembered(client)
    other = ApiClient(app, user)
    other.http.set_cookie(COOKIE, token, path="/")
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert other.get("/api/v1/me/visits").status_code == 200  # restored within the grace
    # The CSRF token came from the first session, the cookie the browser kept from the second.
    other.headers["X-CSRF-Token"] = me.headers["X-CSRF-Token"]
    response = other.patch("/api/v1/me", json={"name": "Restarted"})
    assert response.status_code == 200, response.json
    # A sitting restored from another cookie gets a token of its own.
    restart(client)
    assert client.get("/api/v1/auth/me").headers["X-CSRF-Token"] != me.headers["X-CSRF-Token"]
