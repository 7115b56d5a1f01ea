"""Checklist rules: valid definitions, drafts change, published versions are frozen."""

import sqlalchemy as sa
from flask_smorest import abort

from mystery.checklists.models import Checklist
from mystery.database import utcnow
from mystery.extensions import db
from mystery.scoring import validate_definition
from mystery.stores.services import require_client


def check_definition(definition):
    """Answer 422 with a path per problem when a definition is invalid."""
    problems = validate_definition(definition)
    if problems:
        first = next(iter(problems))
        abort(
            422,
            message=f"The checklist definition is invalid at {first}: {problems[first][0]}",
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
        abort(
            409,
            message=f"Checklist {checklist.id} is {checklist.status}; cannot {action} it. "
            "Revise it to make a new draft version.",
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
        abort(409, message=f"Checklist {checklist.id} is a draft; change it directly instead.")
    pending = db.session.scalar(
        sa.select(Checklist.id).where(Checklist.previous_id == checklist.id)
    )
    if pending is not None:
        abort(409, message=f"Checklist {checklist.id} has already been revised as {pending}.")
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
