"""The snooze menu: the quick times, each with when it means, then a picked time,
"until they reply, or at …", and Unsnooze where something chosen is snoozed.

It is the Snooze action's own menu, so the menu bar shows it as a submenu, the
thread header's button opens it, and ``b`` pops it up where the owner is. Its
times are worked out afresh each time it opens: "Later today" at 16:55 is 19:55.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.snooze_times import menu_words, snooze_choices, utc_now
from dmdesk.ui.kit.when_dialog import WhenDialog

Clock = Callable[[], datetime]


class SnoozeMenu(QMenu):
    chosen = Signal(object, bool)
    """A time was chosen (an aware datetime), and whether only if they don't reply."""
    unsnooze_requested = Signal()

    def __init__(
        self,
        hours: Callable[[], BusinessHours | None],
        any_snoozed: Callable[[], bool],
        parent: QWidget | None = None,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__("Snooze", parent)
        self.setObjectName("SnoozeMenu")
        self._hours = hours
        self._any_snoozed = any_snoozed
        self._clock = clock
        self.dialog: WhenDialog | None = None
        """The picker while it is open (tests type into it)."""
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        now = self._clock()
        for choice in snooze_choices(now, self._hours()):
            action = self.addAction(f"{choice.label}\t{menu_words(choice.at, now)}")
            action.triggered.connect(partial(self.chosen.emit, choice.at, False))
        self.addSeparator()
        self.addAction("Pick a date and time…").triggered.connect(partial(self.pick, False))
        self.addAction("Until they reply, or at…").triggered.connect(partial(self.pick, True))
        if self._any_snoozed():
            self.addSeparator()
            self.addAction("Unsnooze").triggered.connect(self.unsnooze_requested.emit)

    def pick(self, if_no_reply: bool) -> None:
        """The dialog for a time of the owner's own, typed or picked."""
        title = "Until they reply, or at…" if if_no_reply else "Snooze until…"
        dialog = WhenDialog(
            self._clock(), self._hours(), if_no_reply, self.parentWidget(), title=title
        )
        self.dialog = dialog
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.moment is not None:
                self.chosen.emit(dialog.moment, dialog.if_no_reply)
        finally:
            self.dialog = None
            dialog.deleteLater()
