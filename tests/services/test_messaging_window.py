from datetime import UTC, datetime, timedelta

import pytest

from dmdesk.domain import Platform
from dmdesk.services.messaging_window import WindowKind, reply_window

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("platform", [Platform.INSTAGRAM, Platform.MESSENGER])
@pytest.mark.parametrize(
    ("ago", "kind", "tag", "says"),
    [
        (timedelta(hours=1), WindowKind.OPEN, "", "Reply window: 23 h 00 min left"),
        (timedelta(hours=23, minutes=50), WindowKind.OPEN, "", "Reply window: 10 min left"),
        (timedelta(hours=24), WindowKind.HUMAN_AGENT, "HUMAN_AGENT", "(6 days left)"),
        (timedelta(days=6, hours=23), WindowKind.HUMAN_AGENT, "HUMAN_AGENT", "(1 h 00 min left)"),
        (timedelta(days=7), WindowKind.CLOSED, "", "only within 7 days"),
    ],
)
def test_the_window_at_each_edge(platform, ago, kind, tag, says) -> None:
    window = reply_window(platform, NOW - ago, NOW)
    assert window.kind is kind
    assert window.messaging_tag == tag
    assert says in window.describe(platform, NOW)


def test_other_platforms_have_no_window_and_a_business_may_not_write_first() -> None:
    assert reply_window(Platform.TELEGRAM, NOW - timedelta(days=30), NOW).kind is WindowKind.NONE
    assert (
        reply_window(Platform.TELEGRAM, NOW - timedelta(days=30), NOW).describe(
            Platform.TELEGRAM, NOW
        )
        == ""
    )
    assert reply_window(Platform.INSTAGRAM, None, NOW).kind is WindowKind.CLOSED
