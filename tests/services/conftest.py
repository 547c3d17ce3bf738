"""What the services' tests share."""

import time as clock

import pytest


@pytest.fixture
def london(monkeypatch):
    """The owner's clock is London's, with its change to winter time (Sunday
    25 October 2026)."""
    monkeypatch.setenv("TZ", "Europe/London")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()
