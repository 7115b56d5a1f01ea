"""The job board, claiming, and the shopper's own visits with their checklists."""

import threading
from datetime import date, timedelta

from mystery.geo import distance_m
from tests.conftest import EXAMPLE_DEFINITION, PASSWORD


def km_from_home(flow, store):
    shop = flow.store(store)
    return round(distance_m(55.70, 12.57, shop.latitude, shop.longitude) / 1000, 1)


def test_board_lists_open_visits_nearest_first(flow):
    wave = flow.field.wave()
    response = flow.shopper.get("/api/v1/visits/open")
    assert response.status_code == 200
    board = response.json
    assert [v["store"]["id"] for v in board] == [s.id for s in reversed(flow.field.stores)]
    assert [v["distance_km"] for v in board] == [km_from_home(flow, i) for i in (2, 1, 0)]
    assert [v["distance_km"] for v in board] == [0.4, 1.5, 2.7]
    assert {(v["wave_id"], v["status"], v["shopper_id"]) for v in board} == {
        (wave["id"], "open", None)
    }
    assert all("checklist" not in v and "shopper" not in v for v in board)


def test_board_leaves_out_what_the_shopper_cannot_claim(flow, create_user):
    mine = flow.in_state("assigned", store=0)
    _, other = flow.shopper_client(create_user)
    theirs = flow.open_visit(store=1)
    assert other.post(f"/api/v1/visits/{theirs}/claim", json={}).status_code == 200
    flow.in_state("cancelled", store=2)
    past_start = date.today() - timedelta(days=30)
    flow.field.wave(
        store_ids=[flow.store(2).id], starts_on=past_start, ends_on=past_start + timedelta(days=5)
    )
    rotation_blocked = flow.open_visit(store=0, days=30)
    claimable = flow.open_visit(store=2, days=30)
    board = flow.shopper.get("/api/v1/visits/open").json
    assert [v["id"] for v in board] == [claimable]
    assert mine not in [v["id"] for v in board]
    # The other shopper has no history at store 0, so the visit is on their board.
    assert rotation_blocked in [v["id"] for v in other.get("/api/v1/visits/open").json]


def test_board_without_a_home_sorts_by_window(flow, create_user):
    _, homeless = flow.shopper_client(create_user)
    later = flow.open_visit(store=0, days=5)
    sooner = flow.open_visit(store=1, days=1)
    board = homeless.get("/api/v1/visits/open").json
    assert [(v["id"], v["distance_km"]) for v in board] == [(sooner, None), (later, None)]


def test_board_is_for_shoppers(flow, anon):
    assert flow.coordinator.get("/api/v1/visits/open").status_code == 404
    assert anon.get("/api/v1/visits/open").status_code == 401


def test_claim_assigns_the_visit_to_the_shopper(flow):
    vid = flow.open_visit(store=1)
    response = flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["shopper_id"]) == ("assigned", flow.shopper_id)
    assert response.json["checklist"]["definition"] == EXAMPLE_DEFINITION
    event = flow.events(vid)[-1]
    assert (event["action"], event["from_status"], event["to_status"], event["actor_id"]) == (
        "claim",
        "open",
        "assigned",
        flow.shopper_id,
    )
    assert flow.shopper.get("/api/v1/visits/open").json == []
    assert [v["id"] for v in flow.shopper.get("/api/v1/me/visits").json] == [vid]


def test_claim_of_a_visit_that_is_not_open(flow, create_user):
    mine = flow.in_state("assigned", store=0)
    again = flow.shopper.post(f"/api/v1/visits/{mine}/claim", json={})
    assert again.status_code == 409
    assert again.json["message"] == f"Cannot claim visit {mine}: it is assigned (needs open)."
    _, other = flow.shopper_client(create_user)
    taken = other.post(f"/api/v1/visits/{mine}/claim", json={})
    assert taken.status_code == 404
    assert taken.json["message"] == f"Visit {mine} not found."
    cancelled = flow.open_visit(store=1)
    flow.coordinator.post(f"/api/v1/visits/{cancelled}/cancel", json={})
    assert flow.shopper.post(f"/api/v1/visits/{cancelled}/claim", json={}).status_code == 404
    assert flow.shopper.post("/api/v1/visits/999999/claim", json={}).status_code == 404
    row = flow.visit_row(mine)
    assert (row.status, row.shopper_id) == ("assigned", flow.shopper_id)


def test_my_visits_are_the_active_ones_with_their_checklist(flow):
    plan = [
        ("assigned", 0, 0),
        ("accepted", 1, 0),
        ("submitted", 2, 100),
        ("returned", 0, 200),
        ("approved", 1, 200),
        ("cancelled", 2, 300),
    ]
    ids = {state: flow.in_state(state, store, days) for state, store, days in plan}
    flow.open_visit(store=2, days=400)
    response = flow.shopper.get("/api/v1/me/visits")
    assert response.status_code == 200
    mine = response.json
    assert [(v["id"], v["status"]) for v in mine] == [
        (ids[state], state) for state in ("assigned", "accepted", "returned")
    ]  # §10: assigned, accepted and returned; a submitted visit has nothing left to do
    for visit in mine:
        assert visit["checklist"] == {
            "id": flow.field.checklist.id,
            "name": "Store audit",
            "version": 1,
            "definition": EXAMPLE_DEFINITION,
        }
        assert visit["store"]["address"] == "Strøget 1"
        assert visit["fee"] == 350.0
        assert "shopper" not in visit
    assert flow.coordinator.get("/api/v1/me/visits").status_code == 404


def test_concurrent_claims_give_the_visit_to_one_shopper(app, flow, create_user):
    vid = flow.open_visit(store=1)
    tokens = []
    for _ in range(4):
        user, api = flow.shopper_client(create_user)
        body = {"email": user.email, "password": PASSWORD, "label": "race"}
        tokens.append((user.id, api.post("/api/v1/auth/tokens", json=body).json["token"]))
    barrier = threading.Barrier(len(tokens))
    results = {}

    def claim(user_id, token):
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post(
            f"/api/v1/visits/{vid}/claim", headers={"Authorization": f"Bearer {token}"}
        )
        results[user_id] = response.status_code

    threads = [threading.Thread(target=claim, args=pair) for pair in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [200, 404, 404, 404], results
    winner = next(user_id for user_id, code in results.items() if code == 200)
    row = flow.visit_row(vid)
    assert (row.status, row.shopper_id) == ("assigned", winner)
    assert [e["action"] for e in flow.events(vid)] == ["create", "claim"]


def test_claiming_after_the_window_has_ended_is_409(flow):
    vid = flow.open_visit(store=0, days=-20)  # a 14-day window that ended six days ago
    response = flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={})
    assert response.status_code == 409
    assert "window has ended" in response.json["message"]
    assert flow.visit_row(vid).status == "open"
