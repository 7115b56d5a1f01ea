"""Checklist fixtures."""

import pytest

from tests.checklists.examples import example_definition


@pytest.fixture
def create_checklist(app, create_client):
    """Create a checklist row (a draft unless status="published")."""

    def make(client_id=None, status="draft", definition=None, **extra):
        from mystery.checklists.models import Checklist
        from mystery.database import utcnow
        from mystery.extensions import db
        from tests.conftest import snapshot

        with app.app_context():
            row = Checklist(
                client_id=client_id or create_client().id,
                name=extra.pop("name", "Café visit"),
                definition=definition or example_definition(),
                status=status,
                published_at=utcnow() if status == "published" else None,
                **extra,
            )
            db.session.add(row)
            db.session.commit()
            return snapshot(row)

    return make
