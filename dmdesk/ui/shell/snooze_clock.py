"""Brings snoozed conversations back at their time and says so once.

A single-shot timer is set for the soonest snooze, never more than a minute
ahead, so a computer waking from sleep (or a clock put forward) is caught up
within a minute; the wake itself is a write on the writer lane. At the start it
also brings back what fell due while DMDesk was closed. The announcement waits
out quiet hours and a pause: the conversations are back at once, unread, and
"Back from snooze" comes when notifications may speak again, then never again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.notification_rules import ReturnedNews
from dmdesk.services.snooze_times import utc_now
from dmdesk.ui.kit.writes import Writes
from dmdesk.ui.notifications.center import NotificationCenter

LOOK_AHEAD_MS = 60_000
"""The timer never sleeps longer than this (sleep, suspend, a clock change)."""
ANNOUNCE_RETRY_MS = 60_000
"""While quiet hours hold an announcement back, it is tried this often."""


class SnoozeClock(QObject):
    returned = Signal(object)
    """Conversations came back from a snooze (a tuple of ids)."""

    def __init__(
        self,
        reader: InboxReads,
        writes: Writes,
        notifications: NotificationCenter,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._writes = writes
        self._notifications = notifications
        self._clock = clock
        self._started = False
        self._waking = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self.announce_timer = QTimer(self)
        self.announce_timer.setSingleShot(True)
        self.announce_timer.setInterval(ANNOUNCE_RETRY_MS)
        self.announce_timer.timeout.connect(self.announce)
        writes.applied.connect(self.arm)  # a snooze set, changed or undone

    def start(self) -> None:
        """Once the services are up: what fell due while closed, then the timer."""
        self._started = True
        self.wake()

    def stop(self) -> None:
        self._started = False
        self.timer.stop()
        self.announce_timer.stop()

    def arm(self) -> None:
        """Set the timer for the soonest snooze."""
        if not self._started or self._waking:
            return
        due = self._reader.next_snooze_due()
        if due is None:
            self.timer.stop()
            return
        wait_ms = (due - self._clock()).total_seconds() * 1000
        self.timer.start(int(min(max(wait_ms, 0), LOOK_AHEAD_MS)))

    def check(self) -> None:
        due = self._reader.next_snooze_due()
        if due is not None and due <= self._clock():
            self.wake()
        else:
            self.arm()

    def wake(self) -> None:
        if self._waking:
            return
        self._waking = True
        self._writes.write(lambda s: s.inbox.wake_due_snoozes(), self._woke)

    def _woke(self, ids: list[int]) -> None:
        self._waking = False
        if not self._started:
            return
        if ids:
            self.returned.emit(tuple(ids))
        self.announce()
        self.arm()

    def announce(self) -> None:
        """Say what is back and not yet said, unless notifications must stay quiet."""
        back = self._reader.back_from_snooze()
        if not back:
            return
        news = [ReturnedNews(c.id, c.title, c.snippet, c.flags.snooze_if_no_reply) for c in back]
        if not self._notifications.announce_returns(news):
            self.announce_timer.start()
            return
        ids = [c.id for c in back]
        self._writes.write(lambda s: s.inbox.snoozes_announced(ids))
