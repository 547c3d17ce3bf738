"""The shop's opening hours: a weekly schedule (several spans a day, e.g. Mon–Fri
09:00–17:30, Sat 10:00–14:00) and closed days, in the owner's local time.

A wait can be counted in business hours only: a customer who wrote on Saturday
night has not waited 36 hours by Monday 09:30, but half an hour. Local times are
turned into moments one day at a time, so a day that gains or loses an hour to
daylight saving time is as long as it really is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
MAX_DAYS = 400
"""Counting stops this far back: a wait older than a year is long either way."""


@dataclass(frozen=True, slots=True)
class Span:
    start: time
    end: time
    """After start; a span that would cross midnight is two, one each day."""


@dataclass(frozen=True, slots=True)
class BusinessHours:
    week: tuple[tuple[Span, ...], ...] = field(default_factory=lambda: ((),) * 7)
    """Monday first: the spans the shop is open each day (none: closed)."""
    closed: frozenset[date] = frozenset()
    """Holidays: closed all day, whatever the week says."""

    @property
    def is_set(self) -> bool:
        return any(self.week)

    def spans_on(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The moments the shop is open on ``day`` (aware, in local time)."""
        if day in self.closed:
            return
        for span in self.week[day.weekday()]:
            yield _local(day, span.start), _local(day, span.end)

    def open_between(self, start: datetime, end: datetime) -> timedelta:
        """How much of ``start`` to ``end`` the shop was open."""
        if end <= start:
            return timedelta(0)
        first = max(start.astimezone().date(), end.astimezone().date() - timedelta(MAX_DAYS))
        total = timedelta(0)
        day = first
        while day <= end.astimezone().date():
            for opens, closes in self.spans_on(day):
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    def is_open(self, moment: datetime) -> bool:
        return any(opens <= moment < closes for opens, closes in self.spans_on(_day(moment)))

    def next_open(self, moment: datetime) -> datetime | None:
        """When the shop opens next (``moment`` itself while open); None if never."""
        day = _day(moment)
        for _ in range(MAX_DAYS):
            for opens, closes in self.spans_on(day):
                if closes > moment:
                    return max(opens, moment)
            day += timedelta(days=1)
        return None

    def week_words(self) -> str:
        """The week in a line, days with the same hours together:
        "Mon–Fri 09:00–17:30 · Sat 10:00–14:00"."""
        runs: list[tuple[int, int, tuple[Span, ...]]] = []
        for number, spans in enumerate(self.week):
            if runs and runs[-1][2] == spans and runs[-1][1] == number - 1:
                runs[-1] = (runs[-1][0], number, spans)
            else:
                runs.append((number, number, spans))
        parts = []
        for first, last, spans in runs:
            if not spans:
                continue
            days = DAYS[first][:3] + (f"–{DAYS[last][:3]}" if last > first else "")
            times = ", ".join(f"{s.start:%H:%M}–{s.end:%H:%M}" for s in spans)
            parts.append(f"{days} {times}")
        return " · ".join(parts)

    # --- kept in the settings file ---------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "week": [[[s.start.isoformat("minutes"), s.end.isoformat("minutes")]
                          for s in spans] for spans in self.week],
                "closed": sorted(d.isoformat() for d in self.closed),
            }
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> BusinessHours:
        """What ``to_json`` wrote; anything unreadable is no schedule at all."""
        try:
            raw = json.loads(text)
            week = tuple(
                tuple(
                    Span(time.fromisoformat(a), time.fromisoformat(b))
                    for a, b in raw["week"][number]
                    if time.fromisoformat(a) < time.fromisoformat(b)
                )
                for number in range(7)
            )
            closed = frozenset(date.fromisoformat(d) for d in raw.get("closed", []))
        except (ValueError, TypeError, KeyError, IndexError):
            return cls()
        return cls(week, closed)


def _local(day: date, at: time) -> datetime:
    """``at`` on ``day`` on the owner's clock, as a moment (the system's own zone,
    with that day's offset)."""
    return datetime.combine(day, at).astimezone()


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def opening_words(opens: datetime, now: datetime) -> str:
    """When the shop opens, as a customer reads it in a message: "today at 14:00",
    "tomorrow at 09:00", "on Monday at 09:00", "on Monday 4 January at 09:00"."""
    local, today = opens.astimezone(), now.astimezone().date()
    clock = f"at {local:%H:%M}"
    days = (local.date() - today).days
    if days <= 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    weekday = DAYS[local.weekday()]
    if days < 7:
        return f"on {weekday} {clock}"
    return f"on {weekday} {local.day} {MONTHS[local.month - 1]} {clock}"
