"""Sign-in, session cookie, CSRF, tokens and throttling."""

from tests.conftest import PASSWORD


def test_login_sets_a_safe_cookie_and_returns_csrf(app, anon, create_user):
    user = create_user("shopper", email="Shopper@Example.com")
    response = anon.login("shopper@example.COM")
    assert response.status_code == 200
    assert response.json["user"]["email"] == "shopper@example.com"
    assert response.json["user"]["role"] == "shopper"
    assert response.json["csrf_token"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    me = anon.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json["id"] == user.id
    assert "password_hash" not in me.json


def test_wrong_password_is_401_in_the_error_shape(anon, create_user):
    user = create_user("coordinator")
    response = anon.login(user.email, "wrong password")
    assert response.status_code == 401
    assert response.json == {
        "code": 401,
        "status": "Unauthorized",
        "message": "Wrong email or password.",
    }


def test_me_without_session_is_401(anon):
    response = anon.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json["message"]


def test_unsafe_cookie_request_needs_csrf(auth):
    api = auth("coordinator")
    token = api.headers.pop("X-CSRF-Token")
    refused = api.post("/api/v1/clients", json={"name": "Fika AB"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json["message"]
    wrong = api.post("/api/v1/clients", json={"name": "Fika AB"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    ok = api.post("/api/v1/clients", json={"name": "Fika AB"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201


def test_logout_ends_the_session(auth):
    api = auth("shopper")
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert api.get("/api/v1/auth/me").status_code == 401


def test_bearer_token_works_without_csrf_and_can_be_revoked(app, anon, create_user):
    user = create_user("coordinator")
    created = anon.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD, "label": "script"}
    )
    assert created.status_code == 201
    token = created.json["token"]
    from mystery.auth.models import ApiToken
    from mystery.extensions import db

    with app.app_context():
        stored = db.session.get(ApiToken, created.json["id"])
        assert stored.token_hash != token and token not in stored.token_hash
    bearer = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = bearer.post("/api/v1/clients", json={"name": "Fika AB"}, headers=headers)
    assert response.status_code == 201
    deleted = bearer.delete(f"/api/v1/auth/tokens/{created.json['id']}", headers=headers)
    assert deleted.status_code == 204
    assert bearer.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_token_with_wrong_password_is_401(anon, create_user):
    user = create_user("coordinator")
    response = anon.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": "nope", "label": "x"}
    )
    assert response.status_code == 401


def test_someone_elses_token_cannot_be_deleted(app, auth, create_user):
    owner = create_user("coordinator")
    created = app.test_client().post(
        "/api/v1/auth/tokens", json={"email": owner.email, "password": PASSWORD, "label": "x"}
    )
    other = auth("coordinator")
    assert other.delete(f"/api/v1/auth/tokens/{created.json['id']}").status_code == 404


def test_repeated_failures_per_account_are_throttled(anon, create_user):
    user = create_user("shopper")
    statuses = [anon.login(user.email, "bad").status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    # Even the right password waits now: the account is being guessed at.
    throttled = anon.login(user.email)
    assert throttled.status_code == 429
    assert throttled.json["code"] == 429
    assert throttled.json["message"] == (
        "Too many failed sign-ins. Please wait a few minutes and try again."
    )


def test_failures_per_address_are_throttled_across_accounts(anon):
    statuses = [anon.login(f"nobody{i}@example.com", "bad").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429


def test_successful_logins_are_not_counted(anon, create_user):
    user = create_user("shopper")
    assert all(anon.login(user.email).status_code == 200 for _ in range(8))


def test_login_validation_errors(anon):
    response = anon.post("/api/v1/auth/login", json={"email": "a@b.c"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]["json"]
    assert "password" in response.json["message"]


def test_inactive_user_cannot_sign_in(anon, create_user):
    user = create_user("shopper", active=False)
    assert anon.login(user.email).status_code == 401
