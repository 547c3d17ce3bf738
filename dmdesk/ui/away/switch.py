"""The away message's switch: one checkable action, in the Replies menu, the tray
menu and the palette, and the dialog behind "Away message…". It says when what
the sync engine should answer with has changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from dmdesk.domain import Profile
from dmdesk.services.away_message import AwayPlan
from dmdesk.services.business_hours import BusinessHours
from dmdesk.ui.away.settings import AWAY_ON_KEY, away_message, away_on, away_plan


class AwaySwitch(QObject):
    changed = Signal()
    """The plan changed: on, off, or other words."""

    def __init__(
        self,
        settings: QSettings,
        toggle: QAction,
        hours: Callable[[], BusinessHours],
        profile: Callable[[], Profile],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._settings = settings
        self._hours = hours
        self._profile = profile
        self._window = window
        self.toggle = toggle
        toggle.setCheckable(True)
        self._show()

    def plan(self) -> AwayPlan | None:
        return away_plan(self._settings, self._hours())

    def flip(self) -> None:
        """The switch was clicked (its check mark has moved already). Turning it on
        with nothing to keep to, or nothing to say, opens the dialog instead."""
        on = self.toggle.isChecked()
        if on and (
            not self._hours().is_set or not any(away_message(self._settings).texts.values())
        ):
            self._show()
            self.edit(turn_on=True)
            return
        self._settings.setValue(AWAY_ON_KEY, on)
        self._settings.sync()
        self._show()
        self.changed.emit()

    def edit(self, turn_on: bool = False) -> None:
        from dmdesk.ui.away.dialog import AwayMessageDialog

        dialog = AwayMessageDialog(self._settings, self._hours(), self._profile(), self._window)
        if turn_on:
            dialog.on.setChecked(True)
        if dialog.exec():
            self._show()
            self.changed.emit()

    def hours_changed(self) -> None:
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        """The check mark says whether it really goes: on, with hours to keep to."""
        live = away_on(self._settings) and self._hours().is_set
        self.toggle.blockSignals(True)
        self.toggle.setChecked(live)
        self.toggle.blockSignals(False)
