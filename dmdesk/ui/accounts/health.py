"""How an account is doing, in the rows the Accounts dialog shows under its
status: when it last fetched, when it tries again, and how long its token lasts."""

from __future__ import annotations

from datetime import datetime, timedelta

from dmdesk.domain import Account, AccountStatus
from dmdesk.services.accounts import AccountKind
from dmdesk.ui.kit.formatting import clock_time


def health_rows(account: Account, kind: AccountKind | None, now: datetime) -> list[tuple[str, str]]:
    """(label, words) for each fact worth saying about a synced account."""
    if kind is None:  # the demo's, or an imported history: nothing syncs it
        return []
    rows = [
        ("Last synced", moment_words(account.synced_at, now) if account.synced_at else "Not yet")
    ]
    if account.retry_at is not None and account.retry_at > now:
        if account.status is AccountStatus.RATE_LIMITED:
            rows.append(("Rate limited until", moment_words(account.retry_at, now)))
        elif account.status is AccountStatus.OFFLINE:
            rows.append(("Next try", moment_words(account.retry_at, now)))
    rows.append(("Token", token_words(account, kind, now)))
    owner = account.setting("business_owner")
    if owner:
        can_reply = account.setting("business_can_reply") == "yes"
        rows.append(
            (
                "Telegram Business",
                f"Connected to the Telegram Business account of {owner} "
                f"(can reply: {'yes' if can_reply else 'no, allow it in Telegram'})",
            )
        )
    return rows


def token_words(account: Account, kind: AccountKind, now: datetime) -> str:
    ends = account.credential_expires_at
    if ends is None:
        return kind.token_note
    if account.status is AccountStatus.NEEDS_RECONNECT or ends <= now:
        return f"Ended {day_words(ends, now)}: re-connect the account"
    if ends - now < timedelta(days=1):  # X's two hours: the time says more
        return f"Renews itself; this one is valid until {moment_words(ends, now)}"
    return f"Renews itself; valid until {day_words(ends, now)}"


def moment_words(moment: datetime, now: datetime) -> str:
    """ "today at 10:42", "yesterday at 18:05", "Fri 27 Nov at 18:00"."""
    local, today = moment.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"today at {clock_time(moment)}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday at {clock_time(moment)}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock_time(moment)}"
    return f"{local:%a} {day_words(moment, now)} at {clock_time(moment)}"


def day_words(moment: datetime, now: datetime) -> str:
    """ "14 Feb", with the year when it is not this one."""
    local = moment.astimezone()
    year = f" {local.year}" if local.year != now.astimezone().year else ""
    return f"{local.day} {local:%b}{year}"
