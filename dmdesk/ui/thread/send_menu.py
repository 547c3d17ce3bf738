"""The Send button's menu (Ctrl+Shift+Enter): send now, send and be reminded if
they don't reply, or send later: tomorrow morning, when the shop opens, Monday
morning, or a time of the owner's own. Times are worked out as it opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from dmdesk.domain import ReplyTiming
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.snooze_times import menu_words, morning_of, send_later_choices, utc_now
from dmdesk.ui.kit.when_dialog import WhenDialog

DEFAULT_REMIND_DAYS = 3


class SendMenu(QMenu):
    chosen = Signal(object)
    """How the reply goes (a ReplyTiming)."""

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], datetime] = utc_now):
        super().__init__(parent)
        self.setObjectName("SendMenu")
        self._clock = clock
        self.hours: BusinessHours | None = None
        """The shop's business hours, where they are set."""
        self.remind_days = DEFAULT_REMIND_DAYS
        """How many days "remind me if they don't reply" waits (Preferences)."""
        self.dialog: WhenDialog | None = None
        self.aboutToShow.connect(self.fill)

    def remind_at(self, now: datetime) -> datetime:
        """The morning ``remind_days`` from now."""
        day = now.astimezone().date() + timedelta(days=self.remind_days)
        return morning_of(day, self.hours)

    def fill(self) -> None:
        self.clear()
        now = self._clock()
        self.addAction("Send now\tCtrl+Enter").triggered.connect(
            lambda: self.chosen.emit(ReplyTiming())
        )
        remind = self.remind_at(now)
        days = f"{self.remind_days} day{'s' if self.remind_days != 1 else ''}"
        self.addAction(f"Send, and remind me in {days} if no reply\t{menu_words(remind, now)}")
        self.actions()[-1].triggered.connect(
            partial(self.chosen.emit, ReplyTiming(remind_at=remind))
        )
        self.addSection("Send later")
        for choice in send_later_choices(now, self.hours):
            action = self.addAction(f"{choice.label}\t{menu_words(choice.at, now)}")
            action.triggered.connect(partial(self.chosen.emit, ReplyTiming(send_at=choice.at)))
        self.addAction("Pick a date and time…").triggered.connect(self.pick)

    def pick(self) -> None:
        dialog = WhenDialog(
            self._clock(),
            self.hours,
            None,
            self.parentWidget(),
            title="Send later…",
            ok_text="Schedule",
        )
        self.dialog = dialog
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.moment is not None:
                self.chosen.emit(ReplyTiming(send_at=dialog.moment))
        finally:
            self.dialog = None
            dialog.deleteLater()
