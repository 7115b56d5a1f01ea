"""Fixtures for appeals: approved visits of the field programme and the client's users."""

from types import SimpleNamespace

import pytest

from tests.analytics.summary_helpers import Programme


@pytest.fixture
def appeals(app, field, auth, create_store):
    """Two stores' approved visits (one critical failure, one full marks) and users."""
    programme = Programme(app, field)
    north = create_store(client_id=field.client.id, region="Nordjylland")
    store = field.stores[0]
    wave_id, visits = programme.wave([store, north])
    return SimpleNamespace(
        programme=programme,
        coordinator=field.coordinator,
        shopper=field.shopper,
        store=store,
        north=north,
        wave_id=wave_id,
        visits=visits,
        client=auth("client", client_id=field.client.id),
        regional=auth("client", client_id=field.client.id, regions=["Nordjylland"]),
        outsider=auth("client"),
    )
