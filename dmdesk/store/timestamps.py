"""Times as the store keeps them: integer milliseconds since the epoch, UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def to_millis(moment: datetime) -> int:
    """Epoch milliseconds of a datetime; a naive one is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def from_millis(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


QUARTER_MS = 15 * 60 * 1000
"""``message_counts`` counts per quarter hour: every time zone's hours (and half and
quarter hours) are whole quarters, so the owner's local days and hours add up
exactly from them."""
