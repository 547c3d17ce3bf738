"""How the shop is doing, for a range of days: how fast a person answers a
customer's first message (median and 90th percentile, the share within an hour
and within a day, each beside the period before), messages in and out per day,
when customers write (weekday by hour, to choose business hours by), and who
waited longest.

Built on a worker from ReportReader's plain numbers. A wait that has no answer
yet counts against a share once it is older than the share's limit (a customer
unanswered for two days was not answered within 24 hours), but it has no
response time, so the median and percentile are of answered waits. With business
hours, every wait is measured in open time only.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from dmdesk.domain import Platform
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.safe_output import for_spreadsheet
from dmdesk.store.report_reads import NOT_ANSWERED
from dmdesk.store.timestamps import QUARTER_MS, from_millis, to_millis

if TYPE_CHECKING:
    from dmdesk.store.report_reads import ReportReader, Wait

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
LONGEST_SHOWN = 25
PERIOD_CHOICES = (7, 30, 90)


@dataclass(frozen=True, slots=True)
class Period:
    """From the start of one local day to a moment (now, or the end of a day)."""

    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Period:
        """The last ``days`` days, today included so far."""
        first = now.astimezone().date() - timedelta(days=days - 1)
        return cls(_midnight(first), now)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """``first`` to ``last``, both whole days."""
        return cls(_midnight(first), _midnight(last + timedelta(days=1)))

    def previous(self) -> Period:
        """The same span just before, to compare with."""
        length = self.end - self.start
        return Period(self.start - length, self.start)

    def days(self) -> list[date]:
        first, last = self.start.astimezone().date(), (self.end - timedelta(microseconds=1))
        count = (last.astimezone().date() - first).days + 1
        return [first + timedelta(days=n) for n in range(max(count, 0))]


@dataclass(frozen=True, slots=True)
class ResponseStats:
    waits: int
    """Customers' waits that started in the period."""
    answered: int
    median: timedelta | None
    p90: timedelta | None
    within_hour: float | None
    """Of the waits old enough to tell, the share answered within an hour."""
    within_day: float | None


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    incoming: int
    outgoing: int


@dataclass(frozen=True, slots=True)
class WaitRow:
    """One wait, for the longest-waits table and the CSV export."""

    conversation_id: int
    title: str
    platform: Platform
    wrote_at: datetime
    answered_at: datetime | None
    waited: timedelta
    """Until the answer, or until now while unanswered (in open time with business hours)."""


@dataclass(frozen=True, slots=True)
class Report:
    period: Period
    platform: Platform | None
    business_hours: bool
    current: ResponseStats
    previous: ResponseStats
    days: tuple[DayCount, ...]
    heatmap: tuple[tuple[int, ...], ...]
    """Customers' messages by weekday (Monday first) and hour of the day."""
    longest: tuple[WaitRow, ...]
    stages: tuple[StageCount, ...] = ()
    """Where people stand now, and how many got there in the period."""


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: str
    people: int
    reached: int
    """Of them, those who got to it in the period."""


