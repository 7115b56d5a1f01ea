"""Helpers for the summary and export tests: waves with visits driven through the real API."""

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa

from mystery.extensions import db
from tests.conftest import full_answers
from tests.visits.helpers import Flow, new_uuid

# Two sections, CSAT and CES scales, a wait time with bands, NPS and a show_if text.
REPORT_DEFINITION = {
    "sections": [
        {
            "key": "service",
            "title": {"en": "Service", "da": "Betjening", "sv": "Bemötande"},
            "weight": 2,
            "questions": [
                {
                    "key": "greeted",
                    "text": {"en": "Greeted?", "da": "Hilst?", "sv": "Hälsad?"},
                    "type": "yes_no",
                },
                {
                    "key": "friendly",
                    "text": "How friendly?",
                    "type": "scale",
                    "min": 1,
                    "max": 5,
                    "metric": "csat",
                },
                {
                    "key": "queue",
                    "text": "Time in queue",
                    "type": "wait_time",
                    "bands": [{"max_seconds": 120, "score": 1}, {"max_seconds": 300, "score": 0.5}],
                },
                {"key": "recommend", "text": "Recommend?", "type": "nps"},
                {
                    "key": "why",
                    "text": "Why?",
                    "type": "text",
                    "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]},
                },
            ],
        },
        {
            "key": "store",
            "title": {"en": "Store", "da": "Butik", "sv": "Butiken"},
            "weight": 1,
            "questions": [
                {"key": "clean", "text": "Clean?", "type": "yes_no", "na_allowed": True},
                {
                    "key": "upsell",
                    "text": "Upsell?",
                    "type": "choice",
                    "options": [
                        {"value": "yes", "label": {"en": "Yes", "sv": "Ja"}, "score": 1},
                        {
                            "value": "partly",
                            "label": {"en": "Partly", "sv": "Delvis"},
                            "score": 0.5,
                        },
                        {"value": "no", "label": {"en": "No", "sv": "Nej"}, "score": 0},
                    ],
                },
                {
                    "key": "effort",
                    "text": "How easy?",
                    "type": "scale",
                    "min": 1,
                    "max": 7,
                    "metric": "ces",
                    "weight": 0,
                },
            ],
        },
    ]
}


def report_answers(greeted, friendly, queue, recommend, clean, upsell, effort, why=None):
    """Answers to REPORT_DEFINITION; clean=None answers N/A."""
    values = {
        "greeted": greeted,
        "friendly": friendly,
        "queue": queue,
        "recommend": recommend,
        "upsell": upsell,
        "effort": effort,
    }
    answers = [{"question": key, "value": value} for key, value in values.items()]
    answers.append(
        {"question": "clean", "value": None, "na": True}
        if clean is None
        else {"question": "clean", "value": clean}
    )
    if why is not None:
        answers.append({"question": "why", "value": why})
    return answers


class Programme:
    """Waves of the `field` client with visits put in any state through the API."""

    def __init__(self, app, field):
        self.app = app
        self.field = field
        self.flow = Flow(app, field)
        self.coordinator = field.coordinator

    def wave(self, stores, per_store=1, days=0, checklist_id=None, name="Wave"):
        """Create a wave over `stores`; return (wave id, {store id: [visit ids]})."""
        extra = {"checklist_id": checklist_id} if checklist_id else {}
        created = self.field.wave(
            store_ids=[store.id for store in stores],
            visits_per_store=per_store,
            starts_on=date.today() + timedelta(days=days),
            name=name,
            **extra,
        )
        listed = self.coordinator.get(f"/api/v1/visits?wave_id={created['id']}").json
        visits = defaultdict(list)
        for visit in sorted(listed, key=lambda v: v["id"]):
            visits[visit["store"]["id"]].append(visit["id"])
        return created["id"], visits

    def ok(self, response, codes=(200, 201)):
        assert response.status_code in codes, response.json
        return response

    def accept(self, vid):
        """Assign (overriding rotation: one shopper does every visit) and accept."""
        self.ok(self.flow.assign(vid, override=True, reason="Test shopper"))
        self.ok(self.flow.accept(vid))

    def submit(self, vid, answers):
        return self.ok(self.flow.submit(vid, new_uuid(), answers=answers))

    def approve(self, vid, answers=None):
        """Take a visit from open to approved with these answers (full marks by default)."""
        self.accept(vid)
        self.submit(vid, answers or full_answers())
        self.ok(self.flow.review(vid, "approve"))

    def cancel(self, vid):
        self.ok(self.coordinator.post(f"/api/v1/visits/{vid}/cancel", json={}))

    def checklist(self, definition):
        """Publish a checklist version with this definition for the field client."""
        from mystery.checklists.models import Checklist
        from mystery.database import utcnow

        with self.app.app_context():
            row = Checklist(
                client_id=self.field.client.id,
                name="Report audit",
                version=1,
                status="published",
                definition=definition,
                published_at=utcnow(),
            )
            db.session.add(row)
            db.session.commit()
            return row.id

    def summary(self, api, wave_id, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return api.get(f"/api/v1/waves/{wave_id}/summary" + (f"?{query}" if query else ""))


def build_metrics_wave(programme, create_store, why="Rude"):
    """Four approved visits of REPORT_DEFINITION in two regions (North: X, South: Y).

    Sections (service weight 2 of possible 3; store weight 1) and totals (2·S + T) / 3:
    V1 greeted, friendly 5, queue 60, clean, upsell yes   → S 100,     T 100 → 100
    V2 greeted, friendly 4, queue 100, clean N/A, partly  → S 91.667,  T 50  → 77.778
    V3 not greeted, friendly 2, queue 200, dirty, no      → S 25,      T 0   → 16.667
    V4 greeted, friendly 3, queue 150, clean, partly      → S 66.667,  T 75  → 69.444
    """
    client_id = programme.field.client.id
    north = create_store(client_id=client_id, region="North", code="N1")
    south = create_store(client_id=client_id, region="South", code="S1")
    checklist_id = programme.checklist(REPORT_DEFINITION)
    wave_id, visits = programme.wave([north, south], per_store=2, checklist_id=checklist_id)
    x, y = visits[north.id], visits[south.id]
    programme.approve(x[0], report_answers(True, 5, 60, 10, True, "yes", 2))
    programme.approve(x[1], report_answers(True, 4, 100, 9, None, "partly", 3))
    programme.approve(y[0], report_answers(False, 2, 200, 6, False, "no", 6, why=why))
    programme.approve(y[1], report_answers(True, 3, 150, 8, True, "partly", 4))
    return wave_id, north, south


def count_queries(work):
    """Run work() (inside an app context); return its result and the SQL statements it ran."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        result = work()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return result, statements
