"""Opening hours: waits counted only while the shop is open, holidays closed,
daylight saving time counted as the hours it really has."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from dmdesk.services.business_hours import BusinessHours, Span

WEEKDAYS = (Span(time(9), time(17, 30)),)
SATURDAY = (Span(time(10), time(14)),)
SHOP = BusinessHours(week=(WEEKDAYS,) * 5 + (SATURDAY, ()))


pytestmark = pytest.mark.usefixtures("london")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute).astimezone()


def test_a_message_on_saturday_night_has_waited_half_an_hour_by_monday_09_30() -> None:
    wrote = local(2026, 12, 5, 22)  # Saturday night, after closing
    assert SHOP.open_between(wrote, local(2026, 12, 7, 9, 30)) == timedelta(minutes=30)
    assert SHOP.open_between(local(2026, 12, 5, 11), local(2026, 12, 5, 13)) == timedelta(hours=2)


def test_a_closed_day_is_closed_whatever_the_week_says() -> None:
    holiday = BusinessHours(SHOP.week, frozenset({date(2026, 12, 25)}))
    christmas = (local(2026, 12, 24, 17), local(2026, 12, 28, 9, 15))
    # Thursday's last half hour, Saturday the 26th's four hours, Monday's first 15 min.
    assert holiday.open_between(*christmas) == timedelta(hours=4, minutes=30 + 15)
    assert not holiday.is_open(local(2026, 12, 25, 12))
    assert holiday.next_open(local(2026, 12, 24, 18)) == local(2026, 12, 26, 10)  # Saturday


def test_the_day_the_clocks_go_back_has_its_extra_hour() -> None:
    # 25 October 2026: London goes from BST to GMT at 02:00; a shop open round the
    # clock that day is open 25 hours.
    always = BusinessHours(week=((Span(time(0), time(23, 59)),),) * 7)
    day = always.open_between(local(2026, 10, 25, 0), local(2026, 10, 25, 23, 59))
    assert day == timedelta(hours=24, minutes=59)
    saturday = local(2026, 10, 24, 22)
    assert SHOP.open_between(saturday, local(2026, 10, 26, 10)) == timedelta(hours=1)
    assert local(2026, 10, 26, 10).utcoffset() == timedelta(0)  # GMT by Monday


def test_open_now_and_the_next_opening() -> None:
    assert SHOP.is_open(local(2026, 12, 3, 12))
    assert not SHOP.is_open(local(2026, 12, 3, 18))
    assert SHOP.next_open(local(2026, 12, 3, 18)) == local(2026, 12, 4, 9)
    assert SHOP.next_open(local(2026, 12, 3, 12)) == local(2026, 12, 3, 12)
    assert BusinessHours().next_open(local(2026, 12, 3, 12)) is None
    assert not BusinessHours().is_set and SHOP.is_set


def test_the_schedule_keeps_in_the_settings_file_and_nonsense_is_no_schedule() -> None:
    kept = BusinessHours(SHOP.week, frozenset({date(2026, 12, 25)}))
    assert BusinessHours.from_json(kept.to_json()) == kept
    assert BusinessHours.from_json("{not json") == BusinessHours()
    assert BusinessHours.from_json('{"week": [[["17:00", "09:00"]]]}') == BusinessHours()


def test_a_wait_in_utc_is_counted_on_the_owner_s_clock() -> None:
    wrote = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 08:00 in London in winter
    assert SHOP.open_between(wrote, datetime(2026, 12, 7, 10, 0, tzinfo=UTC)) == timedelta(hours=1)
