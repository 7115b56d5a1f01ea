"""Waves and their visits, taken through the real services from planning to approval.

Services stamp what they do with the current time; the demo back-dates those stamps to when
each step would have happened (`Clock`), so the audit log and the review queue read like a
programme that has been running for months.
"""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.database import utcnow
from mystery.demo.assign import Planner
from mystery.demo.plan import ME, OVERRIDE_REASON, quarter_name, season_name, waves
from mystery.demo.texts import SCENARIOS
from mystery.demo.visiting import Visiting
from mystery.extensions import db
from mystery.geo import client_zone
from mystery.visits.models import Visit, VisitEvent
from mystery.visits.rotation import check_rotation
from mystery.visits.services import log_event, transition
from mystery.waves.schemas import WaveCreateSchema
from mystery.waves.services import create_wave


class Clock:
    """Back-dates the audit events the services just wrote."""

    def __init__(self):
        self.mark = db.session.scalar(sa.select(sa.func.max(VisitEvent.id))) or 0

    def stamp(self, moment, **by_action):
        """Date every event since the last stamp at `moment` (or per action, e.g. check-in)."""
        db.session.flush()
        newest = db.session.scalar(sa.select(sa.func.max(VisitEvent.id))) or 0
        if newest <= self.mark:
            return
        fresh = VisitEvent.id > self.mark
        updates = [(fresh, moment)]
        updates += [(fresh & (VisitEvent.action == a), at) for a, at in by_action.items()]
        for where, at in updates:
            db.session.execute(
                sa.update(VisitEvent).where(where).values(created_at=at),
                execution_options={"synchronize_session": False},
            )
        self.mark = newest


class Fieldwork:
    """Plans the demo's waves, assigns their visits and runs the field work."""

    def __init__(self, rng, today, people, clients, stores, checklists):
        self.rng = rng
        self.today = today
        self.now = utcnow()
        self.people = people
        self.clients = clients
        self.stores = stores
        self.store_by_id = {store.id: store for store in stores.values()}
        self.checklists = checklists
        self.coordinator = people["coordinator@demo.mystery"]
        self.clock = Clock()
        self.specs = {}
        self.visits = {}  # (wave key, store code, slot) -> Visit
        self.steps = {}  # (wave key, store code, slot) -> Step
        self.shopper_of = {}  # visit id -> User
        self.visiting = Visiting(self)

    def run(self):
        """Create the waves, assign their visits, then do, submit and review the visits."""
        specs = waves()
        for spec in specs:
            self.create(spec)
        shoppers = [user for user in self.people.values() if user.role == "shopper"]
        limit = current_app.config["MAX_VISITS_PER_DAY"]
        planner = Planner(shoppers, limit, reserved=[ME])
        moments = self.visiting.plan_moments(specs)
        chosen = planner.plan([self.jobs(spec) for spec in specs], self.people, self.visits.get)
        for spec in specs:
            self.assign(spec, chosen)
            db.session.commit()
        self.visiting.run(moments)

    def zone(self, spec):
        return client_zone(self.clients[spec.client].locale)

    def local(self, spec, days, hour, minute=0):
        """Return a local time `days` from today for the wave's client."""
        day = self.today + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), self.zone(spec))

    def past(self, moment, after=None):
        """Clamp a moment to a few minutes ago (and after `after`, when given)."""
        latest = self.now - timedelta(minutes=self.rng.randint(5, 50))
        moment = min(moment, latest)
        return max(moment, after + timedelta(minutes=1)) if after else moment

    def office_hours(self, spec, moment, after):
        """Move a moment into the coordinator's working day (08–17), after `after`."""
        start = self.rng.randint(8, 10)  # drawn always, so the sequence never depends on now
        local = moment.astimezone(self.zone(spec))
        if local.hour >= 17:
            local = local.replace(hour=start) + timedelta(days=1)
        elif local.hour < 8:
            local = local.replace(hour=start)
        return self.past(local, after)

    def create(self, spec):
        """Create the wave through the service and map its visits to the plan."""
        client = self.clients[spec.client]
        starts = spec.starts_on(self.today)
        name = spec.name or (quarter_name if client.locale == "da" else season_name)(starts)
        codes = list(spec.visits)
        opens, closes = spec.window_times()
        body = {
            "client_id": client.id,
            "checklist_id": self.checklists[spec.checklist].id,
            "name": name,
            "starts_on": starts.isoformat(),
            "ends_on": spec.ends_on(self.today).isoformat(),
            "fee": spec.fee,
            "store_ids": [self.stores[code].id for code in codes],
            "visits_per_store": len(spec.visits[codes[0]]),
            "window_start_time": opens.isoformat("minutes"),
            "window_end_time": closes.isoformat("minutes"),
            "scenario": SCENARIOS[spec.scenario],
        }
        wave = create_wave(self.coordinator, WaveCreateSchema().load(body))
        created = self.local(spec, spec.start - 12, 10, self.rng.randint(0, 59))
        wave.created_at = created
        self.specs[spec.key] = spec
        slots = {}
        for visit in db.session.scalars(
            sa.select(Visit).where(Visit.wave_id == wave.id).order_by(Visit.id)
        ):
            code = self.store_by_id[visit.store_id].code
            slot = slots.setdefault(code, 0)
            slots[code] += 1
            visit.created_at = created
            self.visits[spec.key, code, slot] = visit
            self.steps[spec.key, code, slot] = spec.visits[code][slot]
        self.clock.stamp(created)

    def jobs(self, spec):
        """Return the wave's visits that get a shopper: (visit, store, client, step)."""
        client = self.clients[spec.client]
        found = []
        for (wave_key, code, _slot), visit in self.visits.items():
            step = self.steps[wave_key, code, _slot]
            if wave_key == spec.key and step.state != "open" and not step.from_open:
                found.append((visit, self.stores[code], client, step))
        return found

    def assign(self, spec, chosen):
        """Assign (or let shoppers claim) the wave's visits; accept, cancel as planned."""
        jobs = self.jobs(spec)
        jobs.sort(key=lambda job: job[3].state != "cancelled")
        for visit, _store, _client, step in jobs:
            shopper = chosen[visit.id]
            days, hour = spec.start - self.rng.randint(1, 5), self.rng.randint(9, 15)
            at = self.local(spec, days, hour, self.rng.randint(0, 59))
            self.give(visit, shopper, step)
            self.clock.stamp(self.past(at))
            if step.state == "cancelled":
                transition(visit, self.coordinator, "cancel", note=step.note)
                self.clock.stamp(self.past(at + timedelta(days=2)))
            elif step.state != "assigned":
                transition(visit, shopper, "accept")
                self.clock.stamp(self.past(at + timedelta(hours=self.rng.randint(1, 8))))
            self.shopper_of[visit.id] = shopper
        for key, visit in self.visits.items():
            step = self.steps[key]
            if key[0] == spec.key and step.from_open:
                transition(visit, self.coordinator, "cancel", note=step.note)
                self.clock.stamp(self.local(spec, spec.start + 1, 11))

    def give(self, visit, shopper, step):
        """Assign or claim a visit as the API does, logging an override of the rotation rule."""
        if step.claimed:
            transition(visit, shopper, "claim")
        else:
            transition(visit, self.coordinator, "assign")
        problems = check_rotation(visit, shopper.id)
        if problems and not step.same_shopper_as:
            raise RuntimeError(f"Demo plan breaks the rotation rule: {problems}")
        visit.shopper_id = shopper.id
        if problems:
            log_event(
                visit,
                self.coordinator,
                "override",
                visit.status,
                visit.status,
                note="; ".join(problems),
                reason=OVERRIDE_REASON,
            )
