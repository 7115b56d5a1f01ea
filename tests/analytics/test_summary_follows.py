"""GET /waves/{id}/summary: languages, the previous wave, who may read it, following approvals."""

from datetime import date, timedelta

import pytest

from mystery.extensions import db
from mystery.waves.models import Wave
from tests.analytics.test_summary import by_key
from tests.conftest import full_answers


def test_titles_follow_lang_and_default_to_the_client_locale(programme, metrics_wave):
    wave_id = metrics_wave[0]
    sv = programme.summary(programme.coordinator, wave_id, lang="sv").json
    assert [s["title"] for s in sv["sections"]] == ["Bemötande", "Butiken"]
    assert by_key(sv["questions"])["greeted"]["text"] == "Hälsad?"
    assert sv["lang"] == "sv"
    # The field client is Danish.
    default = programme.summary(programme.coordinator, wave_id).json
    assert [s["title"] for s in default["sections"]] == ["Betjening", "Butik"]
    assert default["lang"] == "da"


def test_unknown_lang_is_422(programme, metrics_wave):
    response = programme.summary(programme.coordinator, metrics_wave[0], lang="xx")
    assert response.status_code == 422
    assert list(response.json["errors"]["query"]) == ["lang"]
    assert response.json["message"]


def test_delta_against_the_previous_wave_of_the_client(
    app, programme, create_client, create_checklist
):
    a, b, _c = programme.field.stores
    # The previous wave started 30 days ago: A 80, B 100 (mean 90).
    before_id, before = programme.wave([a, b], days=-30, name="Spring")
    programme.approve(before[a.id][0], full_answers(queue=400))
    programme.approve(before[b.id][0])
    # Older still, and a later wave: neither is "previous".
    older_id, older = programme.wave([a], days=-60, name="Winter")
    programme.approve(older[a.id][0], full_answers(greeted=False))
    programme.wave([a], days=30, name="Autumn")
    # Another client's wave in between does not count either.
    other = create_client(name="Other chain")
    with app.app_context():
        db.session.add(
            Wave(
                client_id=other.id,
                checklist_id=create_checklist(other.id).id,
                name="Theirs",
                starts_on=date.today() - timedelta(days=10),
                ends_on=date.today(),
            )
        )
        db.session.commit()

    wave_id, now = programme.wave([a, b], name="Summer")
    programme.approve(now[a.id][0], full_answers(queue=200))  # 90
    programme.approve(now[b.id][0], full_answers(queue=200))  # 90
    body = programme.summary(programme.coordinator, wave_id).json
    assert body["previous_wave"] == {"id": before_id, "name": "Spring", "mean": 90.0, "delta": 0.0}
    deltas = {s["store_id"]: s["delta_previous"] for s in body["stores"]}
    assert deltas == {a.id: 10.0, b.id: -10.0}
    # Its own previous wave is Winter, where A scored 0.
    spring = programme.summary(programme.coordinator, before_id).json
    assert spring["previous_wave"] == {"id": older_id, "name": "Winter", "mean": 0.0, "delta": 90.0}


def test_client_users_see_their_own_regions_approved_visits(
    programme, metrics_wave, auth, create_client
):
    wave_id, north, _south = metrics_wave
    client_id = programme.field.client.id
    # A visit still submitted is not a client's business, not even in the counts.
    extra_wave, extra = programme.wave([north])
    programme.accept(extra[north.id][0])
    programme.submit(extra[north.id][0], full_answers())

    everyone = auth("client", client_id=client_id)
    body = everyone.get(f"/api/v1/waves/{wave_id}/summary").json
    assert body["counts"] == {"approved": 4, "total": 4, "by_status": {"approved": 4}}
    assert [s["code"] for s in body["stores"]] == ["N1", "S1"]
    assert body["overall"]["mean"] == 66.0

    northern = auth("client", client_id=client_id, regions=["North"])
    body = northern.get(f"/api/v1/waves/{wave_id}/summary").json
    assert [s["code"] for s in body["stores"]] == ["N1"]
    assert [r["region"] for r in body["regions"]] == ["North"]
    # Only V1 and V2: totals 100 and 77.778; NPS 10, 9; waits 60, 100 (median 80).
    assert body["overall"]["mean"] == 88.9 and body["overall"]["n"] == 2
    assert body["counts"]["approved"] == 2
    assert body["nps"] == {"nps": 100.0, "promoters": 2, "passives": 0, "detractors": 0, "n": 2}
    assert body["wait_time"]["median"] == 80.0
    assert [s["mean"] for s in body["sections"]] == [95.8, 75.0]
    assert northern.get(f"/api/v1/waves/{extra_wave}/summary").json["counts"]["approved"] == 0

    stranger = auth("client", client_id=create_client(name="Rival").id)
    assert stranger.get(f"/api/v1/waves/{wave_id}/summary").status_code == 404


@pytest.mark.parametrize("role", ["shopper", "nobody"])
def test_others_cannot_read_a_summary(programme, metrics_wave, auth, anon, role):
    api = auth("shopper") if role == "shopper" else anon
    response = api.get(f"/api/v1/waves/{metrics_wave[0]}/summary")
    assert response.status_code == (404 if role == "shopper" else 401)


def test_missing_wave_is_404(programme):
    assert programme.summary(programme.coordinator, 987654).status_code == 404


def test_an_approval_shows_up_in_the_next_summary(programme):
    a, b, _c = programme.field.stores
    wave_id, visits = programme.wave([a, b], per_store=2)
    programme.approve(visits[a.id][0], full_answers(queue=400, recommend=10))
    first = programme.summary(programme.coordinator, wave_id).json
    assert (first["overall"]["mean"], first["nps"]["n"]) == (80.0, 1)
    # Same answers again: nothing changed, the same numbers.
    assert programme.summary(programme.coordinator, wave_id).json == first

    programme.approve(visits[b.id][0], full_answers(recommend=2))
    second = programme.summary(programme.coordinator, wave_id).json
    assert second["overall"]["mean"] == 90.0
    assert second["nps"] == {"nps": 0.0, "promoters": 1, "passives": 0, "detractors": 1, "n": 2}
    assert by_key(second["questions"])["queue"]["fail_rate"] == 50.0
    programme.approve(visits[a.id][1], full_answers(queue=200))
    third = programme.summary(programme.coordinator, wave_id).json
    # A: 80, 90 → 85; B: 100. Overall 80, 100, 90 → 90.
    assert [(s["store_id"], s["mean"], s["n"]) for s in third["stores"]] == [
        (b.id, 100.0, 1),
        (a.id, 85.0, 2),
    ]
    assert by_key(third["questions"])["queue"]["mean_score"] == 50.0


def test_an_empty_wave_has_nulls_not_errors(programme):
    wave_id, _visits = programme.wave(programme.field.stores[:1])
    body = programme.summary(programme.coordinator, wave_id).json
    assert body["overall"] == {
        "mean": None,
        "n": 0,
        "ci_low": None,
        "ci_high": None,
        "critical_failures": 0,
    }
    assert body["stores"][0]["rank"] is None and body["stores"][0]["low_n"] is True
    assert body["nps"]["nps"] is None and body["wait_time"]["median"] is None
    assert body["sections"][0]["mean"] is None
