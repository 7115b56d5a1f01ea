"""Reading the audit log: a visit's entries, a person's entries, each as a sentence."""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from mystery.auth.models import User
from mystery.extensions import db
from mystery.visits.events_text import summarise
from mystery.visits.models import Submission, Visit, VisitEvent
from mystery.visits.schemas import VisitEventSchema

# Entries about a person rather than a visit (DESIGN §17).
PERSON_ACTIONS = ("export", "anonymise")


def log_person_event(actor, subject, action, note=None):
    """Append an audit entry about a person (a data-subject export, an anonymisation)."""
    event = VisitEvent(
        actor_id=getattr(actor, "id", None), subject_id=subject.id, action=action, note=note
    )
    db.session.add(event)
    return event


def _present(condition):
    """Return the entries matching `condition`, oldest first, with names and a sentence."""
    actor, subject = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(VisitEvent, actor.name, subject.name)
        .outerjoin(actor, actor.id == VisitEvent.actor_id)
        .outerjoin(subject, subject.id == VisitEvent.subject_id)
        .where(condition)
        .order_by(VisitEvent.id)
    ).all()
    plain = [c for c in VisitEventSchema().fields if c not in ("actor_name", "subject_name")]
    return [
        {
            **{c: getattr(e, c) for c in plain if c != "summary"},
            "actor_name": actor_name,
            "subject_name": subject_name,
            "summary": summarise(e.action, actor_name, e.note, subject_name),
        }
        for e, actor_name, subject_name in rows
    ]


def visit_events(visit_id):
    """A visit's audit log, with the entries about the people who held or submitted it.

    An export carried the visit's data and an anonymisation explains its shopper's new
    name, so a reader of the visit's log sees both where they read the purge.
    """
    holders = sa.union(
        sa.select(Visit.shopper_id).where(Visit.id == visit_id, Visit.shopper_id.is_not(None)),
        sa.select(Submission.shopper_id).where(Submission.visit_id == visit_id),
    )
    about_holders = sa.and_(VisitEvent.visit_id.is_(None), VisitEvent.subject_id.in_(holders))
    return _present(sa.or_(VisitEvent.visit_id == visit_id, about_holders))


def person_events(user_id):
    """The entries about a person: every export of their data and their anonymisation."""
    return _present(VisitEvent.subject_id == user_id)
