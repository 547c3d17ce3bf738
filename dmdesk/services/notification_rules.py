"""Which desktop notifications a burst of new messages deserves, and their words.

The window collects the messages that arrive within a short burst and asks once:
muted conversations and the one open in front of the user stay silent, paused
notifications and quiet hours silence everything (the unread count still moves),
several messages become one notification, and the privacy setting keeps message
text off the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from dmdesk.domain import Platform

SNIPPET_LENGTH = 120
WEEKEND = (5, 6)  # Saturday, Sunday


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily stretch (it may cross midnight) and, optionally, whole weekends."""

    start: time | None = None
    end: time | None = None
    weekends: bool = False

    def is_quiet(self, local_now: datetime) -> bool:
        if self.weekends and local_now.weekday() in WEEKEND:
            return True
        if self.start is None or self.end is None or self.start == self.end:
            return False
        now = local_now.time()
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end  # e.g. 20:00 to 08:00

    def describe(self) -> str:
        parts = []
        if self.start is not None and self.end is not None and self.start != self.end:
            parts.append(f"{self.start:%H:%M}–{self.end:%H:%M}")
        if self.weekends:
            parts.append("weekends")
        return " and ".join(parts) if parts else "off"


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    enabled: bool = True
    show_text: bool = True
    """Off: notifications say who wrote, never what."""
    sound: bool = False
    quiet: QuietHours = field(default_factory=QuietHours)
    paused_until: datetime | None = None
    """Set by Pause notifications; datetime.max-like far future means until resumed."""

    def silenced(self, now: datetime) -> bool:
        if not self.enabled:
            return True
        if self.paused_until is not None and now < self.paused_until:
            return True
        return self.quiet.is_quiet(now.astimezone())


@dataclass(frozen=True, slots=True)
class IncomingNews:
    """One new incoming message, as the rules need it."""

    conversation_id: int
    sender_name: str
    platform: Platform
    text: str
    muted: bool = False


@dataclass(frozen=True, slots=True)
class DesktopNotification:
    title: str
    body: str
    conversation_id: int | None
    """What a click opens; None when the burst spans several conversations."""
    message_count: int = 1


def notifications_for(
    news: Sequence[IncomingNews],
    settings: NotificationSettings,
    now: datetime,
    focused_conversation_id: int | None = None,
) -> list[DesktopNotification]:
    """At most one notification for a burst of new messages."""
    if settings.silenced(now):
        return []
    heard = [n for n in news if not n.muted and n.conversation_id != focused_conversation_id]
    if not heard:
        return []
    conversations = list(dict.fromkeys(n.conversation_id for n in heard))
    last = heard[-1]
    if len(conversations) == 1:
        title = f"{last.sender_name} · {last.platform.label}"
        if len(heard) == 1:
            body = _snippet(last.text) if settings.show_text else "New message"
        else:
            body = f"{len(heard)} new messages"
            if settings.show_text:
                body += f". Latest: {_snippet(last.text)}"
        return [DesktopNotification(title, body, last.conversation_id, len(heard))]
    people = list(dict.fromkeys(n.sender_name for n in reversed(heard)))
    title = f"{len(heard)} new messages from {len(conversations)} people"
    body = _names(people)
    if settings.show_text:
        body += f". Latest from {last.sender_name}: {_snippet(last.text)}"
    return [DesktopNotification(title, body, None, len(heard))]


@dataclass(frozen=True, slots=True)
class ReturnedNews:
    """A conversation back from a snooze, as its announcement needs it."""

    conversation_id: int
    name: str
    last_text: str
    follow_up: bool
    """It was "until they reply, or at …", and they have not."""


def back_from_snooze(
    returned: Sequence[ReturnedNews], settings: NotificationSettings
) -> DesktopNotification | None:
    """One notification for the conversations back from a snooze at once. Muted ones
    are said too: the owner asked to hear of them at this time."""
    if not returned:
        return None
    if len(returned) > 1:
        names = list(dict.fromkeys(r.name for r in returned))
        return DesktopNotification(
            f"Back from snooze: {_names(names)}",
            f"{len(returned)} conversations are back at the top of your Inbox.",
            None,
            len(returned),
        )
    (one,) = returned
    if one.follow_up:
        return DesktopNotification(
            f"No reply from {one.name}",
            "You asked to hear if they had not replied by now.",
            one.conversation_id,
        )
    body = _snippet(one.last_text) if settings.show_text else "It is back at the top of your Inbox."
    return DesktopNotification(f"Back from snooze: {one.name}", body, one.conversation_id)


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(attachment)"
    return flat if len(flat) <= SNIPPET_LENGTH else flat[: SNIPPET_LENGTH - 1] + "…"


def _names(people: list[str]) -> str:
    if len(people) <= 3:
        return ", ".join(people[:-1]) + (" and " if len(people) > 1 else "") + people[-1]
    return f"{', '.join(people[:2])} and {len(people) - 2} others"
