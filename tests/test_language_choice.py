"""A response's language: ?lang=, then Accept-Language (da, sv, en), then the user's (§16)."""

import pytest


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("da", "Forkert e-mail eller adgangskode."),
        ("sv-SE,sv;q=0.9,en;q=0.5", "Fel e-postadress eller lösenord."),
        ("de-DE,sv;q=0.5", "Fel e-postadress eller lösenord."),
        ("en-GB", "Wrong email or password."),
        ("de, fr", "Wrong email or password."),
        ("*", "Wrong email or password."),
    ],
)
def test_sign_in_error_follows_accept_language(anon, create_user, header, expected):
    user = create_user("shopper", locale="da")
    response = anon.http.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": "wrong password"},
        headers={"Accept-Language": header},
    )
    assert response.status_code == 401
    assert response.json["message"] == expected


def test_accept_language_beats_the_users_locale(auth):
    coordinator = auth("coordinator", locale="da")
    own = coordinator.get("/api/v1/stores/999")
    assert own.json["message"] == "Butik 999 blev ikke fundet."
    asked = coordinator.get("/api/v1/stores/999", headers={"Accept-Language": "sv"})
    assert asked.json["message"] == "Butik 999 hittades inte."
    # ?lang= still wins, for report links that name their language.
    linked = coordinator.get("/api/v1/stores/999?lang=en", headers={"Accept-Language": "sv"})
    assert linked.json["message"] == "Store 999 not found."


def test_audit_entries_speak_the_readers_language(auth, field):
    wave = field.wave()
    vid = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json[0]["id"]
    events = field.coordinator.get(
        f"/api/v1/visits/{vid}/events", headers={"Accept-Language": "da"}
    ).json
    assert events[0]["summary"] == "Besøg oprettet."
    response = field.coordinator.post(
        f"/api/v1/visits/{vid}/unassign", json={}, headers={"Accept-Language": "sv"}
    )
    assert response.status_code == 409
    assert response.json["message"].startswith("Kan inte ta bort tilldelningen av besök")
