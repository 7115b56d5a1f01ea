"""Checklist rules: valid definitions, drafts change, published versions are frozen."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mystery.checklists.models import Checklist
from mystery.database import utcnow
from mystery.errors import Conflict, Invalid
from mystery.extensions import db
from mystery.scoring import validate_definition
from mystery.stores.services import require_client

# What a frozen version refuses, by action; the status (published) stays as the API names it.
FROZEN = {
    "change": _l(
        "Checklist %(id)s is %(status)s; cannot change it. Revise it to make a new draft version."
    ),
    "publish": _l(
        "Checklist %(id)s is %(status)s; cannot publish it. Revise it to make a new draft version."
    ),
}


def check_definition(definition):
    """Answer 422 with a path per problem when a definition is invalid."""
    problems = validate_definition(definition)
    if problems:
        first = next(iter(problems))
        raise Invalid(
            message=_(
                "The checklist definition is invalid at %(path)s: %(problem)s",
                path=first,
                problem=problems[first][0],
            ),
            errors={"json": {"definition": problems}},
        )


def create_checklist(data):
    """Create a draft, version 1, for an existing client."""
    require_client(data["client_id"])
    check_definition(data["definition"])
    checklist = Checklist(
        client_id=data["client_id"],
        name=data["name"].strip(),
        definition=data["definition"],
        status="draft",
        version=1,
    )
    db.session.add(checklist)
    db.session.flush()
    return checklist


def require_draft(checklist, action):
    """Answer 409 unless the checklist is still a draft."""
    if checklist.status != "draft":
        raise Conflict(
            message=str(FROZEN[action]) % {"id": checklist.id, "status": checklist.status}
        )


def replace_definition(checklist, definition):
    """Replace a draft's definition."""
    require_draft(checklist, "change")
    check_definition(definition)
    checklist.definition = definition
    db.session.flush()
    return checklist


def publish(checklist):
    """Freeze a draft so waves can use it."""
    require_draft(checklist, "publish")
    check_definition(checklist.definition)
    checklist.status = "published"
    checklist.published_at = utcnow()
    db.session.flush()
    return checklist


def revise(checklist):
    """Start a new draft version from a published checklist."""
    if checklist.status != "published":
        raise Conflict(
            message=_("Checklist %(id)s is a draft; change it directly instead.", id=checklist.id),
        )
    pending = db.session.scalar(
        sa.select(Checklist.id).where(Checklist.previous_id == checklist.id)
    )
    if pending is not None:
        raise Conflict(
            message=_(
                "Checklist %(id)s has already been revised as %(draft)s.",
                id=checklist.id,
                draft=pending,
            ),
        )
    draft = Checklist(
        client_id=checklist.client_id,
        name=checklist.name,
        definition=checklist.definition,
        status="draft",
        version=checklist.version + 1,
        previous_id=checklist.id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft
