"""The visit lifecycle: every transition goes through `transition`, which logs an event."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mystery import access
from mystery.auth.models import User
from mystery.database import not_found, utcnow
from mystery.errors import Conflict, Invalid, NotFound
from mystery.extensions import db
from mystery.visits.models import Visit, VisitEvent
from mystery.visits.rotation import check_rotation
from mystery.visits.signals import ACTION_SIGNALS, visit_assigned, visit_reassigned
from mystery.waves.requirements import missing_certification

STAFF = frozenset(access.STAFF)
SHOPPER = frozenset({"shopper"})


@dataclass(frozen=True)
class Transition:
    """One edge of the lifecycle graph (DESIGN §3)."""

    sources: frozenset
    target: str
    roles: frozenset
    own: bool = False  # a shopper may only act on their own visit


TRANSITIONS = {
    "assign": Transition(frozenset({"open"}), "assigned", STAFF),
    "claim": Transition(frozenset({"open"}), "assigned", SHOPPER),
    "accept": Transition(frozenset({"assigned"}), "accepted", SHOPPER, own=True),
    "decline": Transition(frozenset({"assigned"}), "open", SHOPPER | STAFF, own=True),
    "submit": Transition(frozenset({"accepted", "returned"}), "submitted", SHOPPER, own=True),
    "approve": Transition(frozenset({"submitted"}), "approved", STAFF),
    "return": Transition(frozenset({"submitted"}), "returned", STAFF),
    "cancel": Transition(frozenset({"open", "assigned", "accepted"}), "cancelled", STAFF),
    "unassign": Transition(frozenset({"assigned", "accepted"}), "open", STAFF),
}
# Assigning a visit someone already holds moves it to the new shopper (DESIGN §16).
REASSIGNABLE = frozenset({"assigned", "accepted"})


# Why an action does not fit the visit's state, one sentence per action so each language can
# choose its verb; status names stay as the API writes them.
CONFLICTS = {
    "assign": _l("Cannot assign visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "claim": _l("Cannot claim visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "accept": _l("Cannot accept visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "decline": _l("Cannot decline visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "submit": _l("Cannot submit visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "approve": _l("Cannot approve visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "return": _l("Cannot return visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "cancel": _l("Cannot cancel visit %(id)s: it is %(status)s (needs %(allowed)s)."),
    "unassign": _l("Cannot unassign visit %(id)s: it is %(status)s (needs %(allowed)s)."),
}


def either(statuses):
    """Join status names with a translated "or": "accepted or assigned or open"."""
    names = sorted(statuses)
    text = names[0]
    for name in names[1:]:
        text = _("%(first)s or %(second)s", first=text, second=name)
    return text


def log_event(visit, actor, action, from_status, to_status, note=None, reason=None):
    """Append an audit event for a visit."""
    actor_id = getattr(actor, "id", None) if getattr(actor, "is_authenticated", False) else None
    event = VisitEvent(
        visit_id=visit.id,
        actor_id=actor_id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        reason=reason,
    )
    db.session.add(event)
    return event


def lock_visit(visit_id):
    """Load a visit for update, so concurrent transitions of one visit queue up."""
    return db.session.scalar(
        sa.select(Visit)
        .where(Visit.id == visit_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def transition(visit, actor, action, note=None, reason=None, **details):
    """Move a visit along one edge of the graph, or answer 409 naming its state.

    The matching signal of `mystery.visits.signals` is sent before the flush, with
    `details` (e.g. ``submission=``, ``rating=``) passed on to its receivers.
    """
    edge = TRANSITIONS[action]
    if actor.role not in edge.roles:
        raise NotFound(message=not_found("Visit", visit.id))
    if edge.own and actor.role == "shopper" and visit.shopper_id != actor.id:
        raise NotFound(message=not_found("Visit", visit.id))
    if visit.status not in edge.sources:
        params = {"id": visit.id, "status": visit.status, "allowed": either(edge.sources)}
        raise Conflict(message=str(CONFLICTS[action]) % params, errors={"status": [visit.status]})
    before = visit.status
    previous_shopper_id = visit.shopper_id
    visit.status = edge.target
    if edge.target == "open":
        visit.shopper_id = None
    if action == "approve":
        visit.approved_at = utcnow()
    if action in ("approve", "return"):
        visit.review_note = note
    log_event(visit, actor, action, before, edge.target, note=note, reason=reason)
    signal = ACTION_SIGNALS.get(action)
    if signal is not None and action not in ("assign", "claim"):
        # assign and claim announce once the shopper is set (see `_announce_assigned`).
        signal.send(
            visit,
            actor=actor,
            previous_status=before,
            previous_shopper_id=previous_shopper_id,
            note=note,
            **details,
        )
    db.session.flush()
    return visit


def _announce_assigned(visit, actor, previous_status):
    """Tell listeners that a shopper now holds the visit."""
    visit_assigned.send(visit, actor=actor, previous_status=previous_status)


def _rotation_or_409(visit, shopper_id, override=False, reason=None):
    """Return the rotation problems a coordinator overrides, or refuse the visit with 409."""
    # A wave may require a passed quiz (DESIGN §13); overridden like the rotation rule.
    uncertified = missing_certification(visit, shopper_id)
    if uncertified and not override:
        raise Conflict(message=uncertified, errors={"certification": [uncertified]})
    problems = ([uncertified] if uncertified else []) + check_rotation(visit, shopper_id)
    if not problems:
        return None
    if override:
        if not (reason or "").strip():
            raise Invalid(
                message=_("An override needs a reason."),
                errors={"json": {"reason": [_("Required when overriding the rotation rule.")]}},
            )
        return problems
    raise Conflict(message=problems[0], errors={"rotation": problems})


def _active_shopper_or_422(shopper_id):
    """Return the active shopper with this id, or answer 422 on `shopper_id`."""
    shopper = db.session.get(User, shopper_id)
    if shopper is None or shopper.role != "shopper" or not shopper.active:
        raise Invalid(
            message=_("User %(id)s is not an active shopper.", id=shopper_id),
            errors={"json": {"shopper_id": [_("Not an active shopper.")]}},
        )
    return shopper


def _log_override(visit, actor, problems, reason):
    """Record that a coordinator overrode the rules, and why."""
    log_event(
        visit,
        actor,
        "override",
        visit.status,
        visit.status,
        note="; ".join(problems),
        reason=reason.strip(),
    )


def assign(visit, actor, shopper_id, override=False, reason=None, note=None):
    """Give a visit to an active shopper, honouring or overriding the rotation rule.

    An open visit is assigned; one another shopper holds (assigned or accepted) is
    reassigned to the new shopper, who must accept it again.
    """
    shopper = _active_shopper_or_422(shopper_id)
    if visit.status in REASSIGNABLE and actor.role in STAFF:
        return reassign(visit, actor, shopper, override, reason, note)
    transition(visit, actor, "assign", note=note)  # state first: 409 beats rotation
    problems = _rotation_or_409(visit, shopper.id, override, reason)
    visit.shopper_id = shopper.id
    if problems:
        _log_override(visit, actor, problems, reason)
    _announce_assigned(visit, actor, "open")
    db.session.flush()
    return visit


def reassign(visit, actor, shopper, override=False, reason=None, note=None):
    """Move a held visit to another shopper; the former one hears of it by a signal."""
    if visit.shopper_id == shopper.id:
        raise Conflict(
            message=_(
                "Visit %(id)s is %(status)s and already held by %(name)s.",
                id=visit.id,
                status=visit.status,
                name=shopper.name,
            ),
            errors={"status": [visit.status], "shopper_id": [shopper.id]},
        )
    problems = _rotation_or_409(visit, shopper.id, override, reason)
    before, previous_shopper_id = visit.status, visit.shopper_id
    visit.status = "assigned"
    visit.shopper_id = shopper.id
    log_event(visit, actor, "reassign", before, "assigned", note=note)
    if problems:
        _log_override(visit, actor, problems, reason)
    visit_reassigned.send(
        visit,
        actor=actor,
        previous_status=before,
        previous_shopper_id=previous_shopper_id,
        note=note,
    )
    # The new holder is announced like any assignment (their notification, their board).
    visit_assigned.send(visit, actor=actor, previous_status=before)
    db.session.flush()
    return visit


def claim(visit, shopper):
    """Let a shopper take an open visit from the job board while its window is still open."""
    if visit.window_end <= utcnow():
        raise Conflict(
            message=_("Visit %(id)s can no longer be claimed: its window has ended.", id=visit.id),
            errors={"status": [visit.status]},
        )
    transition(visit, shopper, "claim")
    _rotation_or_409(visit, shopper.id)
    visit.shopper_id = shopper.id
    _announce_assigned(visit, shopper, "open")
    db.session.flush()
    return visit
