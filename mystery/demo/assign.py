"""Choose a shopper for every demo visit that needs one: nearest, within the rotation rule.

Per wave, a small integer programme (scipy's milp) minimises the total distance from the
shoppers' homes: every visit gets one shopper, a shopper takes at most what the daily limit
leaves, never two visits to one store, and only where the rotation rule allows. A greedy
pass would send a Gothenburg shopper to Stockholm as soon as the nearest ones ran out.
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from mystery.geo import distance_m
from mystery.visits.rotation import rotation_problems


class Planner:
    """Plans assignments wave by wave, keeping each shopper's planned history."""

    def __init__(self, shoppers, max_per_day, reserved=()):
        self.shoppers = shoppers  # [User]
        self.max_per_day = max_per_day
        # Shoppers who get only the visits pinned to them (the demo login keeps a job board).
        self.reserved = set(reserved)
        self.history = {shopper.id: [] for shopper in shoppers}

    def allowed(self, shopper, visit, store, client):
        """Tell whether the rotation rule lets this shopper take the visit."""
        history = self.history[shopper.id]
        return not rotation_problems(visit, store, client, history, self.max_per_day)

    def record(self, shopper, visit):
        self.history[shopper.id].append(
            (visit.id, visit.store_id, visit.window_start, visit.window_end)
        )

    def plan(self, waves, by_email, visit_of):
        """Return {visit_id: shopper} for each wave's jobs [(visit, store, client, step)].

        Pinned shoppers go first; a visit that copies another's shopper (`same_shopper_as`,
        a logged override) takes it as it is; visits cancelled after assignment get the
        nearest allowed shopper and leave no history behind.
        """
        chosen = {}
        for jobs in waves:
            for visit, _store, _client, step in jobs:
                if step.who and step.state != "cancelled":
                    chosen[visit.id] = by_email[step.who]
                    self.record(chosen[visit.id], visit)
        for jobs in waves:
            for visit, store, client, step in jobs:
                if step.state == "cancelled":
                    chosen[visit.id] = self.nearest(visit, store, client)
            free = [job for job in jobs if job[0].id not in chosen and not job[3].same_shopper_as]
            chosen.update(self.solve(free))
            for visit, _store, _client, step in jobs:
                if step.same_shopper_as:
                    chosen[visit.id] = chosen[visit_of(step.same_shopper_as).id]
                    self.record(chosen[visit.id], visit)
        return chosen

    def distance(self, shopper, store):
        return distance_m(
            shopper.home_latitude, shopper.home_longitude, store.latitude, store.longitude
        )

    def nearest(self, visit, store, client):
        """Return the nearest shopper the rotation rule allows."""
        allowed = [
            shopper
            for shopper in self.shoppers
            if shopper.email not in self.reserved and self.allowed(shopper, visit, store, client)
        ]
        return min(allowed, key=lambda shopper: self.distance(shopper, store))

    def solve(self, jobs):
        """Assign one wave's free visits at the least total distance."""
        if not jobs:
            return {}
        pairs = [
            (v, s)
            for v, (visit, store, client, _step) in enumerate(jobs)
            for s, shopper in enumerate(self.shoppers)
            if shopper.email not in self.reserved and self.allowed(shopper, visit, store, client)
        ]
        cost = np.array([self.distance(self.shoppers[s], jobs[v][1]) / 1000 for v, s in pairs])
        rows, lower, upper = [], [], []

        def constrain(members, low, high):
            row = np.zeros(len(pairs))
            row[members] = 1
            rows.append(row)
            lower.append(low)
            upper.append(high)

        for v in range(len(jobs)):  # every visit exactly one shopper
            constrain([i for i, (pv, _s) in enumerate(pairs) if pv == v], 1, 1)
        day = jobs[0][0].window_start  # a wave's visits share their window, so their day
        for s, shopper in enumerate(self.shoppers):
            mine = [i for i, (_v, ps) in enumerate(pairs) if ps == s]
            if not mine:
                continue
            busy = sum(start == day for _id, _store, start, _end in self.history[shopper.id])
            constrain(mine, 0, self.max_per_day - busy)
            for store_id in {jobs[pairs[i][0]][0].store_id for i in mine}:
                constrain([i for i in mine if jobs[pairs[i][0]][0].store_id == store_id], 0, 1)
        result = milp(
            cost,
            constraints=LinearConstraint(np.array(rows), lower, upper),
            integrality=np.ones(len(pairs)),
            bounds=Bounds(0, 1),
        )
        if not result.success:
            raise RuntimeError("No assignment of demo visits satisfies the rotation rule.")
        chosen = {}
        for i in np.flatnonzero(result.x > 0.5):
            v, s = pairs[i]
            visit, shopper = jobs[v][0], self.shoppers[s]
            chosen[visit.id] = shopper
            self.record(shopper, visit)
        return chosen
