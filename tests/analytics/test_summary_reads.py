"""A summary GET only reads (#16, #9): what is not folded yet is read beside the totals.

The region totals live on PostgreSQL only, so these tests run there; on SQLite every summary
reads the answers directly and there is nothing to compare.
"""

import pytest

from mystery.analytics import rollups
from mystery.analytics.models import RolledVisit
from mystery.analytics.rollups import background
from mystery.analytics.summary import wave_summary
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.waves.models import Wave
from tests.analytics.summary_helpers import Programme, count_queries
from tests.conftest import full_answers

WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "SELECT PG_ADVISORY", "SELECT SET_CONFIG")


@pytest.fixture
def programme(app, field):
    with app.app_context():
        if not rollups.enabled():
            pytest.skip("region totals are PostgreSQL's; SQLite reads the answers directly")
    return Programme(app, field)


@pytest.fixture
def queued(monkeypatch):
    """Record the background folds summaries ask for instead of running them, so the totals
    stay as the test left them."""
    waves = []
    monkeypatch.setattr(rollups, "fold_later", lambda _app, wave_id: waves.append(wave_id))
    return waves


def leave_unfolded(monkeypatch):
    """From now on approvals commit without folding (as if their fold had not run yet)."""
    monkeypatch.setattr(background, "refresh", lambda *_args, **_kwargs: None)


def two_regions(programme, create_store, per_store=3):
    """A wave over a North and a South store, per_store visits each."""
    client_id = programme.field.client.id
    north = create_store(client_id=client_id, region="North", code="N1")
    south = create_store(client_id=client_id, region="South", code="S1")
    wave_id, visits = programme.wave([north, south], per_store=per_store)
    return wave_id, north, south, visits


def answers(number):
    return full_answers(
        queue=40 + 70 * number, recommend=(3 * number) % 11, litter=bool(number % 2)
    )


def read(app, wave_id, **scope):
    """Return (the summary as served, the SQL it ran, the summary straight from the answers)."""
    with app.app_context():
        wave = db.session.get(Wave, wave_id)
        served, statements = count_queries(lambda: wave_summary(wave, **scope))
        enabled, rollups.enabled = rollups.enabled, lambda: False
        try:
            direct = wave_summary(wave, **scope)
        finally:
            rollups.enabled = enabled
    return served, statements, direct


def writes(statements):
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


def counted_visits(app, wave_id):
    with app.app_context():
        return db.session.query(RolledVisit).filter_by(wave_id=wave_id).count()


def test_unfolded_approvals_are_read_beside_the_totals(
    app, programme, create_store, queued, monkeypatch
):
    wave_id, north, south, visits = two_regions(programme, create_store)
    programme.approve(visits[north.id][0], answers(0))
    programme.approve(visits[south.id][0], answers(1))
    assert counted_visits(app, wave_id) == 2  # folded when the approvals committed
    leave_unfolded(monkeypatch)
    for number, vid in enumerate(visits[north.id][1:] + visits[south.id][1:2], 2):
        programme.approve(vid, answers(number))
    for scope in ({}, {"client_id_scope": programme.field.client.id, "regions": ["North"]}):
        served, statements, direct = read(app, wave_id, **scope)
        assert served["counts"]["approved"] == (5 if not scope else 3)
        assert served == direct
        assert writes(statements) == []
    assert counted_visits(app, wave_id) == 2  # still: the summaries folded nothing
    assert set(queued) == {wave_id}  # …and asked a background fold to catch up


def test_the_background_fold_then_serves_the_same(
    app, programme, create_store, queued, monkeypatch
):
    wave_id, north, south, visits = two_regions(programme, create_store, per_store=2)
    programme.approve(visits[north.id][0], answers(0))
    leave_unfolded(monkeypatch)
    programme.approve(visits[north.id][1], answers(1))
    programme.approve(visits[south.id][0], answers(2))
    before, _statements, direct = read(app, wave_id)
    monkeypatch.undo()
    with app.app_context():
        rollups.catch_up(wave_id)  # what the queued background fold runs
    assert counted_visits(app, wave_id) == 3
    after, statements, _direct = read(app, wave_id)
    assert after == before == direct
    assert writes(statements) == []


def test_a_store_moved_out_of_its_region_is_taken_out_unfolded(
    app, programme, create_store, queued
):
    wave_id, north, _south, visits = two_regions(programme, create_store, per_store=2)
    for number, vid in enumerate(v for ids in visits.values() for v in ids):
        programme.approve(vid, answers(number))
    with app.app_context():
        db.session.get(Store, north.id).region = "South"
        db.session.commit()
    for scope in ({}, {"client_id_scope": programme.field.client.id, "regions": ["North"]}):
        served, statements, direct = read(app, wave_id, **scope)
        assert served == direct
        assert writes(statements) == []
    assert served["nps"]["n"] == 0 and served["stores"] == []  # North is empty now
    assert queued


def test_too_many_changes_are_read_from_the_answers(
    app, programme, create_store, queued, monkeypatch
):
    wave_id, _north, _south, visits = two_regions(programme, create_store, per_store=2)
    leave_unfolded(monkeypatch)
    for number, vid in enumerate(v for ids in visits.values() for v in ids):
        programme.approve(vid, answers(number))
    monkeypatch.setattr(rollups, "CHANGES_IN_REQUEST", 1)
    served, statements, direct = read(app, wave_id)
    assert served == direct and served["counts"]["approved"] == 4
    assert not any("question_totals" in s for s in statements)  # the answers, not the totals
    assert writes(statements) == []
    assert queued == [wave_id]


def test_a_summary_get_writes_nothing(app, programme, create_store, queued, monkeypatch):
    wave_id, north, _south, visits = two_regions(programme, create_store, per_store=1)
    leave_unfolded(monkeypatch)
    programme.approve(visits[north.id][0], answers(0))
    with app.app_context():
        response, statements = count_queries(
            lambda: programme.summary(programme.coordinator, wave_id)
        )
    assert response.status_code == 200 and response.json["counts"]["approved"] == 1
    assert writes(statements) == []
