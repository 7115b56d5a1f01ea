"""The store report's list of corrective actions (DESIGN §8), as plain dicts."""

import sqlalchemy as sa

from mystery.actions.models import Action
from mystery.actions.services import is_overdue
from mystery.database import utcnow
from mystery.extensions import db


def actions_for_report(store_id, wave_id=None):
    """Return a store's actions (of the wave, and those tied to no wave), the most urgent first:
    [{title, status, due_on, overdue, assignee, question}]."""
    statement = sa.select(Action).where(Action.store_id == store_id)
    if wave_id is not None:
        statement = statement.where(sa.or_(Action.wave_id == wave_id, Action.wave_id.is_(None)))
    statement = statement.order_by(Action.status == "done", Action.due_on, Action.id)
    today = utcnow().date()
    return [
        {
            "title": action.title,
            "status": action.status,
            "due_on": action.due_on,
            "overdue": is_overdue(action, today),
            "assignee": action.assignee,
            "question": action.question,
        }
        for action in db.session.scalars(statement)
    ]
