"""Fixtures for corrective actions: a client with stores in two regions and a wave."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest


@pytest.fixture
def loop(app, field, auth, create_store):
    """The `field` programme, a store in another region, a wave, and the client's users."""
    north = create_store(client_id=field.client.id, region="Nordjylland")
    wave = field.wave(store_ids=[s.id for s in field.stores] + [north.id])
    client_user = auth("client", client_id=field.client.id)
    regional = auth("client", client_id=field.client.id, regions=["Nordjylland"])
    outsider = auth("client")
    return SimpleNamespace(
        field=field,
        coordinator=field.coordinator,
        store=field.stores[0],
        north=north,
        wave=wave,
        client=client_user,
        regional=regional,
        outsider=outsider,
    )


def action_body(store_id, **extra):
    """A valid action body due in a week."""
    body = {
        "store_id": store_id,
        "title": "Greet every guest within 30 seconds",
        "due_on": (date.today() + timedelta(days=7)).isoformat(),
    }
    body.update(extra)
    return body
