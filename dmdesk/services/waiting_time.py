"""How long a customer has waited, in words, and whether it is getting late: amber
past a first threshold, red past a second (the guidance shop owners follow asks
for an answer within 24 hours). Plain Python: the list, the thread header and the
reminders all judge a wait the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from dmdesk.services.business_hours import BusinessHours


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


def waited(since: datetime, now: datetime, hours: BusinessHours | None = None) -> timedelta:
    """How long the customer has waited: on the clock, or while the shop was open."""
    if hours is not None and hours.is_set:
        return hours.open_between(since, now)
    return now - since


def wait_level(
    since: datetime,
    now: datetime,
    thresholds: WaitThresholds,
    hours: BusinessHours | None = None,
) -> WaitLevel:
    waited_so_far = waited(since, now, hours)
    if waited_so_far >= thresholds.red:
        return WaitLevel.RED
    if waited_so_far >= thresholds.amber:
        return WaitLevel.AMBER
    return WaitLevel.FINE


def waited_words(since: datetime, now: datetime, hours: BusinessHours | None = None) -> str:
    """'waiting 5 min', 'waiting 3 h', 'waiting 2 d' (a clock that is behind: 'just now');
    with business hours, the time the shop was open."""
    span = waited(since, now, hours)
    if span < timedelta(minutes=1):
        return "waiting just now" if hours is None or not hours.is_set else "waiting 0 min"
    if span < timedelta(hours=1):
        return f"waiting {int(span.total_seconds() // 60)} min"
    if span < timedelta(days=2):
        return f"waiting {int(span.total_seconds() // 3600)} h"
    return f"waiting {span.days} d"


def threshold_words(thresholds: WaitThresholds) -> str:
    """'amber after 4 h, red after 24 h'."""

    def hours(span: timedelta) -> str:
        return f"{int(span.total_seconds() // 3600)} h"

    return f"Amber after {hours(thresholds.amber)}, red after {hours(thresholds.red)}"
