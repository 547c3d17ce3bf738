"""Which notifications a burst of messages gets: grouping, muting, the open
conversation, privacy, pauses and quiet hours."""

from datetime import UTC, datetime, time, timedelta

import pytest

from dmdesk.domain import Platform
from dmdesk.services.notification_rules import (
    IncomingNews,
    NotificationSettings,
    QuietHours,
    notifications_for,
)

# A Wednesday, noon, in the test's local time zone.
NOW = datetime(2026, 11, 18, 12, 0).astimezone()


def news(conversation: int, who: str, text: str, platform=Platform.INSTAGRAM, muted=False):
    return IncomingNews(conversation, who, platform, text, muted)


def test_one_message_shows_sender_platform_and_snippet() -> None:
    (shown,) = notifications_for([news(1, "Chloé", "any news?")], NotificationSettings(), NOW)
    assert (shown.title, shown.body, shown.conversation_id) == ("Chloé · Instagram", "any news?", 1)


def test_a_burst_from_one_person_is_one_notification() -> None:
    burst = [news(1, "Chloé", "hello"), news(1, "Chloé", "are you there?")]
    (shown,) = notifications_for(burst, NotificationSettings(), NOW)
    assert shown.body == "2 new messages. Latest: are you there?"
    assert shown.message_count == 2


def test_a_burst_from_several_people_is_grouped() -> None:
    burst = [
        news(1, "Chloé", "a"),
        news(2, "Ben", "b", Platform.MESSENGER),
        news(3, "Aisha", "c"),
        news(1, "Chloé", "d"),
        news(2, "Ben", "e", Platform.MESSENGER),
    ]
    (shown,) = notifications_for(burst, NotificationSettings(), NOW)
    assert shown.title == "5 new messages from 3 people"
    assert shown.body == "Ben, Chloé and Aisha. Latest from Ben: e"
    assert shown.conversation_id is None


def test_privacy_keeps_the_text_off_the_screen() -> None:
    settings = NotificationSettings(show_text=False)
    (one,) = notifications_for([news(1, "Chloé", "my address is…")], settings, NOW)
    assert one.body == "New message"
    (many,) = notifications_for([news(1, "C", "x"), news(2, "B", "y")], settings, NOW)
    assert "x" not in many.body and "y" not in many.body


def test_muted_and_focused_conversations_stay_silent() -> None:
    burst = [news(1, "Chloé", "a", muted=True), news(2, "Ben", "b")]
    assert notifications_for(burst, NotificationSettings(), NOW, focused_conversation_id=2) == []
    (shown,) = notifications_for(burst, NotificationSettings(), NOW)
    assert shown.conversation_id == 2


def test_a_pause_silences_until_it_ends() -> None:
    settings = NotificationSettings(paused_until=NOW + timedelta(hours=1))
    assert notifications_for([news(1, "C", "x")], settings, NOW) == []
    assert notifications_for([news(1, "C", "x")], settings, NOW + timedelta(hours=2))


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(19, 59), False),
        (time(20, 0), True),
        (time(23, 30), True),
        (time(7, 59), True),
        (time(8, 0), False),
    ],
)
def test_quiet_hours_cross_midnight(clock: time, quiet: bool) -> None:
    hours = QuietHours(time(20, 0), time(8, 0))
    when = datetime.combine(NOW.date(), clock).astimezone()
    assert hours.is_quiet(when) is quiet
    settings = NotificationSettings(quiet=hours)
    assert (notifications_for([news(1, "C", "x")], settings, when) == []) is quiet


def test_weekends_can_be_quiet_all_day() -> None:
    saturday = (NOW + timedelta(days=3)).replace(hour=12)
    hours = QuietHours(weekends=True)
    assert hours.is_quiet(saturday) and not hours.is_quiet(NOW)
    assert hours.describe() == "weekends"
    assert QuietHours(time(20), time(8), True).describe() == "20:00–08:00 and weekends"


def test_long_or_empty_text_becomes_a_tidy_snippet() -> None:
    (long,) = notifications_for([news(1, "C", "word " * 100)], NotificationSettings(), NOW)
    assert len(long.body) == 120 and long.body.endswith("…")
    (empty,) = notifications_for([news(1, "C", "  \n ")], NotificationSettings(), NOW)
    assert empty.body == "(attachment)"


def test_notifications_can_be_turned_off() -> None:
    settings = NotificationSettings(enabled=False)
    assert notifications_for([news(1, "C", "x")], settings, NOW.astimezone(UTC)) == []
