"""File → Preferences: the switches a user sets once (notification privacy and
sound, the tray, starting at login, the largest file an import copies). Each is
saved the moment it is flipped."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from dmdesk import autostart
from dmdesk.services.waiting_time import THRESHOLD_CHOICES, WaitThresholds, threshold_words
from dmdesk.ui.inbox.read_tracking import DEFAULT_DWELL_MS, DWELL_CHOICES_MS
from dmdesk.ui.kit.plain_text import warn
from dmdesk.ui.thread.send_menu import DEFAULT_REMIND_DAYS

SWITCHES = (
    ("notifications/enabled", "Show desktop notifications", True),
    ("notifications/show_text", "Show message text in notifications", True),
    ("notifications/sound", "Play a sound for new messages", False),
    ("tray/close_to_tray", "Keep running in the tray when the window is closed", True),
    ("tray/start_minimized", "Start in the tray, without the window", False),
    ("badge/waiting", "Count customers waiting on the tray and dock, not unread", False),
)
BADGE_WAITING_KEY = SWITCHES[-1][0]


MEDIA_LIMIT_KEY = "import/media_limit_mb"
MEDIA_LIMITS_MB = (100, 500, 2000)
"""The choices for the largest photo or file an import copies."""
DEFAULT_MEDIA_LIMIT_MB = 500


READ_DWELL_KEY = "reading/dwell_ms"
REMIND_DAYS_KEY = "replies/remind_days"
REMIND_DAYS = (1, 2, 3, 7)
"""The choices for "Send, and remind me in N days if no reply"."""


def remind_days(settings: QSettings) -> int:
    value = str(settings.value(REMIND_DAYS_KEY, DEFAULT_REMIND_DAYS))
    days = int(value) if value.isdigit() else DEFAULT_REMIND_DAYS
    return days if days in REMIND_DAYS else DEFAULT_REMIND_DAYS


def read_dwell_ms(settings: QSettings) -> int:
    """How long a conversation stays open before it counts as read (0: by hand)."""
    value = settings.value(READ_DWELL_KEY, DEFAULT_DWELL_MS)
    dwell = int(str(value)) if str(value).isdigit() else DEFAULT_DWELL_MS
    return dwell if dwell in DWELL_CHOICES_MS else DEFAULT_DWELL_MS


WAIT_THRESHOLDS_KEY = "waiting/thresholds_hours"


def wait_thresholds(settings: QSettings) -> WaitThresholds:
    """When a customer's wait turns amber and red, as Preferences set it."""
    chosen = str(settings.value(WAIT_THRESHOLDS_KEY, ""))
    return next((t for t in THRESHOLD_CHOICES if _hours(t) == chosen), WaitThresholds())


def _hours(thresholds: WaitThresholds) -> str:
    """'4,24': how a choice is kept in the settings file."""
    amber, red = (int(span.total_seconds() // 3600) for span in (thresholds.amber, thresholds.red))
    return f"{amber},{red}"


def setting_on(settings: QSettings, key: str, default: bool) -> bool:
    return settings.value(key, default) in (True, "true", "1", 1)


def media_limit_bytes(settings: QSettings) -> int:
    """The largest photo or file an import copies, as Preferences set it."""
    value = settings.value(MEDIA_LIMIT_KEY, DEFAULT_MEDIA_LIMIT_MB)
    megabytes = int(str(value)) if str(value).isdigit() else DEFAULT_MEDIA_LIMIT_MB
    return (megabytes if megabytes in MEDIA_LIMITS_MB else DEFAULT_MEDIA_LIMIT_MB) * 1000 * 1000


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
        self.business_action = self.addAction("Business hours…")
        self.business_action.triggered.connect(self._edit_business_hours)
        self.read_menu = self._read_menu()
        self.waiting_menu = self._waiting_menu()
        self.media_limit_menu = self._media_limit_menu()
        self.remind_menu = self._choice_menu(
            "Remind me if no reply",
            REMIND_DAYS_KEY,
            [("After a week" if d == 7 else f"After {d} day{'s' if d > 1 else ''}", d)
             for d in REMIND_DAYS],
            remind_days(settings),
        )  # fmt: skip
        self.addSeparator()
        self.login_action = self.addAction("Start DMDesk when I log in")
        self.login_action.setCheckable(True)
        self.login_action.setChecked(autostart.is_enabled())
        self.login_action.toggled.connect(self._set_login)

    def _choice_menu(
        self, title: str, key: str, choices: Sequence[tuple[str, int | str]], chosen: int | str
    ) -> QMenu:
        """A submenu of exclusive choices for one setting."""
        menu = self.addMenu(title)
        group = QActionGroup(menu)
        for label, value in choices:
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(value == chosen)
            action.setActionGroup(group)
            action.triggered.connect(lambda _on, v=value: self._set(key, v))
        return menu

    def _read_menu(self) -> QMenu:
        labels = {1000: "After 1 second open", 3000: "After 3 seconds open", 0: "Only by hand"}
        choices = [(labels[dwell], dwell) for dwell in DWELL_CHOICES_MS]
        return self._choice_menu(
            "Mark as read", READ_DWELL_KEY, choices, read_dwell_ms(self._settings)
        )

    def _waiting_menu(self) -> QMenu:
        choices = [(threshold_words(t), _hours(t)) for t in THRESHOLD_CHOICES]
        chosen = _hours(wait_thresholds(self._settings))
        return self._choice_menu("Customers waiting", WAIT_THRESHOLDS_KEY, choices, chosen)

    def _set(self, key: str, value: int | str) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()
        self.changed.emit(key)

    def _media_limit_menu(self) -> QMenu:
        choices = [(f"{mb // 1000} GB" if mb >= 1000 else f"{mb} MB", mb) for mb in MEDIA_LIMITS_MB]
        chosen = media_limit_bytes(self._settings) // (1000 * 1000)
        return self._choice_menu("Largest file to import", MEDIA_LIMIT_KEY, choices, chosen)

    def _edit_quiet_hours(self) -> None:
        from dmdesk.ui.notifications.quiet_hours_dialog import QuietHoursDialog

        if QuietHoursDialog(self._settings, self.parentWidget()).exec():
            self.changed.emit("notifications/quiet")

    def _edit_business_hours(self) -> None:
        from dmdesk.ui.shell.business_hours_dialog import BUSINESS_HOURS_KEY, BusinessHoursDialog

        if BusinessHoursDialog(self._settings, self.parentWidget()).exec():
            self.changed.emit(BUSINESS_HOURS_KEY)

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
