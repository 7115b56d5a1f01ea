"""Choose a shopper for every demo visit that needs one: nearest, within the rotation rule.

Per wave, auto-assign's integer programme (scipy's milp) minimises the total distance from
the shoppers' homes: every visit gets one shopper, a shopper takes at most what the daily limit
leaves, never two visits to one store, and only where the rotation rule allows. A greedy
pass would send a Gothenburg shopper to Stockholm as soon as the nearest ones ran out.
"""

from mystery.geo import distance_m
from mystery.visits.rotation import rotation_problems
from mystery.waves.autoassign import Problem, solve


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
        """Assign one wave's free visits at the least total distance (auto-assign's solver)."""
        if not jobs:
            return {}
        shoppers = {s.id: s for s in self.shoppers if s.email not in self.reserved}
        distance = {
            (shopper.id, visit.id): self.distance(shopper, store) / 1000
            for visit, store, client, _step in jobs
            for shopper in shoppers.values()
            if self.allowed(shopper, visit, store, client)
        }
        day = jobs[0][0].window_start  # a wave's visits share their window
        # Spread the work: nobody takes more than the daily limit leaves in one wave.
        cap = {
            sid: self.max_per_day
            - sum(start == day for _id, _store, start, _end in self.history[sid])
            for sid in shoppers
        }
        exclusive = [
            (sid, a.id, b.id)
            for sid in shoppers
            for i, (a, *_rest) in enumerate(jobs)
            for b, *_more in jobs[i + 1 :]
            if a.store_id == b.store_id
        ]
        problem = Problem(
            visits=[(visit.id, visit.store_id, None, visit.window_start) for visit, *_ in jobs],
            shoppers=list(shoppers),
            distance=distance,
            cap=cap,
            day_room={},
            exclusive=exclusive,
        )
        plan = solve(problem)
        if len(plan) < len(jobs):
            raise RuntimeError("No assignment of demo visits satisfies the rotation rule.")
        chosen = {}
        for visit, *_rest in jobs:
            shopper = shoppers[plan[visit.id]]
            chosen[visit.id] = shopper
            self.record(shopper, visit)
        return chosen
