"""When a snooze comes due: the menu's choices, typed times and their words, on the
owner's clock, across the change to winter time (London, Sunday 25 October 2026)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from dmdesk.services.business_hours import BusinessHours, Span
from dmdesk.services.snooze_times import (
    menu_words,
    morning_of,
    parse_typed_time,
    snooze_choices,
    when_words,
)

pytestmark = pytest.mark.usefixtures("london")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute).astimezone()


THURSDAY_NOON = local(2026, 12, 3, 12, 40)
SHOP = BusinessHours(
    week=(
        *((Span(time(9, 30), time(17, 30)),) for _ in range(5)),
        (Span(time(10), time(14)),),
        (),
    )
)


def test_the_choices_at_noon_on_a_thursday() -> None:
    choices = {c.label: c.at for c in snooze_choices(THURSDAY_NOON)}
    assert choices == {
        "Later today": THURSDAY_NOON + timedelta(hours=3),
        "This evening": local(2026, 12, 3, 18),
        "Tomorrow morning": local(2026, 12, 4, 9),
        "Next week": local(2026, 12, 7, 9),
    }


def test_late_in_the_day_only_tomorrow_and_next_week_are_left() -> None:
    late = local(2026, 12, 3, 22, 30)
    assert [c.label for c in snooze_choices(late)] == ["Tomorrow morning", "Next week"]


def test_mornings_start_when_the_shop_opens() -> None:
    friday = local(2026, 12, 4, 12)
    choices = {c.label: c.at for c in snooze_choices(friday, SHOP)}
    assert choices["Tomorrow morning"] == local(2026, 12, 5, 10)  # Saturday opens at 10
    assert choices["Next week"] == local(2026, 12, 7, 9, 30)
    # Closed on Sunday: the morning is 09:00 all the same.
    assert morning_of(local(2026, 12, 6, 0).date(), SHOP) == local(2026, 12, 6, 9)


def test_on_a_monday_next_week_is_the_monday_after() -> None:
    monday = local(2026, 12, 7, 8)
    assert {c.label: c.at for c in snooze_choices(monday)}["Next week"] == local(2026, 12, 14, 9)


def test_tomorrow_morning_across_the_change_to_winter_time_is_09_00_on_the_wall() -> None:
    saturday = local(2026, 10, 24, 20)  # summer time, UTC+1
    tomorrow = {c.label: c.at for c in snooze_choices(saturday)}["Tomorrow morning"]
    assert tomorrow.astimezone().hour == 9
    assert tomorrow.astimezone(UTC) == datetime(2026, 10, 25, 9, tzinfo=UTC)  # now UTC+0
    assert tomorrow - saturday == timedelta(hours=14)  # an hour more than the clock shows


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("fri 10", local(2026, 12, 4, 10)),
        ("Fri at 10", local(2026, 12, 4, 10)),
        ("tomorrow 9", local(2026, 12, 4, 9)),
        ("friday 10:30", local(2026, 12, 4, 10, 30)),
        ("in 2 days", local(2026, 12, 5, 9)),  # a day without a time: its morning
        ("mon", local(2026, 12, 7, 9)),
        ("24/12 15:30", local(2026, 12, 24, 15, 30)),
        ("dec 24", local(2026, 12, 24, 9)),
        ("in 3 hours", THURSDAY_NOON + timedelta(hours=3)),
        ("3pm", local(2026, 12, 3, 15)),
    ],
)
def test_typed_times(typed: str, expected: datetime) -> None:
    assert parse_typed_time(typed, THURSDAY_NOON) == expected


@pytest.mark.parametrize("typed", ["", "   ", "soon-ish", "banana 7", "in 9 years"])
def test_what_names_no_time_in_the_future_is_no_answer(typed: str) -> None:
    assert parse_typed_time(typed, THURSDAY_NOON) is None


def test_a_typed_day_starts_when_the_shop_opens() -> None:
    assert parse_typed_time("saturday", THURSDAY_NOON, SHOP) == local(2026, 12, 5, 10)


def test_the_menu_s_words_leave_out_what_the_choice_says() -> None:
    assert menu_words(local(2026, 12, 3, 15, 40), THURSDAY_NOON) == "15:40"
    assert menu_words(local(2026, 12, 4, 9), THURSDAY_NOON) == "Fri 09:00"
    assert menu_words(local(2026, 12, 14, 9), THURSDAY_NOON) == "Mon 14 Dec 09:00"


def test_the_words_for_a_time() -> None:
    assert when_words(local(2026, 12, 3, 18), THURSDAY_NOON) == "today 18:00"
    assert when_words(local(2026, 12, 4, 9), THURSDAY_NOON) == "tomorrow 09:00"
    assert when_words(local(2026, 12, 7, 9), THURSDAY_NOON) == "Mon 09:00"
    assert when_words(local(2026, 12, 18, 10), THURSDAY_NOON) == "Fri 18 Dec 10:00"
    assert when_words(local(2027, 1, 8, 10), THURSDAY_NOON) == "Fri 8 Jan 2027 10:00"
