"""Password reset by mail (single use, one hour, 202 whatever the e-mail) and server-side
session ends: sign-out, a reset and a password change end the sessions (#15 finding 4)."""

import re
from datetime import timedelta

import sqlalchemy as sa

from mystery.database import utcnow
from mystery.extensions import db
from tests.conftest import PASSWORD, ApiClient
from tests.notifications.conftest import deliver, rows
from tests.notifications.servers import parts

NEW_PASSWORD = "a much better passphrase"


def reset_token(smtp, count=1):
    messages = smtp.inbox.wait_for(count)
    text, html = parts(messages[-1][1])
    token = re.search(r"/reset-password\?token=([\w-]+)", text).group(1)
    assert token in html
    return messages[-1], token


def test_reset_mails_a_single_use_link(app, smtp, anon, create_user):
    user = create_user("shopper", email="Ada@Example.com", locale="da")
    response = anon.post("/api/v1/auth/password-reset", json={"email": " ada@example.COM "})
    assert response.status_code == 202
    deliver(app)
    (recipients, message), token = reset_token(smtp)
    assert recipients == ["ada@example.com"]
    assert message["Subject"] == "Nulstil din adgangskode"
    assert "udløber om en time" in parts(message)[0]
    # the in-app notification never shows the link
    [in_app] = rows(app, channel="app")
    assert "link" not in in_app["params"]
    confirm = {"token": token, "password": NEW_PASSWORD}
    assert anon.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204
    assert ApiClient(app).login(user.email, NEW_PASSWORD).status_code == 200
    assert ApiClient(app).login(user.email, PASSWORD).status_code == 401
    again = anon.post("/api/v1/auth/password-reset/confirm", json=confirm)
    assert again.status_code == 422 and "token" in again.json["errors"]["json"]
    # after sending, the outbox forgets the link too
    [mail] = rows(app, channel="email")
    assert "link" not in mail["params"]


def test_the_answer_is_the_same_for_an_unknown_email(app, smtp, anon):
    response = anon.post("/api/v1/auth/password-reset", json={"email": "nobody@example.com"})
    assert response.status_code == 202
    deliver(app)
    assert smtp.inbox.messages == [] and rows(app) == []
    assert anon.post("/api/v1/auth/password-reset", json={}).status_code == 422


def test_an_expired_or_made_up_token_is_refused(app, smtp, anon, create_user):
    from mystery.auth.models import PasswordResetToken

    create_user("client", email="c@example.com", client_id=None)
    anon.post("/api/v1/auth/password-reset", json={"email": "c@example.com"})
    deliver(app)
    _message, token = reset_token(smtp)
    with app.app_context():
        [row] = db.session.scalars(sa.select(PasswordResetToken)).all()
        assert row.expires_at - row.created_at == timedelta(hours=1)
        assert row.token_hash != token  # kept only as its digest
        # an hour and a second later
        db.session.execute(
            sa.update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    for bad in (token, "made-up"):
        response = anon.post(
            "/api/v1/auth/password-reset/confirm", json={"token": bad, "password": NEW_PASSWORD}
        )
        assert response.status_code == 422, response.json
        assert response.json["errors"]["json"]["token"]
    short = anon.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "short"}
    )
    assert short.status_code == 422 and "password" in short.json["errors"]["json"]


def test_a_reset_ends_every_session_of_the_account(app, smtp, create_user):
    user = create_user("shopper", locale="sv")
    signed_in = ApiClient(app, user)
    assert signed_in.login(user.email).status_code == 200
    ApiClient(app).post("/api/v1/auth/password-reset", json={"email": user.email})
    deliver(app)
    _message, token = reset_token(smtp)
    assert signed_in.get("/api/v1/auth/me").status_code == 200
    ApiClient(app).post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
    )
    assert signed_in.get("/api/v1/auth/me").status_code == 401


def test_a_cookie_captured_before_sign_out_is_dead_after_it(app, create_user):
    user = create_user("coordinator")
    browser = ApiClient(app, user)
    assert browser.login(user.email).status_code == 200
    stolen = ApiClient(app, user)
    cookie = browser.http.get_cookie("session")
    stolen.http.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    stolen.headers = dict(browser.headers)
    assert stolen.get("/api/v1/auth/me").status_code == 200
    assert browser.post("/api/v1/auth/logout").status_code == 204
    assert stolen.get("/api/v1/auth/me").status_code == 401
    assert stolen.get("/api/v1/clients").status_code == 401
    assert stolen.post("/api/v1/clients", json={"name": "X", "locale": "da"}).status_code == 401
    # signing in again works, with a fresh session
    assert browser.login(user.email).status_code == 200
    assert browser.get("/api/v1/auth/me").status_code == 200
    assert stolen.get("/api/v1/auth/me").status_code == 401


def test_an_admins_password_reset_ends_the_users_sessions(app, auth, create_user):
    admin = auth("admin")
    user = create_user("shopper")
    phone = ApiClient(app, user)
    assert phone.login(user.email).status_code == 200
    changed = admin.patch(f"/api/v1/users/{user.id}", json={"password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.json
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert admin.get("/api/v1/auth/me").status_code == 200  # the admin's own session stays
    # changing one's own password keeps the session that did it
    mine = admin.patch(f"/api/v1/users/{admin.user.id}", json={"password": NEW_PASSWORD})
    assert mine.status_code == 200, mine.json
    assert admin.get("/api/v1/auth/me").status_code == 200


def test_tokens_are_not_ended_by_a_sign_out(app, create_user):
    user = create_user("coordinator")
    browser = ApiClient(app, user)
    browser.login(user.email)
    token = browser.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD, "label": "ci"}
    ).json["token"]
    browser.post("/api/v1/auth/logout")
    script = ApiClient(app)
    assert (
        script.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
