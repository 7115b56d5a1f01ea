"""wave_summary and store_summary called directly: query counts and one store's numbers."""

import pytest

from mystery.analytics.summary import store_summary, wave_summary
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.waves.models import Wave
from tests.analytics.summary_helpers import Programme, build_metrics_wave, count_queries
from tests.conftest import full_answers


@pytest.fixture
def programme(app, field):
    return Programme(app, field)


def approved_wave(programme, per_store, name):
    """A wave over the 3 field stores with every visit approved at varying answers."""
    wave_id, visits = programme.wave(programme.field.stores, per_store=per_store, name=name)
    for number, vid in enumerate(sorted(v for ids in visits.values() for v in ids)):
        programme.approve(vid, full_answers(queue=60 + 50 * number, recommend=number % 11))
    return wave_id


def summary_queries(app, wave_id, **scope):
    """Return how many statements wave_summary ran: first (rollups built) and second call."""
    counts = []
    for _ in range(2):
        with app.app_context():
            wave = db.session.get(Wave, wave_id)
            _result, statements = count_queries(lambda wave=wave: wave_summary(wave, **scope))
            counts.append(len(statements))
    return counts


def test_query_count_does_not_grow_with_visits(app, programme):
    small = approved_wave(programme, 1, "Small")  # 3 visits, 30 answers
    large = approved_wave(programme, 4, "Large")  # 12 visits, 120 answers
    first, second = summary_queries(app, small)
    assert summary_queries(app, large) == [first, second]
    # A constant handful: 6; on PostgreSQL 4 (the region totals, sections and medians in
    # one statement), and a summary never folds, so the first call after approvals too.
    assert first == second == (4 if app.config["DATABASE_KIND"] == "postgres" else 6)
    scoped = {"client_id_scope": programme.field.client.id, "regions": ["Hovedstaden"]}
    assert summary_queries(app, small, **scoped) == summary_queries(app, large, **scoped)
    with app.app_context():
        wave = db.session.get(Wave, large)
        store = db.session.get(Store, programme.field.stores[0].id)
        _result, statements = count_queries(lambda: store_summary(wave, store))
    # Plan, this and the previous wave, sections, questions (+ waits on SQLite); on
    # PostgreSQL the first three come in one statement, the medians with the questions.
    assert len(statements) == (2 if app.config["DATABASE_KIND"] == "postgres" else 5)


def test_store_summary(app, programme):
    a, b, _c = programme.field.stores
    before_id, before = programme.wave([a], days=-30, name="Before")
    programme.approve(before[a.id][0], full_answers(queue=400, mood="sad"))  # 10 - 2 - 1 → 70
    wave_id, visits = programme.wave([a, b], per_store=3)
    programme.approve(visits[a.id][0], full_answers(queue=400, recommend=10))  # 80
    programme.approve(visits[a.id][1], full_answers(queue=200, recommend=6))  # 90
    programme.approve(visits[a.id][2], full_answers(litter=True, recommend=8))  # 90
    programme.approve(visits[b.id][0], full_answers(greeted=False))  # B's: not counted here
    programme.accept(visits[b.id][1])
    with app.app_context():
        wave = db.session.get(Wave, wave_id)
        store = db.session.get(Store, a.id)
        body = store_summary(wave, store, lang="en")
    assert body["store"]["code"] == a.code
    assert body["counts"] == {"approved": 3}
    # 80, 90, 90: mean 86.667, s = 5.774, t(0.975, 2) = 4.3027 → ± 14.34 → 72.3 .. 100.0.
    assert body["overall"] == {
        "mean": 86.7,
        "n": 3,
        "ci_low": 72.3,
        "ci_high": 100.0,
        "critical_failures": 0,
        "low_n": False,
    }
    assert body["previous_wave"] == {"id": before_id, "name": "Before", "mean": 70.0, "delta": 16.7}
    assert body["sections"][0]["mean"] == 86.7
    # recommend 10, 6, 8 → 1 promoter, 1 passive, 1 detractor.
    assert body["nps"] == {"nps": 0.0, "promoters": 1, "passives": 1, "detractors": 1, "n": 3}
    # Waits 400, 200, 60: mean 220, median 200, within 120 s 1 of 3.
    wait = body["wait_time"]
    assert (wait["mean"], wait["median"], wait["within_target_pct"], wait["n"]) == (
        220.0,
        200.0,
        33.3,
        3,
    )
    questions = {q["key"]: q for q in body["questions"]}
    # litter passes when False: one True → 1 of 3 fails.
    assert (questions["litter"]["fail_rate"], questions["litter"]["mean_score"]) == (33.3, 66.7)


def test_store_summary_of_a_store_without_approved_visits(app, programme):
    wave_id, visits = programme.wave(programme.field.stores[:1])
    programme.accept(visits[programme.field.stores[0].id][0])
    with app.app_context():
        wave = db.session.get(Wave, wave_id)
        body = store_summary(wave, db.session.get(Store, programme.field.stores[0].id))
    assert body["counts"] == {"approved": 0}
    assert body["overall"] == {
        "mean": None,
        "n": 0,
        "ci_low": None,
        "ci_high": None,
        "critical_failures": 0,
        "low_n": True,
    }
    assert body["previous_wave"] is None
    assert body["nps"]["n"] == 0 and body["wait_time"]["median"] is None
    assert all(q["answered"] == 0 for q in body["questions"])


def summaries(app, wave_id, **scope):
    """Return wave_summary as served (region totals on PostgreSQL) and straight from rows."""
    from mystery.analytics import rollups

    with app.app_context():
        wave = db.session.get(Wave, wave_id)
        served = wave_summary(wave, **scope)
        enabled, rollups.enabled = rollups.enabled, lambda: False
        try:
            direct = wave_summary(wave, **scope)
        finally:
            rollups.enabled = enabled
    return served, direct


def test_totals_agree_with_the_answers(app, programme, create_store):
    wave_id = build_metrics_wave(programme, create_store)[0]
    for scope in ({}, {"client_id_scope": programme.field.client.id, "regions": ["South"]}):
        served, direct = summaries(app, wave_id, **scope)
        assert served == direct


def test_a_store_moving_region_moves_its_visits(app, programme, create_store, auth):
    wave_id, north, _south = build_metrics_wave(programme, create_store)
    northern = auth("client", client_id=programme.field.client.id, regions=["North"])
    assert northern.get(f"/api/v1/waves/{wave_id}/summary").json["nps"]["n"] == 2
    with app.app_context():
        db.session.get(Store, north.id).region = "South"
        db.session.commit()
    # North is empty now, even for a view that only ever asks about North.
    body = northern.get(f"/api/v1/waves/{wave_id}/summary").json
    assert (body["nps"]["n"], body["stores"], body["sections"][0]["n"]) == (0, [], 0)
    body = programme.coordinator.get(f"/api/v1/waves/{wave_id}/summary").json
    assert [(r["region"], r["n"], r["sections"]["store"]) for r in body["regions"]] == [
        ("South", 4, 56.3)
    ]
    served, direct = summaries(app, wave_id)
    assert served == direct


def test_totals_of_an_older_version_are_rebuilt(app, programme, create_store, monkeypatch):
    from mystery.analytics import rollups

    wave_id = build_metrics_wave(programme, create_store)[0]
    first, _direct = summaries(app, wave_id)
    monkeypatch.setattr(rollups, "VERSION", rollups.VERSION + 1)
    again, direct = summaries(app, wave_id)
    assert again == first == direct
