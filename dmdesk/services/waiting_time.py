"""How long a customer has waited, in words, and whether it is getting late: amber
past a first threshold, red past a second (the guidance shop owners follow asks
for an answer within 24 hours). Plain Python: the list, the thread header and the
reminders all judge a wait the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class WaitLevel(StrEnum):
    FINE = "fine"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True, slots=True)
class WaitThresholds:
    amber: timedelta = timedelta(hours=4)
    red: timedelta = timedelta(hours=24)


THRESHOLD_CHOICES = (
    WaitThresholds(timedelta(hours=1), timedelta(hours=4)),
    WaitThresholds(),
    WaitThresholds(timedelta(hours=8), timedelta(hours=48)),
)
"""What Preferences offer; the middle one is the default."""


def wait_level(since: datetime, now: datetime, thresholds: WaitThresholds) -> WaitLevel:
    waited = now - since
    if waited >= thresholds.red:
        return WaitLevel.RED
    if waited >= thresholds.amber:
        return WaitLevel.AMBER
    return WaitLevel.FINE


def waited_words(since: datetime, now: datetime) -> str:
    """'waiting 5 min', 'waiting 3 h', 'waiting 2 d' (a clock that is behind: 'just now')."""
    waited = now - since
    if waited < timedelta(minutes=1):
        return "waiting just now"
    if waited < timedelta(hours=1):
        return f"waiting {int(waited.total_seconds() // 60)} min"
    if waited < timedelta(days=2):
        return f"waiting {int(waited.total_seconds() // 3600)} h"
    return f"waiting {waited.days} d"


def threshold_words(thresholds: WaitThresholds) -> str:
    """'amber after 4 h, red after 24 h'."""

    def hours(span: timedelta) -> str:
        return f"{int(span.total_seconds() // 3600)} h"

    return f"Amber after {hours(thresholds.amber)}, red after {hours(thresholds.red)}"
