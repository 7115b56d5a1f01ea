"""Auto-assign: the solver is optimal (against brute force) and the route applies it."""

import itertools
import random
from datetime import date, datetime, timedelta

import pytest

from mystery.waves.autoassign import Problem, solve


def brute_force(problem):
    """Return the best (covered, -distance) over every feasible assignment."""
    visits = [v for v, *_ in problem.visits]
    day_of = {v: d for v, _s, d, _w in problem.visits}
    options = [[None] + [s for s in problem.shoppers if (s, v) in problem.distance] for v in visits]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        taken = [(s, v) for s, v in zip(choice, visits, strict=True) if s is not None]
        per_shopper, per_day = {}, {}
        for s, v in taken:
            per_shopper[s] = per_shopper.get(s, 0) + 1
            if day_of[v] is not None:
                per_day[(s, day_of[v])] = per_day.get((s, day_of[v]), 0) + 1
        if any(n > problem.cap.get(s, 0) for s, n in per_shopper.items()):
            continue
        if any(n > problem.day_room.get(k, 0) for k, n in per_day.items()):
            continue
        pairs = set(taken)
        if any((s, a) in pairs and (s, b) in pairs for s, a, b in problem.exclusive):
            continue
        score = (len(taken), -sum(problem.distance[p] for p in taken))
        if score[0] > best[0] or (score[0] == best[0] and score[1] > best[1] + 1e-9):
            best = score
    return best


def random_problem(rng):
    shoppers = list(range(1, rng.randint(1, 3) + 1))
    days = [date(2026, 12, 1), date(2026, 12, 2)]
    visits = []
    for v in range(1, rng.randint(1, 5) + 1):
        day = rng.choice([*days, None])  # None: a window spanning several days
        start = datetime(2026, 12, day.day if day else 1)
        visits.append((100 + v, rng.randint(1, 3), day, start))
    distance = {
        (s, v): round(rng.uniform(0.5, 40), 3)
        for s in shoppers
        for v, *_ in visits
        if rng.random() < 0.8
    }
    cap = {s: rng.randint(0, 3) for s in shoppers}
    day_room = {(s, d): rng.randint(0, 2) for s in shoppers for d in days}
    exclusive = [
        (s, a[0], b[0])
        for s in shoppers
        for a, b in itertools.combinations(visits, 2)
        if a[1] == b[1]
    ]
    return Problem(
        visits=visits,
        shoppers=shoppers,
        distance=distance,
        cap=cap,
        day_room=day_room,
        exclusive=exclusive,
    )


@pytest.mark.parametrize("seed", range(60))
def test_solver_matches_brute_force(seed):
    problem = random_problem(random.Random(seed))
    chosen = solve(problem)
    covered = len(chosen)
    total = sum(problem.distance[(s, v)] for v, s in chosen.items())
    best_covered, best_negative_distance = brute_force(problem)
    assert covered == best_covered
    assert total == pytest.approx(-best_negative_distance, abs=1e-6)


def test_coverage_beats_distance():
    # One shopper near both stores but allowed one visit; a far shopper must take the other.
    day = date(2026, 12, 1)
    problem = Problem(
        visits=[(1, 1, day, datetime(2026, 12, 1)), (2, 2, day, datetime(2026, 12, 1))],
        shoppers=[10, 20],
        distance={(10, 1): 1, (10, 2): 1, (20, 2): 300},
        cap={10: 1, 20: 1},
        day_room={(10, day): 2, (20, day): 2},
    )
    assert solve(problem) == {1: 10, 2: 20}


