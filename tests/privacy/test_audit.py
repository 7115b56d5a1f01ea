"""DESIGN §17 "each logged": exports and anonymisations in the audit log the purge writes to."""

import pytest

from tests.privacy.conftest import IBAN, PHONE, with_bank_details

SENTENCES = {
    "en": ("exported the personal data of", "anonymised"),
    "da": ("eksporterede persondata om", "anonymiserede"),
    "sv": ("exporterade personuppgifterna om", "anonymiserade"),
}


def test_export_and_anonymise_are_logged_about_the_person(app, flow, auth):
    with_bank_details(flow)
    vid = flow.approved(store=0)
    shopper, admin = flow.field.shopper_user, auth("admin")
    exported = admin.get(f"/api/v1/users/{shopper.id}/export")
    assert exported.status_code == 200
    events = admin.get(f"/api/v1/users/{shopper.id}/events")
    assert events.status_code == 200
    [entry] = events.json
    rows = 1 + sum(len(v) for v in exported.json.values() if isinstance(v, list))
    assert entry["action"] == "export" and entry["visit_id"] is None
    assert (entry["actor_id"], entry["actor_name"]) == (admin.user.id, admin.user.name)
    assert (entry["subject_id"], entry["note"]) == (shopper.id, f"rows={rows}")
    assert entry["created_at"]
    assert entry["summary"] == (
        f"{admin.user.name} exported the personal data of Søren Østergaard ({rows} records)."
    )
    # The entry says that it happened, not what went out.
    for secret in (IBAN, PHONE, shopper.email):
        assert secret not in events.get_data(as_text=True)
    # The visit's log, where the purge is read, shows it too.
    assert [e["action"] for e in flow.events(vid)][-1] == "export"
    response = admin.post(f"/api/v1/users/{shopper.id}/anonymise")
    assert response.status_code == 200
    anonymous = response.json["name"]
    actions = [e["action"] for e in admin.get(f"/api/v1/users/{shopper.id}/events").json]
    assert actions == ["export", "anonymise"]
    last = flow.events(vid)[-1]
    assert (last["action"], last["subject_id"], last["actor_id"]) == (
        "anonymise",
        shopper.id,
        admin.user.id,
    )
    assert last["summary"] == f"{admin.user.name} anonymised {anonymous}."
    # The person's old name is gone from the log as from everywhere else.
    assert "Søren" not in admin.get(f"/api/v1/users/{shopper.id}/events").get_data(as_text=True)
    # A second anonymisation changes nothing and logs nothing.
    assert admin.post(f"/api/v1/users/{shopper.id}/anonymise").status_code == 200
    assert len(admin.get(f"/api/v1/users/{shopper.id}/events").json) == 2


@pytest.mark.parametrize("lang", ["en", "da", "sv"])
def test_the_entries_speak_the_readers_language(flow, auth, lang):
    admin = auth("admin")
    target = flow.shopper_id
    admin.get(f"/api/v1/users/{target}/export")
    admin.post(f"/api/v1/users/{target}/anonymise")
    headers = {"Accept-Language": lang}
    summaries = [
        e["summary"] for e in admin.get(f"/api/v1/users/{target}/events", headers=headers).json
    ]
    exported, anonymised = SENTENCES[lang]
    assert exported in summaries[0] and anonymised in summaries[1]
    assert all(admin.user.name in s for s in summaries)


def test_a_visit_log_leaves_out_people_who_never_held_it(flow, auth, create_user):
    vid = flow.in_state("accepted")
    stranger = create_user("shopper")
    admin = auth("admin")
    admin.get(f"/api/v1/users/{stranger.id}/export")
    admin.post(f"/api/v1/users/{stranger.id}/anonymise")
    assert {e["action"] for e in flow.events(vid)} <= {"create", "assign", "accept"}


def test_the_person_log_is_for_admins(flow, auth):
    target = flow.shopper_id
    assert flow.coordinator.get(f"/api/v1/users/{target}/events").status_code == 404
    assert flow.shopper.get(f"/api/v1/users/{target}/events").status_code == 404
    assert auth("admin").get("/api/v1/users/99999/events").status_code == 404
