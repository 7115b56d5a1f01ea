"""GET /waves/{id}/changes: whether a wave's changes are real, per store, scoped (DESIGN §8 v2)."""

from datetime import date, timedelta

from tests.reports import pdf_fixtures

programme = pdf_fixtures.programme


def test_changes_say_what_is_significant_and_rank_by_intervals(programme, auth):
    earlier = date.today() - timedelta(days=60)
    _spring, visits = programme.wave(
        store_indexes=(0, 1), visits_per_store=3, name="Spring", starts_on=earlier
    )
    stores = programme.field.stores
    for visit in visits:
        if visit["store"]["id"] == stores[0].id:
            programme.approve(visit["id"], friendly=1, upsell="no", queue=400)
        else:
            programme.approve(visit["id"])
    autumn, visits = programme.wave(store_indexes=(0, 1), visits_per_store=3, name="Autumn")
    for index, visit in enumerate(visits):
        if visit["store"]["id"] == stores[0].id:
            programme.approve(visit["id"])
        else:
            programme.approve(visit["id"], friendly=(5, 1, 3)[index % 3])
    response = programme.coordinator.get(f"/api/v1/waves/{autumn['id']}/changes")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["previous"]["name"] == "Spring" and body["previous"]["other_version"] is False
    by_store = {s["store_id"]: s for s in body["stores"]}
    assert by_store[stores[0].id]["verdict_previous"] == "significant"  # 40 → 100
    assert by_store[stores[0].id]["delta_previous"] == 60.0
    assert by_store[stores[1].id]["verdict_previous"] == "normal"  # 100 → ~80, wide spread
    assert {s["rank_low"] for s in body["stores"]} == {1}  # the intervals overlap
    assert all(s["rank_high"] == 2 for s in body["stores"])

    own = auth("client", client_id=programme.field.client.id)
    assert own.get(f"/api/v1/waves/{autumn['id']}/changes").status_code == 200
    for outsider in (auth("client"), programme.shopper):
        assert outsider.get(f"/api/v1/waves/{autumn['id']}/changes").status_code == 404
    elsewhere = auth("client", client_id=programme.field.client.id, regions=["Skåne"])
    assert elsewhere.get(f"/api/v1/waves/{autumn['id']}/changes").json["stores"] == []


def test_one_visit_is_too_few_to_judge(programme):
    _spring, visits = programme.wave(
        store_indexes=(0,), name="Spring", starts_on=date.today() - timedelta(days=30)
    )
    programme.approve(visits[0]["id"], friendly=1)
    autumn, visits = programme.wave(store_indexes=(0,), name="Autumn")
    programme.approve(visits[0]["id"])
    body = programme.coordinator.get(f"/api/v1/waves/{autumn['id']}/changes").json
    assert body["previous"]["verdict"] == "too_few" and body["low_n"] is True
    [store] = body["stores"]
    assert store["verdict_previous"] == "too_few" and store["low_n"] is True