class OpenTime:
    """How much open time lies before each moment, from a start: the shop's spans
    once, then a sorted search per wait, however many days it spans, for a
    hundred thousand waits at once."""

    def __init__(self, hours: BusinessHours, start: datetime, end: datetime) -> None:
        spans = []
        day = start.astimezone().date()
        while day <= end.astimezone().date():
            spans += [
                (to_millis(opens), to_millis(closes)) for opens, closes in hours.spans_on(day)
            ]
            day += timedelta(days=1)
        edges = np.array(spans, dtype=np.int64).reshape(-1, 2)
        self._opens, self._closes = edges[:, 0], edges[:, 1]
        lengths = self._closes - self._opens
        self._before = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)

    def upto(self, moments_ms: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Open milliseconds from the start to each moment."""
        index = np.searchsorted(self._opens, moments_ms, side="right") - 1
        inside = np.clip(index, 0, None)
        if not len(self._opens):
            return np.zeros_like(moments_ms)
        open_in_span = np.minimum(moments_ms, self._closes[inside]) - self._opens[inside]
        return np.where(index < 0, 0, self._before[inside] + open_in_span)


def build_report(
    reader: ReportReader,
    period: Period,
    platform: Platform | None,
    hours: BusinessHours | None,
    now: datetime,
) -> Report:
    """The report for ``period`` (all platforms, or one), waits measured in
    ``hours``' open time where given."""
    earlier = period.previous()
    counter = OpenTime(hours, earlier.start, now) if hours is not None and hours.is_set else None
    now_ms = to_millis(now)
    times = reader.wait_times(period.start, period.end, platform)
    current, took = _stats(times, counter, now_ms)
    previous, _ = _stats(reader.wait_times(earlier.start, earlier.end, platform), counter, now_ms)
    days, heatmap = _volumes(reader.volume(period.start, period.end, platform), period)
    longest = [int(i) for i in np.argsort(-took, kind="stable")[:LONGEST_SHOWN]]
    pairs = [(int(times[i, 0]), int(times[i, 1])) for i in longest]
    chats = reader.chats_of(pairs, platform)
    titles = reader.titles([chat for chat in chats if chat is not None])
    return Report(
        period=period,
        platform=platform,
        business_hours=counter is not None,
        current=current,
        previous=previous,
        days=days,
        heatmap=heatmap,
        longest=tuple(
            _row((chat, *pair), int(took[i]), titles)
            for i, pair, chat in zip(longest, pairs, chats, strict=True)
            if chat in titles
        ),
        stages=tuple(
            StageCount(stage, people, int(reached or 0))
            for stage, people, reached in reader.stages(period.start, period.end, platform)
        ),
    )


def _stats(
    times: npt.NDArray[np.int64], counter: OpenTime | None, now_ms: int
) -> tuple[ResponseStats, npt.NDArray[np.int64]]:
    """The figures for waits given as (wrote, answered) rows, and each wait's
    length in milliseconds (to now if unanswered)."""
    wrote, answered_at = times[:, 0], times[:, 1]
    answered_mask = answered_at != NOT_ANSWERED
    until = np.where(answered_mask, answered_at, now_ms)
    took = until - wrote if counter is None else counter.upto(until) - counter.upto(wrote)
    answered = np.sort(took[answered_mask])
    open_waits = took[~answered_mask]
    count = len(answered)
    return (
        ResponseStats(
            waits=len(times),
            answered=count,
            median=_span(float(np.median(answered))) if count else None,
            p90=_span(float(answered[max(0, math.ceil(count * 0.9) - 1)])) if count else None,
            within_hour=_share_within(answered, open_waits, HOUR_MS),
            within_day=_share_within(answered, open_waits, DAY_MS),
        ),
        took,
    )


def _share_within(
    answered: npt.NDArray[np.int64], open_waits: npt.NDArray[np.int64], limit: int
) -> float | None:
    """Answered within ``limit``, of the waits that are answered or past it."""
    fast = int(np.searchsorted(answered, limit, side="right"))
    told = len(answered) + int(np.count_nonzero(open_waits > limit))
    return fast / told if told else None


def _span(ms: float) -> timedelta:
    return timedelta(milliseconds=round(ms))


def _volumes(
    quarters: Sequence[tuple[int, int, int]], period: Period
) -> tuple[tuple[DayCount, ...], tuple[tuple[int, ...], ...]]:
    """Per local day in and out, and customers' messages by weekday and hour: each
    quarter hour falls in the local hour that started last before it (a day of
    summer time's change has 23 or 25 of them)."""
    days = period.days()
    starts: list[int] = []
    slots: list[tuple[int, int, int]] = []
    for number, day in enumerate(days):
        for hour in range(24):
            moment = to_millis(datetime.combine(day, time(hour)).astimezone())
            if not starts or moment > starts[-1]:  # the hour summer time skips is not there
                starts.append(moment)
                slots.append((number, day.weekday(), hour))
    counts = np.array(quarters, dtype=np.int64).reshape(-1, 3)
    slot = np.searchsorted(np.array(starts, dtype=np.int64), counts[:, 0] * QUARTER_MS, "right") - 1
    keep = slot >= 0
    slot, incoming, outgoing = slot[keep], counts[keep, 1], counts[keep, 2]
    per_slot_in = np.bincount(slot, incoming, minlength=len(starts))
    per_slot_out = np.bincount(slot, outgoing, minlength=len(starts))
    by_day = np.zeros((len(days), 2), dtype=np.int64)
    heatmap = np.zeros((7, 24), dtype=np.int64)
    for index, (number, weekday, hour) in enumerate(slots):
        by_day[number] += (int(per_slot_in[index]), int(per_slot_out[index]))
        heatmap[weekday, hour] += int(per_slot_in[index])
    return (
        tuple(DayCount(day, int(by_day[n, 0]), int(by_day[n, 1])) for n, day in enumerate(days)),
        tuple(tuple(int(v) for v in row) for row in heatmap),
    )


def _row(wait: Wait, took: int, titles: dict[int, tuple[str, Platform]]) -> WaitRow:
    conversation_id, wrote, answered = wait
    title, platform = titles[conversation_id]
    return WaitRow(
        conversation_id,
        title,
        platform,
        _moment(wrote),
        _moment(answered) if answered != NOT_ANSWERED else None,
        timedelta(milliseconds=took),
    )


def waits_csv(
    reader: ReportReader,
    period: Period,
    platform: Platform | None,
    hours: BusinessHours | None,
    now: datetime,
) -> str:
    """Every wait of the period, longest first, as CSV: the table, whole."""
    waits = reader.waits(period.start, period.end, platform)
    counter = OpenTime(hours, period.start, now) if hours is not None and hours.is_set else None
    times = np.array([(wrote, answered) for _chat, wrote, answered in waits], np.int64)
    _figures, took = _stats(times.reshape(-1, 2), counter, to_millis(now))
    titles = reader.titles(sorted({chat for chat, _wrote, _answered in waits}))
    out = io.StringIO()
    writer = csv.writer(out)
    clock = "open hours" if counter is not None else "hours"
    writer.writerow(["Conversation", "Platform", "Customer wrote", "Answered", f"Waited ({clock})"])
    for index in np.argsort(-took, kind="stable"):
        chat, wrote, answered = waits[index]
        title, platform_of = titles.get(chat, ("", None))
        writer.writerow(
            [
                for_spreadsheet(title),
                platform_of.label if platform_of is not None else "",
                _moment(wrote).isoformat(timespec="minutes"),
                "" if answered == NOT_ANSWERED else _moment(answered).isoformat(timespec="minutes"),
                f"{took[index] / HOUR_MS:.2f}",
            ]
        )
    return out.getvalue()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def _moment(ms: int) -> datetime:
    return from_millis(ms).astimezone()


def duration_words(span: timedelta) -> str:
    """'under a minute', '36 min', '4 h 50 min', '2 d 3 h'."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
