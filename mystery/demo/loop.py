"""Demo of closing the loop (DESIGN §15): Kaffebaren's corrective actions and appeals.

Through the same services as the API: three actions (one overdue, one in progress, one
done with an evidence photo) and two appeals (one upheld, re-scoring its visit; one open).
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.actions.evidence import receive_evidence
from mystery.actions.models import Action
from mystery.actions.services import create_action, update_action
from mystery.appeals.rescore import pinned_definition
from mystery.appeals.services import create_appeal, decide_appeal
from mystery.database import as_utc, utcnow
from mystery.demo.photos import cafe_counter, to_jpeg
from mystery.extensions import db
from mystery.scoring import iter_questions, localize
from mystery.visits.models import Visit
from mystery.waves.models import Wave

FIXABLE = ("yes_no", "scale", "smiley", "choice", "wait_time")


def full_marks(question):
    """The value a question scores 1 with."""
    kind = question["type"]
    if kind == "yes_no":
        return question.get("pass_value", True)
    if kind == "scale":
        return question.get("max", 5)
    if kind == "smiley":
        return "happy"
    if kind == "choice":
        return max(question["options"], key=lambda o: o.get("score", 0))["value"]
    return min(band["max_seconds"] for band in question["bands"])


def failed_items(visit):
    """The visit's answers that lost points, as (question, definition) pairs."""
    exact = (visit.score or {}).get("exact", {}).get("questions", {})
    items = []
    for _section, question in iter_questions(pinned_definition(visit)):
        result = exact.get(question["key"])
        if question["type"] not in FIXABLE or not result or result["excluded"]:
            continue
        if result["score"] is not None and result["score"] != "1":
            items.append(question)
    return items


def close_the_loop(rng, people, clients, today):
    """Create Kaffebaren's demo actions and appeals; return how many of each."""
    client_user = people["client@kaffebaren.dk"]
    coordinator = people["coordinator@demo.mystery"]
    visits = db.session.scalars(
        sa.select(Visit)
        .join(Wave, Wave.id == Visit.wave_id)
        .where(Wave.client_id == clients["Kaffebaren"].id, Visit.status == "approved")
        .order_by(Visit.approved_at.desc(), Visit.id)
    ).all()
    window = timedelta(days=int(current_app.config["APPEAL_DAYS"]) - 1)
    recent = [v for v in visits if as_utc(v.approved_at) > utcnow() - window]
    failing = [(v, failed_items(v)) for v in recent]
    failing = [(v, items) for v, items in failing if items]
    appeals = 0
    if failing:
        visit, items = failing[0]
        question = items[0]
        appeal = create_appeal(
            client_user,
            visit.id,
            {"question": question["key"], "reason": "Medarbejderen gjorde det; se kvitteringen."},
        )
        decide_appeal(
            coordinator,
            appeal,
            {
                "decision": "upheld",
                "note": "Bekræftet af butikschefen.",
                "value": full_marks(question),
            },
        )
        appeals += 1
    if len(failing) > 1:
        visit, items = failing[1]
        create_appeal(
            client_user,
            visit.id,
            {"question": items[-1]["key"], "reason": "Vi mener, svaret er forkert."},
        )
        appeals += 1

    actions = []
    for visit, items in ([(v, failed_items(v)) for v in visits[:6]])[:3]:
        question = items[0] if items else None
        title = localize(question["text"], "da") if question else "Gennemgå butikkens rutiner"
        actions.append((visit, question, title))
    plan = [("open", -5), ("in_progress", 10), ("done", 3)]
    made = []
    for (visit, question, title), (status, days) in zip(actions, plan, strict=False):
        action = create_action(
            client_user,
            {
                "store_id": visit.store_id,
                "wave_id": visit.wave_id,
                "question": question["key"] if question else None,
                "title": title[:200],
                "due_on": today + timedelta(days=days),
                "assignee": "Butikschef",
            },
        )
        made.append((action.id, status))
    db.session.commit()  # an evidence upload ends the transaction while it decodes the photo
    for action_id, status in made:
        action = db.session.get(Action, action_id)
        if status == "done":
            moment = datetime.combine(today, datetime.min.time()).astimezone()
            photo = to_jpeg(cafe_counter(rng, "#1F4E79", "Kaffebaren"), moment)
            uuid = f"00000000-0000-4000-8000-{action_id:012d}"
            receive_evidence(coordinator, action, uuid, photo)
            action = db.session.get(Action, action_id)
            update_action(
                client_user,
                action,
                {"status": "done", "note": "Personalet er instrueret.", "evidence": uuid},
            )
        elif status == "in_progress":
            update_action(client_user, action, {"status": "in_progress", "note": "I gang."})
    db.session.commit()
    return len(made), appeals
