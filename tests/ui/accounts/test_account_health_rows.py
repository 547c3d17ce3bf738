"""The Accounts dialog's health rows, as words: when it synced, when it tries
again, how long its token lasts, and a Telegram Business connection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dmdesk.connectors.registry import INSTAGRAM, MESSENGER, TELEGRAM
from dmdesk.domain import Account, AccountStatus, Platform
from dmdesk.ui.accounts.health import health_rows

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def account(platform: Platform, status=AccountStatus.CONNECTED, **more) -> Account:
    return Account(1, platform, "Juniper", "", status, platform.value, **more)


def test_an_instagram_login_token_says_until_when_it_is_valid(london) -> None:
    rows = dict(
        health_rows(
            account(
                Platform.INSTAGRAM,
                synced_at=NOW - timedelta(minutes=3),
                credential_expires_at=datetime(2027, 2, 14, 9, 0, tzinfo=UTC),
            ),
            INSTAGRAM,
            NOW,
        )
    )
    assert rows == {
        "Last synced": "today at 09:57",
        "Token": "Renews itself; valid until 14 Feb 2027",
    }


def test_page_tokens_and_bot_tokens_say_they_do_not_expire(london) -> None:
    assert dict(health_rows(account(Platform.MESSENGER), MESSENGER, NOW)) == {
        "Last synced": "Not yet",
        "Token": "Page tokens do not expire",
    }
    offline = account(
        Platform.TELEGRAM,
        AccountStatus.OFFLINE,
        retry_at=NOW + timedelta(minutes=2),
        settings=(("business_can_reply", "no"), ("business_owner", "@maya_juniper")),
    )
    rows = dict(health_rows(offline, TELEGRAM, NOW))
    assert rows["Next try"] == "today at 10:02"
    assert rows["Token"].startswith("Bot tokens do not expire")
    assert rows["Telegram Business"] == (
        "Connected to the Telegram Business account of @maya_juniper "
        "(can reply: no, allow it in Telegram)"
    )


def test_a_token_that_ended_says_to_reconnect(london) -> None:
    ended = account(
        Platform.INSTAGRAM,
        AccountStatus.NEEDS_RECONNECT,
        credential_expires_at=NOW - timedelta(days=1),
    )
    assert dict(health_rows(ended, INSTAGRAM, NOW))["Token"] == (
        "Ended 3 Dec: re-connect the account"
    )
