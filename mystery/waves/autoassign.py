"""Auto-assign: shoppers to a wave's open visits, as an integer program solved exactly.

scipy's linear_sum_assignment cannot express a per-shopper cap together with the rotation
rule's per-day limit and "one visit per store per rotation window", so the problem is stated
as a 0/1 program and handed to HiGHS through scipy.optimize.milp, which solves it exactly.
Coverage comes first (each covered visit is worth more than any distance), then distance.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from mystery.auth.models import User
from mystery.certifications.services import certified
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import client_zone, distance_m
from mystery.stores.models import Store
from mystery.visits import services as visits
from mystery.visits.models import Visit
from mystery.visits.rotation import check_rotation, visit_day
from mystery.waves.requirements import missing_certification


@dataclass
class Problem:
    """Everything the solver needs, in plain values (so it can be tested without a DB)."""

    visits: list  # [(visit_id, store_id, day or None for multi-day windows, window_start)]
    shoppers: list  # [shopper_id]
    distance: dict  # {(shopper_id, visit_id): km} for feasible pairs only
    cap: dict  # {shopper_id: visits still allowed in this wave}
    day_room: dict  # {(shopper_id, day): visits still allowed that day}
    exclusive: list = field(default_factory=list)  # [(shopper_id, visit_a, visit_b)]
    rating: dict = field(default_factory=dict)  # {shopper_id: 1..5 or None}, breaks ties


def solve(problem):
    """Return {visit_id: shopper_id} covering most visits, then least total distance."""
    pairs = sorted(problem.distance)
    if not pairs:
        return {}
    index = {pair: i for i, pair in enumerate(pairs)}
    # Any covered visit outweighs the whole distance budget: coverage first, then distance.
    big = 1.0 + sum(problem.distance.values())
    # Between equal distances the better-rated shopper wins: all rating bonuses together stay
    # below the 1 m resolution of the distances, so they never outweigh a real detour.
    tie = 0.0005 / (5 * len(pairs))
    cost = np.array(
        [problem.distance[pair] - big - tie * (problem.rating.get(pair[0]) or 0) for pair in pairs]
    )
    rows, upper = [], []

    def constrain(members, bound):
        if members:
            rows.append([index[m] for m in members])
            upper.append(bound)

    by_visit, by_shopper, by_day = defaultdict(list), defaultdict(list), defaultdict(list)
    day_of = {visit_id: day for visit_id, _store, day, _start in problem.visits}
    for shopper_id, visit_id in pairs:
        by_visit[visit_id].append((shopper_id, visit_id))
        by_shopper[shopper_id].append((shopper_id, visit_id))
        if day_of[visit_id] is not None:
            by_day[(shopper_id, day_of[visit_id])].append((shopper_id, visit_id))
    for members in by_visit.values():
        constrain(members, 1)
    for shopper_id, members in by_shopper.items():
        constrain(members, problem.cap.get(shopper_id, 0))
    for key, members in by_day.items():
        constrain(members, problem.day_room.get(key, 0))
    for shopper_id, a, b in problem.exclusive:
        if (shopper_id, a) in index and (shopper_id, b) in index:
            constrain([(shopper_id, a), (shopper_id, b)], 1)
    matrix = lil_matrix((len(rows), len(pairs)))
    for r, members in enumerate(rows):
        for c in members:
            matrix[r, c] = 1
    result = milp(
        cost,
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(matrix.tocsr(), -np.inf, np.array(upper, dtype=float))],
    )
    if not result.success:  # pragma: no cover — the all-zero point is always feasible
        raise RuntimeError(f"Auto-assign solver failed: {result.message}")
    return {
        visit_id: shopper_id
        for (shopper_id, visit_id), x in zip(pairs, result.x, strict=True)
        if x > 0.5
    }


def build_problem(wave, max_per_shopper):
    """Gather the wave's open visits, the shoppers and the rules into a Problem + reasons."""
    client = db.session.get(Client, wave.client_id)
    zone = client_zone(client.locale)
    window = timedelta(days=client.rotation_days)
    per_day = current_app.config["MAX_VISITS_PER_DAY"]
    now = utcnow()
    visits = db.session.scalars(
        sa.select(Visit).where(Visit.wave_id == wave.id, Visit.status == "open").order_by(Visit.id)
    ).all()
    stores = {
        s.id: s
        for s in db.session.scalars(
            sa.select(Store).where(Store.id.in_({v.store_id for v in visits}))
        )
    }
    shoppers = db.session.scalars(
        sa.select(User).where(User.role == "shopper", User.active.is_(True)).order_by(User.id)
    ).all()
    history = defaultdict(list)
    for shopper_id, visit_id, store_id, start, end, wave_id in db.session.execute(
        sa.select(
            Visit.shopper_id,
            Visit.id,
            Visit.store_id,
            Visit.window_start,
            Visit.window_end,
            Visit.wave_id,
        ).where(Visit.shopper_id.is_not(None), Visit.status != "cancelled")
    ):
        # The daily limit counts single-day windows only, as the rotation rule does.
        history[shopper_id].append(
            (visit_id, store_id, start, visit_day(start, end, zone), wave_id)
        )

    plain = [
        (v.id, v.store_id, visit_day(v.window_start, v.window_end, zone), v.window_start)
        for v in visits
    ]
    distance, reasons = {}, {}
    cap, day_room, exclusive = {}, {}, []
    located = [s for s in shoppers if s.home_latitude is not None and s.home_longitude is not None]
    if wave.certification_id is not None:  # only shoppers who passed the wave's quiz
        passed = certified(wave.certification_id, [s.id for s in located])
        located = [s for s in located if s.id in passed]
    for shopper in located:
        past = history[shopper.id]
        cap[shopper.id] = max(0, max_per_shopper - sum(1 for *_, w in past if w == wave.id))
        days = defaultdict(int)
        for _vid, _sid, _start, day, _w in past:
            days[day] += 1
        for visit_id, store_id, day, start in plain:
            if day is not None:
                day_room[(shopper.id, day)] = max(0, per_day - days[day])
            if any(sid == store_id and abs(s - start) < window for _v, sid, s, _d, _w in past):
                continue
            store = stores[store_id]
            distance[(shopper.id, visit_id)] = round(
                distance_m(
                    shopper.home_latitude, shopper.home_longitude, store.latitude, store.longitude
                )
                / 1000,
                3,
            )
        for i, (a, store_a, _d, start_a) in enumerate(plain):
            for b, store_b, _d2, start_b in plain[i + 1 :]:
                if store_a == store_b and abs(start_a - start_b) < window:
                    exclusive.append((shopper.id, a, b))
    for visit in visits:
        if visit.window_end <= now:
            reasons[visit.id] = _("The visit window has already ended.")
            for shopper in located:
                distance.pop((shopper.id, visit.id), None)
        elif not located and wave.certification_id is not None:
            reasons[visit.id] = _(
                "No shopper with a home location has passed the certification this wave requires."
            )
        elif not located:
            reasons[visit.id] = _("No active shopper has a home location.")
        elif not any((s.id, visit.id) in distance for s in located):
            reasons[visit.id] = _(
                "Every shopper visited this store within the client's "
                "%(days)s-day rotation window.",
                days=client.rotation_days,
            )
    problem = Problem(
        visits=plain,
        shoppers=[s.id for s in located],
        distance=distance,
        cap=cap,
        day_room=day_room,
        exclusive=exclusive,
        rating={s.id: s.rating for s in located},
    )
    return problem, reasons, visits, stores, {s.id: s for s in located}


