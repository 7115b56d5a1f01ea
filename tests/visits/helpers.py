"""Helpers for the field-workflow tests: visits in any state, submission bodies, DB rows."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from mystery.extensions import db
from mystery.visits.models import Answer, Submission, Visit
from tests.conftest import full_answers

STATES = ("open", "assigned", "accepted", "submitted", "returned", "approved", "cancelled")


def at(days=0, hour=10, minute=0):
    """Return an ISO datetime in UTC, `days` from today."""
    moment = datetime.combine(date.today() + timedelta(days=days), time(hour, minute), UTC)
    return moment.isoformat()


def new_uuid():
    return str(uuid.uuid4())


def stored(app):
    """Return the submissions and answers in the database as plain tuples."""
    with app.app_context():
        submissions = db.session.execute(
            sa.select(Submission.uuid, Submission.visit_id, Submission.payload_hash)
        ).all()
        answers = db.session.execute(
            sa.select(
                Answer.question,
                Answer.qtype,
                Answer.value,
                Answer.num_value,
                Answer.score,
                Answer.weight,
                Answer.na,
                Answer.hidden,
            ).order_by(Answer.id)
        ).all()
        return [tuple(s) for s in submissions], [tuple(a) for a in answers]


class Flow:
    """Drive the field programme of the `field` fixture through the API."""

    def __init__(self, app, field):
        self.app = app
        self.field = field
        self.coordinator = field.coordinator
        self.shopper = field.shopper
        self.shopper_id = field.shopper_user.id

    def open_visit(self, store=0, days=0, **wave):
        """Create a one-store wave starting `days` from today; return its visit id."""
        starts_on = date.today() + timedelta(days=days)
        if getattr(self, "one_day", False):  # windows within one day count per day
            wave.setdefault("ends_on", starts_on)
        created = self.field.wave(
            store_ids=[self.field.stores[store].id], starts_on=starts_on, **wave
        )
        visits = self.coordinator.get(f"/api/v1/visits?wave_id={created['id']}").json
        return visits[0]["id"]

    def assign(self, vid, shopper_id=None, **extra):
        body = {"shopper_id": shopper_id or self.shopper_id, **extra}
        return self.coordinator.post(f"/api/v1/visits/{vid}/assign", json=body)

    def accept(self, vid, api=None):
        return (api or self.shopper).post(f"/api/v1/visits/{vid}/accept", json={})

    def review(self, vid, decision, note=None):
        body = {"decision": decision, "note": note}
        return self.coordinator.post(f"/api/v1/visits/{vid}/review", json=body)

    def store(self, index=0):
        return self.field.stores[index]

    def body(self, vid, store=0, **overrides):
        """A clean submission: full marks, at the store, 30 minutes today at 10:00 UTC."""
        shop = self.store(store)
        body = {
            "visit_id": vid,
            "answers": full_answers(),
            "started_at": at(0, 10, 0),
            "finished_at": at(0, 10, 30),
            "checkin": {
                "latitude": shop.latitude,
                "longitude": shop.longitude,
                "accuracy_m": 12,
                "at": at(0, 10, 0),
            },
        }
        body.update(overrides)
        return body

    def submit(self, vid, sid=None, api=None, **overrides):
        sid = sid or new_uuid()
        body = self.body(vid, **overrides)
        return (api or self.shopper).put(f"/api/v1/submissions/{sid}", json=body)

    def in_state(self, state, store=0, days=0):
        """Return the id of a visit in `state`, held by the field shopper unless open."""
        vid = self.open_visit(store, days)
        steps = {
            "assigned": [lambda: self.assign(vid)],
            "accepted": [lambda: self.assign(vid), lambda: self.accept(vid)],
        }
        steps["submitted"] = [*steps["accepted"], lambda: self.submit(vid, store=store)]
        steps["returned"] = [*steps["submitted"], lambda: self.review(vid, "return", "Redo")]
        steps["approved"] = [*steps["submitted"], lambda: self.review(vid, "approve")]
        steps["cancelled"] = [
            *steps["accepted"],
            lambda: self.coordinator.post(f"/api/v1/visits/{vid}/cancel", json={}),
        ]
        for step in steps.get(state, []):
            response = step()
            assert response.status_code in (200, 201), response.json
        assert self.visit_row(vid).status == state
        return vid

    def events(self, vid):
        response = self.coordinator.get(f"/api/v1/visits/{vid}/events")
        assert response.status_code == 200, response.json
        return response.json

    def visit_row(self, vid):
        with self.app.app_context():
            row = db.session.get(Visit, vid)
            db.session.expunge(row)
            return row

    def counts(self):
        """Return (submission rows, answer rows)."""
        with self.app.app_context():
            return (
                db.session.scalar(sa.select(sa.func.count()).select_from(Submission)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Answer)),
            )

    def shopper_client(self, create_user, **extra):
        """Sign in a second shopper; return (user, ApiClient)."""
        from tests.conftest import ApiClient

        user = create_user("shopper", **extra)
        api = ApiClient(self.app, user)
        assert api.login(user.email).status_code == 200
        return user, api
