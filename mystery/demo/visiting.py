"""Doing the demo visits: check-in, answers, photos, submission and review.

Everything goes through the services the API uses: receive_media for each photo (before the
submission, as the offline app often sends them), receive_submission for the answers (which
scores the visit and computes its integrity flags), and transition for the review.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from mystery.demo import photos
from mystery.demo.answers import Filler
from mystery.demo.answers import Visit as Sketch
from mystery.demo.plan import HISTORY_NOTE
from mystery.demo.texts import COPIED_COMMENT, RECEIPT_LINES, SECTION_SIGNS
from mystery.extensions import db
from mystery.media.services import receive_media
from mystery.scoring import is_required, iter_questions
from mystery.submissions.schemas import SubmissionInSchema
from mystery.submissions.services import receive_submission
from mystery.visits.services import transition

FIELD_STATES = ("submitted", "returned", "approved")
# Days a visit needs after it happened, so its review is still in the past.
RESERVE = {"approved": 1, "returned": 1, "submitted": 0}
METRES_PER_DEGREE = 111_195
FULLNESS = {"full": 0.95, "gaps": 0.6, "empty": 0.2}
RECEIPT_SHARE = 0.25
NA_SHARE = 0.12


@dataclass
class Trip:
    """One visit in the field: where, when, and the check-in if there was one."""

    key: tuple
    spec: object
    step: object
    visit: object
    store: object
    started: datetime
    finished: datetime
    checkin: dict | None = None
    checked_in: datetime | None = None


class Visiting:
    """Runs the field work of the planned visits, oldest first."""

    def __init__(self, work):
        self.work = work
        self.rng = work.rng
        self.filler = Filler(work.rng)
        self.photos = {}  # visit key -> {question: JPEG bytes}
        self.bias = {code: self.rng.uniform(-0.1, 0.1) for code in sorted(work.stores)}
        self.copied = set()
        self.media_count = 0

    def new_uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, spec, days):
        """A random local time within the wave's daily hours, `days` from today."""
        opens, closes = spec.hours
        hour, minute = self.rng.randint(opens, closes - 2), self.rng.randint(0, 59)
        return self.work.local(spec, days, hour, minute)

    def plan_moments(self, specs):
        """Choose when each visit that reached the field happened (local time)."""
        work = self.work
        room = {}
        for step in work.steps.values():
            for ref in (step.photo_of, step.comment_of):
                if ref:
                    room[ref] = max(room.get(ref, 0), step.after)
            if step.comment_of:
                self.copied.add(step.comment_of)
        moments, dependents = {}, []
        for key, step in work.steps.items():
            if step.state not in FIELD_STATES:
                continue
            if step.photo_of or step.comment_of:
                dependents.append(key)
                continue
            spec = work.specs[key[0]]
            reserve = RESERVE[step.state] + (3 if step.history else 0) + room.get(key, 0)
            first = spec.start + 1
            last = min(spec.start + spec.days - 1, -1 - reserve)
            moments[key] = self.at(spec, self.rng.randint(first, max(first, last)))
        for key in dependents:
            step = work.steps[key]
            source = moments[step.photo_of or step.comment_of]
            days = (source.date() - work.today).days + step.after
            moments[key] = self.at(work.specs[key[0]], days)
        return moments

    def run(self, moments):
        """Do every visit in the order they happened."""
        for key in sorted(moments, key=moments.get):
            self.visit(key, moments[key])

    def sketch(self, key, spec, step, definition, moment):
        """Decide how the visit went and what the story fixes about it."""
        quality = spec.quality + self.bias[key[1]] + self.rng.gauss(0, 0.1)
        optional_na = [
            q["key"] for _s, q in iter_questions(definition) if q.get("na_allowed") is True
        ]
        na = {k for k in optional_na if self.rng.random() < NA_SHARE} | set(step.na)
        if key[1] == "KB01":  # the Strøget bar is a take-away counter without a toilet
            na.add("toilet_clean")
        comments, values = {}, dict(step.values)
        if step.comment_of or key in self.copied:
            comments["tables_dirty"] = COPIED_COMMENT
            values["tables_dirty"] = True
        return Sketch(
            quality=max(0.35, min(1.0, quality)),
            language=self.work.clients[spec.client].locale,
            moment=moment,
            critical_failure=step.critical,
            na=frozenset(na & set(optional_na)),
            comments=comments,
            values=values,
        )

    def checkin(self, store, started, far):
        """Return the check-in near the store (or 1.8 km off) and its time."""
        if far:
            metres, angle = 1800, self.rng.uniform(-0.3, 0.3)
        else:
            metres, angle = self.rng.uniform(8, 70), self.rng.uniform(0, 2 * math.pi)
        latitude = store.latitude + metres * math.cos(angle) / METRES_PER_DEGREE
        longitude = store.longitude + metres * math.sin(angle) / (
            METRES_PER_DEGREE * math.cos(math.radians(store.latitude))
        )
        at = started + timedelta(seconds=self.rng.randint(15, 75))
        return {
            "latitude": round(latitude, 6),
            "longitude": round(longitude, 6),
            "accuracy_m": round(self.rng.uniform(4, 28), 1),
            "at": at.isoformat(),
        }, at

    def visit(self, key, moment):
        """Do one visit: submit it (twice when returned once), then review it."""
        work = self.work
        spec, step, visit = work.specs[key[0]], work.steps[key], work.visits[key]
        definition = work.checklists[spec.checklist].definition
        minutes = 3.6 if step.short else self.rng.randint(14, 38)
        trip = Trip(
            key, spec, step, visit, work.stores[key[1]], moment, moment + timedelta(minutes=minutes)
        )
        if not step.no_checkin:
            trip.checkin, trip.checked_in = self.checkin(trip.store, moment, step.far)
        sketch = self.sketch(key, spec, step, definition, moment)
        photo_questions = [q for _s, q in iter_questions(definition) if q["type"] == "photo"]
        receipt = step.no_checkin or self.rng.random() < RECEIPT_SHARE
        for question in photo_questions:
            if is_required(question) or (receipt and not step.history):
                sketch.media[question["key"]] = [self.new_uuid()]
        answers = self.filler.fill(definition, sketch)
        received = work.past(trip.finished + timedelta(minutes=self.rng.randint(3, 90)))
        self.send(trip, answers, self.shoot(trip, sketch, answers), received)
        if step.history:
            later = received + timedelta(hours=self.rng.randint(4, 30))
            returned = work.office_hours(spec, later, received)
            self.review(visit, "return", HISTORY_NOTE, returned)
            sketch.media = {q["key"]: [self.new_uuid()] for q in photo_questions}
            answers = [a for a in answers if "media" not in a]
            answers += [{"question": k, "media": v} for k, v in sketch.media.items()]
            later = returned + timedelta(hours=self.rng.randint(3, 20))
            received = work.office_hours(spec, later, returned)
            self.send(trip, answers, self.shoot(trip, sketch, answers), received)
        if step.state in ("approved", "returned"):
            decision = "approve" if step.state == "approved" else "return"
            later = received + timedelta(hours=self.rng.randint(2, 40))
            self.review(visit, decision, step.note, work.office_hours(spec, later, received))

    def shoot(self, trip, sketch, answers):
        """Take the photos the answers refer to: {media UUID: (question, JPEG bytes)}."""
        given = {a["question"]: a.get("value") for a in answers}
        taken = {}
        for question, uuids in sketch.media.items():
            mine = self.photos.setdefault(trip.key, {})
            # A re-submission sends its photos again; a lazy shopper reuses another visit's.
            if question != "receipt" and trip.step.photo_of:
                mine.setdefault(question, self.photos[trip.step.photo_of][question])
            if question not in mine:
                mine[question] = self.take(trip, question, sketch.language, given)
            for media_uuid in uuids:
                taken[media_uuid] = (question, mine[question])
        return taken

    def take(self, trip, question, language, given):
        """Draw and encode one photo, with its EXIF time."""
        rng, store = self.rng, trip.store
        brand = self.work.clients[trip.spec.client].brand_colour
        if question == "receipt":
            lines = rng.sample(RECEIPT_LINES[language], rng.randint(2, 4))
            image = photos.receipt(rng, store.name, lines, trip.finished)
            return photos.to_jpeg(image, trip.finished - timedelta(minutes=1))
        if trip.spec.checklist.startswith("cafe"):
            fullness = FULLNESS.get(given.get("pastry_display"), 0.9)
            image = photos.cafe_counter(rng, brand, store.name, fullness)
        else:
            fullness = 0.7 if given.get("empty_shelves") is True else 0.97
            image = photos.grocery_shelf(
                rng, brand, store.name, rng.choice(SECTION_SIGNS), fullness
            )
        span = max(1, int((trip.finished - trip.started).total_seconds() // 60) - 1)
        when = trip.started + timedelta(minutes=rng.randint(1, span))
        if trip.step.old_photo:
            when = trip.started - timedelta(days=3, hours=rng.randint(1, 6))
        return photos.to_jpeg(image, when)

    def send(self, trip, answers, media, received):
        """Upload the photos, then PUT the submission, as the shopper's app does."""
        shopper = self.work.shopper_of[trip.visit.id]
        submission_uuid = self.new_uuid()
        for media_uuid, (question, raw) in media.items():
            db.session.commit()  # receive_media ends the transaction before decoding
            row, _created = receive_media(shopper, submission_uuid, media_uuid, question, raw)
            db.session.commit()
            row.created_at = received - timedelta(seconds=self.rng.randint(5, 90))
            self.media_count += 1
        payload = {
            "visit_id": trip.visit.id,
            "answers": answers,
            "started_at": trip.started.isoformat(),
            "finished_at": trip.finished.isoformat(),
        }
        if trip.checkin:
            payload["checkin"] = trip.checkin
        data = SubmissionInSchema().load(payload)
        submission, _created = receive_submission(shopper, submission_uuid, data, payload)
        submission.received_at = trip.visit.submitted_at = received
        checked_in = {"check-in": trip.checked_in} if trip.checked_in else {}
        self.work.clock.stamp(received, **checked_in)
        db.session.commit()

    def review(self, visit, decision, note, at):
        """Approve or return the visit as the coordinator."""
        transition(visit, self.work.coordinator, decision, note=note)
        if decision == "approve":
            visit.approved_at = at
        self.work.clock.stamp(at)
        db.session.commit()