def propose(wave, max_per_shopper):
    """Return the proposal: pairs with distances, and every open visit left with its reason."""
    problem, reasons, visits, stores, shoppers = build_problem(wave, max_per_shopper)
    chosen = solve(problem)
    assignments, unassigned = [], []
    for visit in visits:
        store = stores[visit.store_id]
        if visit.id in chosen:
            shopper = shoppers[chosen[visit.id]]
            assignments.append(
                {
                    "visit_id": visit.id,
                    "store_id": store.id,
                    "store_name": store.name,
                    "shopper_id": shopper.id,
                    "shopper_name": shopper.name,
                    "distance_km": round(problem.distance[(shopper.id, visit.id)], 1),
                }
            )
        else:
            reason = reasons.get(visit.id) or _(
                "Every eligible shopper has reached the cap of %(cap)s visits in "
                "this wave or the daily limit.",
                cap=max_per_shopper,
            )
            unassigned.append(
                {
                    "visit_id": visit.id,
                    "store_id": store.id,
                    "store_name": store.name,
                    "reason": reason,
                }
            )
    total = sum(problem.distance[(chosen[v], v)] for v in chosen)
    return {
        "assignments": assignments,
        "unassigned": unassigned,
        "covered": len(assignments),
        "open": len(visits),
        "total_distance_km": round(total, 1),
    }


def apply(wave, actor, pairs):
    """Assign the chosen pairs that are still possible; return (applied, skipped)."""
    applied, skipped = [], []
    for pair in pairs:
        visit = visits.lock_visit(pair["visit_id"])
        shopper = db.session.get(User, pair["shopper_id"])
        if visit is None or visit.wave_id != wave.id or visit.status != "open":
            state = visit.status if visit is not None and visit.wave_id == wave.id else "unknown"
            reason = _("The visit is %(status)s, not open.", status=state)
            skipped.append({**pair, "reason": reason})
            continue
        if shopper is None or shopper.role != "shopper" or not shopper.active:
            skipped.append({**pair, "reason": _("Not an active shopper.")})
            continue  # checked here too: a skipped pair must not abort the others
        problems = [missing_certification(visit, shopper.id)] if wave.certification_id else []
        problems = [p for p in problems if p] or check_rotation(visit, shopper.id)
        if problems:
            skipped.append({**pair, "reason": problems[0]})
            continue
        visits.assign(visit, actor, shopper.id, note="auto-assign")
        applied.append(dict(pair))
    return applied, skipped
