"""Fixtures for the visit tests."""

import pytest

from tests.visits.helpers import Flow


@pytest.fixture
def flow(app, field):
    """The `field` programme with helpers to put visits in any state."""
    return Flow(app, field)
