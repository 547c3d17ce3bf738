"""The window and its tray icon: closing hides it to the tray (said once), the
icon shows it again or quits, and pausing notifications from the icon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.notifications.center import NotificationCenter
from dmdesk.ui.shell.preferences_menu import setting_on
from dmdesk.ui.shell.tray import TrayIcon


class TrayPresence:
    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        notifications: NotificationCenter,
        toast: Toast,
        save_state: Callable[[], None],
    ) -> None:
        self._window = window
        self._save_state = save_state
        self._settings = settings
        self._notifications = notifications
        self._toast = toast
        self.icon: TrayIcon | None = None

    def install(self, unread: int) -> TrayIcon | None:
        """The tray icon, where the desktop has a tray; None (and said once) where not."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            if not setting_on(self._settings, "tray/no_tray_said", False):
                self._settings.setValue("tray/no_tray_said", True)
                self._toast.show_message(
                    "This desktop has no system tray: DMDesk stays a normal window, and "
                    "closing it quits."
                )
            return None
        tray = TrayIcon(self._window, NotificationCenter.pause_choices)
        tray.toggle_requested.connect(self.toggle_visible)
        tray.pause_requested.connect(self._pause_notifications)
        self.icon = tray
        self._notifications.set_tray(tray)
        tray.set_paused_until(self._notifications.paused_until())
        tray.set_unread(unread)
        tray.show()
        return tray

    def keeps_running(self) -> bool:
        """Closing the window hides it to the tray instead of quitting."""
        return (
            self.icon is not None
            and self.icon.isVisible()
            and setting_on(self._settings, "tray/close_to_tray", True)
        )

    def hide_window(self) -> None:
        self._save_state()
        self._window.hide()
        if self.icon is not None:
            self.icon.window_shown(False)
            if not setting_on(self._settings, "tray/close_hint_shown", False):
                self._settings.setValue("tray/close_hint_shown", True)
                self.icon.showMessage(
                    "DMDesk is still running",
                    "New messages still arrive here. Quit from this icon's menu; "
                    "File → Preferences turns this off.",
                )

    def toggle_visible(self) -> None:
        if self._window.isVisible() and not self._window.isMinimized():
            self.hide_window()
        else:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
        if self.icon is not None:
            self.icon.window_shown(True)

    def _pause_notifications(self, until: datetime | None) -> None:
        self._notifications.pause(until)
        if self.icon is not None:
            self.icon.set_paused_until(self._notifications.paused_until())
