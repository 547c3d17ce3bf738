"""File → Preferences: the switches a user sets once (notification privacy and
sound, the tray, starting at login). Each is saved the moment it is flipped."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

from dmdesk import autostart
from dmdesk.ui.plain_text import warn

SWITCHES = (
    ("notifications/enabled", "Show desktop notifications", True),
    ("notifications/show_text", "Show message text in notifications", True),
    ("notifications/sound", "Play a sound for new messages", False),
    ("tray/close_to_tray", "Keep running in the tray when the window is closed", True),
    ("tray/start_minimized", "Start in the tray, without the window", False),
)


def setting_on(settings: QSettings, key: str, default: bool) -> bool:
    return settings.value(key, default) in (True, "true", "1", 1)


class PreferencesMenu(QMenu):
    changed = Signal(str)  # the key that was flipped

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__("Preferences", parent)
        self._settings = settings
        self.switches = {}
        for key, text, default in SWITCHES:
            action = self.addAction(text)
            action.setCheckable(True)
            action.setChecked(setting_on(settings, key, default))
            action.toggled.connect(lambda on, k=key: self._flip(k, on))
            self.switches[key] = action
        self.quiet_action = self.addAction("Quiet hours…")
        self.quiet_action.triggered.connect(self._edit_quiet_hours)
        self.addSeparator()
        self.login_action = self.addAction("Start DMDesk when I log in")
        self.login_action.setCheckable(True)
        self.login_action.setChecked(autostart.is_enabled())
        self.login_action.toggled.connect(self._set_login)

    def _edit_quiet_hours(self) -> None:
        from dmdesk.ui.quiet_hours_dialog import QuietHoursDialog

        if QuietHoursDialog(self._settings, self.parentWidget()).exec():
            self.changed.emit("notifications/quiet")

    def _flip(self, key: str, on: bool) -> None:
        self._settings.setValue(key, on)
        self._settings.sync()
        self.changed.emit(key)

    def _set_login(self, on: bool) -> None:
        try:
            autostart.set_enabled(on)
        except OSError as error:
            self.login_action.blockSignals(True)
            self.login_action.setChecked(not on)
            self.login_action.blockSignals(False)
            warn(
                self.parentWidget(),
                "Start at login",
                f"DMDesk could not change how it starts at login.\n\n{error}",
            )
