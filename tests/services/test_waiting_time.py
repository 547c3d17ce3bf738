"""How a wait reads and when it turns amber and red."""

from datetime import UTC, datetime, timedelta

from dmdesk.services.waiting_time import (
    WaitLevel,
    WaitThresholds,
    threshold_words,
    wait_level,
    waited_words,
)

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_a_wait_turns_amber_then_red_at_the_thresholds() -> None:
    thresholds = WaitThresholds()
    assert wait_level(NOW - timedelta(hours=3, minutes=59), NOW, thresholds) is WaitLevel.FINE
    assert wait_level(NOW - timedelta(hours=4), NOW, thresholds) is WaitLevel.AMBER
    assert wait_level(NOW - timedelta(hours=24), NOW, thresholds) is WaitLevel.RED
    early = WaitThresholds(timedelta(hours=1), timedelta(hours=4))
    assert wait_level(NOW - timedelta(hours=2), NOW, early) is WaitLevel.AMBER


def test_a_wait_reads_in_the_largest_unit_that_still_says_enough() -> None:
    assert waited_words(NOW + timedelta(seconds=20), NOW) == "waiting just now"  # a clock ahead
    assert waited_words(NOW - timedelta(minutes=5), NOW) == "waiting 5 min"
    assert waited_words(NOW - timedelta(hours=3, minutes=50), NOW) == "waiting 3 h"
    assert waited_words(NOW - timedelta(hours=36), NOW) == "waiting 36 h"
    assert waited_words(NOW - timedelta(days=3, hours=5), NOW) == "waiting 3 d"
    assert threshold_words(WaitThresholds()) == "Amber after 4 h, red after 24 h"


def test_a_wait_can_count_business_hours_only() -> None:
    from datetime import time

    from dmdesk.services.business_hours import BusinessHours, Span

    always = BusinessHours(week=((Span(time(0), time(23, 59)),),) * 7)
    never_open = BusinessHours(week=((),) * 6 + ((Span(time(9), time(10)),),))
    since = NOW - timedelta(hours=5)
    assert waited_words(since, NOW, always) == "waiting 5 h"
    assert wait_level(since, NOW, WaitThresholds(), always) is WaitLevel.AMBER
    # NOW is a Thursday (a Friday east of UTC+12): a shop open only on Sundays was shut.
    assert waited_words(since, NOW, never_open) == "waiting 0 min"
    assert wait_level(since, NOW, WaitThresholds(), never_open) is WaitLevel.FINE
