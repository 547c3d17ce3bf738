"""Meta's messaging window: a business may answer an Instagram or Messenger DM
within 24 hours of the person's last message; a human may answer up to 7 days
after it with the HUMAN_AGENT tag; after that, not at all until they write again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from dmdesk.domain import Platform

STANDARD_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
HUMAN_AGENT_TAG = "HUMAN_AGENT"
WINDOWED_PLATFORMS = frozenset({Platform.INSTAGRAM, Platform.MESSENGER})


class WindowKind(StrEnum):
    NONE = "none"
    """The platform has no such rule."""
    OPEN = "open"
    HUMAN_AGENT = "human_agent"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class ReplyWindow:
    kind: WindowKind
    closes_at: datetime | None = None
    """When this kind of window ends (None: no rule, or closed)."""

    @property
    def messaging_tag(self) -> str:
        return HUMAN_AGENT_TAG if self.kind is WindowKind.HUMAN_AGENT else ""

    def describe(self, platform: Platform, now: datetime) -> str:
        """One line for the composer; empty when there is nothing to say."""
        if self.kind is WindowKind.OPEN and self.closes_at is not None:
            return f"Reply window: {_left(self.closes_at - now)} left"
        if self.kind is WindowKind.HUMAN_AGENT and self.closes_at is not None:
            return (
                "The 24-hour window has closed: your reply goes with the Human Agent tag "
                f"({_left(self.closes_at - now)} left). Answer their question; no promotions."
            )
        if self.kind is WindowKind.CLOSED:
            return (
                f"{platform.label} lets a business reply only within 7 days of the person's "
                "last message. You can answer once they write again."
            )
        return ""


def reply_window(
    platform: Platform, last_incoming_at: datetime | None, now: datetime
) -> ReplyWindow:
    if platform not in WINDOWED_PLATFORMS:
        return ReplyWindow(WindowKind.NONE)
    if last_incoming_at is None:
        return ReplyWindow(WindowKind.CLOSED)  # they never wrote: a business may not start
    if now < last_incoming_at + STANDARD_WINDOW:
        return ReplyWindow(WindowKind.OPEN, last_incoming_at + STANDARD_WINDOW)
    if now < last_incoming_at + HUMAN_AGENT_WINDOW:
        return ReplyWindow(WindowKind.HUMAN_AGENT, last_incoming_at + HUMAN_AGENT_WINDOW)
    return ReplyWindow(WindowKind.CLOSED)


def _left(span: timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes >= 48 * 60:
        return f"{minutes // (24 * 60)} days"
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"