def test_route_proposes_then_applies(field, create_user):
    near = create_user("shopper", home_latitude=55.68, home_longitude=12.57)
    far = create_user("shopper", home_latitude=56.15, home_longitude=10.20)
    wave = field.wave(ends_on=date.today() + timedelta(days=3))
    url = f"/api/v1/waves/{wave['id']}/auto-assign"
    proposal = field.coordinator.post(url, json={"dry_run": True, "max_per_shopper": 1})
    assert proposal.status_code == 200, proposal.json
    body = proposal.json
    # 3 open visits, 3 located shoppers (field's shopper, near, far), one visit each.
    assert body["open"] == 3 and body["covered"] == 3 and body["unassigned"] == []
    assert {a["shopper_id"] for a in body["assignments"]} == {
        field.shopper_user.id,
        near.id,
        far.id,
    }
    still_open = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}&status=open").json
    assert len(still_open) == 3  # a dry run changes nothing
    chosen = body["assignments"][:2]
    applied = field.coordinator.post(
        url,
        json={
            "dry_run": False,
            "max_per_shopper": 1,
            "assignments": [
                {"visit_id": a["visit_id"], "shopper_id": a["shopper_id"]} for a in chosen
            ],
        },
    )
    assert applied.status_code == 200, applied.json
    assert len(applied.json["assignments"]) == 2 and applied.json["skipped"] == []
    assigned = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}&status=assigned").json
    assert {(v["id"], v["shopper_id"]) for v in assigned} == {
        (a["visit_id"], a["shopper_id"]) for a in chosen
    }


def test_unassigned_visits_say_why(field):
    wave = field.wave()
    body = field.coordinator.post(
        f"/api/v1/waves/{wave['id']}/auto-assign", json={"max_per_shopper": 1}
    ).json
    # Only the field shopper has a home: one visit covered, two left with the cap as reason.
    assert body["covered"] == 1
    assert len(body["unassigned"]) == 2
    assert all("cap of 1" in u["reason"] for u in body["unassigned"])


def test_auto_assign_is_staff_only(field, auth):
    wave = field.wave()
    url = f"/api/v1/waves/{wave['id']}/auto-assign"
    assert field.shopper.post(url, json={}).status_code == 404
    assert auth("client", client_id=field.client.id).post(url, json={}).status_code == 404


def test_shoppers_with_earlier_visits_are_proposed_around_them(field):
    """A shopper's past visits (rotation, daily limit) feed the proposal instead of crashing it."""
    # One-day windows (tomorrow, whatever the time zone), so the daily limit applies.
    day = date.today() + timedelta(days=1)
    first = field.wave(store_ids=[field.stores[0].id], starts_on=day, ends_on=day)
    visit = field.coordinator.get(f"/api/v1/visits?wave_id={first['id']}").json[0]
    assign = {"shopper_id": field.shopper_user.id}
    assert (
        field.coordinator.post(f"/api/v1/visits/{visit['id']}/assign", json=assign).status_code
        == 200
    )
    second = field.wave(starts_on=day, ends_on=day)
    response = field.coordinator.post(
        f"/api/v1/waves/{second['id']}/auto-assign", json={"dry_run": True}
    )
    assert response.status_code == 200, response.json
    proposed = {a["store_id"] for a in response.json["assignments"]}
    assert field.stores[0].id not in proposed  # visited within the rotation window
    assert len(proposed) == 1  # two visits a day at most, the earlier one included
    reasons = {u["store_id"]: u["reason"] for u in response.json["unassigned"]}
    assert "rotation" in reasons[field.stores[0].id]


def test_windows_spanning_days_leave_the_daily_limit_out(field):
    first = field.wave(store_ids=[field.stores[0].id])
    visit = field.coordinator.get(f"/api/v1/visits?wave_id={first['id']}").json[0]
    assign = {"shopper_id": field.shopper_user.id}
    response = field.coordinator.post(f"/api/v1/visits/{visit['id']}/assign", json=assign)
    assert response.status_code == 200
    second = field.wave()
    body = field.coordinator.post(
        f"/api/v1/waves/{second['id']}/auto-assign", json={"dry_run": True}
    ).json
    # Store 0 is out by rotation; the other two both go to the one located shopper.
    assert {a["store_id"] for a in body["assignments"]} == {s.id for s in field.stores[1:]}
