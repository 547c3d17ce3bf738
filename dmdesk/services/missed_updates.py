"""What a long time closed may have cost: Telegram keeps a bot's undelivered
updates for 24 hours only, so a bot that did not fetch for longer may never see
some messages. Sync knows when it last fetched; this says it in words."""

from __future__ import annotations

from datetime import datetime, timedelta

WEEK = timedelta(days=6)


def missed_updates(
    platform: str, synced_at: datetime | None, now: datetime, kept_for: timedelta | None
) -> str:
    """The warning for an account that fetched at ``synced_at`` and again at
    ``now``, or "" where nothing can have been lost."""
    if synced_at is None or kept_for is None or now - synced_at <= kept_for:
        return ""
    hours = round(kept_for.total_seconds() / 3600)
    return (
        f"DMDesk was closed from {_when(synced_at, now)} to {_when(now, now)}: {platform} "
        f"keeps bot messages for {hours} hours only, so some may be missing. "
        f"Customers' chats in {platform} itself still have them."
    )


def _when(moment: datetime, now: datetime) -> str:
    """Local time as people say it: "Fri 18:00", with the date further back."""
    local = moment.astimezone()
    if now - moment > WEEK:
        return f"{local:%a} {local.day} {local:%b %H:%M}"
    return f"{local:%a %H:%M}"
