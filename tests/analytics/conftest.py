"""Fixtures the summary tests share: the programme and a wave with every metric."""

import pytest

from tests.analytics.summary_helpers import Programme, build_metrics_wave


@pytest.fixture
def programme(app, field):
    return Programme(app, field)


@pytest.fixture
def metrics_wave(programme, create_store):
    return build_metrics_wave(programme, create_store)
