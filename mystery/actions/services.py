"""Corrective actions: create, change and list them, keeping every change."""

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.access import get_visible_or_404, visible
from mystery.actions.models import Action, ActionEvent, ActionEvidence
from mystery.actions.signals import action_updated
from mystery.auth.models import User
from mystery.checklists.models import Checklist
from mystery.database import utcnow
from mystery.errors import Invalid
from mystery.extensions import db
from mystery.scoring import iter_questions
from mystery.stores.models import Store
from mystery.waves.models import Wave

# Fields besides status and note whose changes are kept in an event's `changes`.
EDITABLE = ("title", "due_on", "assignee")


def invalid(field, message):
    """Answer 422 naming the body field."""
    raise Invalid(message=message, errors={"json": {field: [message]}})


def is_overdue(action, today=None):
    """Tell whether an action's due date has passed while it is not done."""
    today = today or utcnow().date()
    return action.status != "done" and action.due_on < today


def _check_wave(user, store, wave_id, question):
    """Check that the wave (if any) is the store's client's and the question is in it."""
    if wave_id is None:
        return
    wave = get_visible_or_404(Wave, wave_id, user)
    if wave.client_id != store.client_id:
        invalid("wave_id", _("Wave %(id)s is not a wave of this store's client.", id=wave_id))
    if question is None:
        return
    definition = db.session.scalar(
        sa.select(Checklist.definition).where(Checklist.id == wave.checklist_id)
    )
    keys = {q["key"] for _section, q in iter_questions(definition)}
    if question not in keys:
        invalid("question", _("The wave's checklist has no question %(key)s.", key=question))


def log_change(action, actor, kind, before, note=None, evidence=None, changes=None):
    """Keep one change of an action and announce it."""
    event = ActionEvent(
        action_id=action.id,
        actor_id=actor.id,
        kind=kind,
        from_status=before,
        to_status=action.status,
        note=note,
        evidence=evidence,
        changes=changes or None,
    )
    db.session.add(event)
    action_updated.send(action, actor=actor, event=event, previous_status=before)
    db.session.flush()
    return event


def create_action(user, data):
    """Create an open action for a store the caller may see."""
    store = get_visible_or_404(Store, data["store_id"], user)
    _check_wave(user, store, data.get("wave_id"), data.get("question"))
    action = Action(
        client_id=store.client_id,
        store_id=store.id,
        wave_id=data.get("wave_id"),
        question=data.get("question"),
        title=data["title"],
        due_on=data["due_on"],
        assignee=data.get("assignee"),
        status="open",
        note=data.get("note"),
        created_by=user.id,
    )
    db.session.add(action)
    db.session.flush()
    log_change(action, user, "created", None, note=action.note)
    return action


def update_action(user, action, data):
    """Change an action's status, note, evidence or details, keeping the change."""
    evidence = data.get("evidence")
    if evidence is not None:
        evidence = str(evidence)
        owner = db.session.scalar(
            sa.select(ActionEvidence.action_id).where(ActionEvidence.uuid == evidence)
        )
        if owner != action.id:
            invalid(
                "evidence",
                _("Upload the photo %(uuid)s to this action first.", uuid=evidence),
            )
    before = action.status
    changes = {}
    for name in EDITABLE:
        if name in data and data[name] != getattr(action, name):
            old = getattr(action, name)
            changes[name] = [_plain(old), _plain(data[name])]
            setattr(action, name, data[name])
    if "status" in data:
        action.status = data["status"]
    if "note" in data:
        action.note = data["note"]
    if evidence is not None:
        action.evidence = evidence
    action.updated_at = utcnow()
    log_change(action, user, "updated", before, data.get("note"), evidence, changes)
    return action


def _plain(value):
    """Return a JSON-safe copy of a field value for the change log."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def list_actions(user, args):
    """Select the actions the caller may see, filtered, the most urgent first."""
    statement = visible(Action, user)
    for name in ("store_id", "wave_id", "status"):
        if name in args:
            statement = statement.where(getattr(Action, name) == args[name])
    if "overdue" in args:
        late = sa.and_(Action.status != "done", Action.due_on < utcnow().date())
        statement = statement.where(late if args["overdue"] else sa.not_(late))
    return statement.order_by(Action.due_on, Action.id)


def present_actions(actions):
    """Return API dicts for actions, with their store and wave names (batch-loaded)."""
    actions = list(actions)
    store_ids = {a.store_id for a in actions}
    wave_ids = {a.wave_id for a in actions if a.wave_id}
    stores = {}
    if store_ids:
        stores = {
            s.id: s for s in db.session.scalars(sa.select(Store).where(Store.id.in_(store_ids)))
        }
    waves = {}
    if wave_ids:
        waves = dict(
            db.session.execute(sa.select(Wave.id, Wave.name).where(Wave.id.in_(wave_ids))).all()
        )
    today = utcnow().date()
    result = []
    for action in actions:
        store = stores[action.store_id]
        result.append(
            {
                **{c.key: getattr(action, c.key) for c in Action.__table__.columns},
                "store": {
                    "id": store.id,
                    "code": store.code,
                    "name": store.name,
                    "city": store.city,
                    "region": store.region,
                },
                "wave_name": waves.get(action.wave_id),
                "evidence_url": evidence_url(action.id, action.evidence),
                "overdue": is_overdue(action, today),
            }
        )
    return result


def evidence_url(action_id, uuid):
    """Where an evidence photo is served, or None."""
    return f"/api/v1/actions/{action_id}/evidence/{uuid}" if uuid else None


def present_events(events):
    """Return API dicts for action events with the actors' names."""
    events = list(events)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    names = {}
    if actor_ids:
        names = dict(
            db.session.execute(sa.select(User.id, User.name).where(User.id.in_(actor_ids))).all()
        )
    return [
        {
            **{c.key: getattr(event, c.key) for c in ActionEvent.__table__.columns},
            "actor_name": names.get(event.actor_id),
        }
        for event in events
    ]
