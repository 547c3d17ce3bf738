"""The tray icon: the unread count drawn on it, a click toggles the window, and
a menu to show or hide, pause notifications, turn the away message on or off,
and quit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from dmdesk import APP_NAME
from dmdesk.ui.kit.icons import app_icon

ICON_SIZE = 64


def icon_with_count(base: QIcon, count: int) -> QIcon:
    """The app icon with a red badge holding ``count`` (nothing drawn for 0)."""
    pixmap = base.pixmap(ICON_SIZE, ICON_SIZE)
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = "99+" if count > 99 else str(count)
    diameter = ICON_SIZE * (0.62 if len(text) < 3 else 0.72)
    badge = QRectF(ICON_SIZE - diameter, 0, diameter, diameter)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d93f3f"))
    painter.drawEllipse(badge)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(diameter * (0.62 if len(text) == 1 else 0.46)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class TrayIcon(QSystemTrayIcon):
    toggle_requested = Signal()
    pause_requested = Signal(object)  # a datetime, or None to resume
    quit_requested = Signal()

    def __init__(
        self, window: QWidget, pause_choices: Callable[[datetime], dict[str, datetime]]
    ) -> None:
        """``pause_choices`` gives the labels and their end times as of a moment: the
        end is worked out when the choice is clicked, not when the menu was built."""
        super().__init__(app_icon(), window)
        self._window = window
        self._base_icon = app_icon()
        self._count = 0
        self._what = "unread"
        self.setToolTip(APP_NAME)
        self.menu = QMenu(window)
        self.show_action = self.menu.addAction("Hide DMDesk")
        self.show_action.triggered.connect(self.toggle_requested)
        self.menu.addSeparator()
        self.pause_menu = self.menu.addMenu("Pause notifications")
        self._pause_actions: list[QAction] = []
        for label in pause_choices(datetime.now(UTC)):
            action = self.pause_menu.addAction(label)
            action.triggered.connect(
                lambda _=False, chosen=label: self.pause_requested.emit(
                    pause_choices(datetime.now(UTC))[chosen]
                )
            )
            self._pause_actions.append(action)
        self.resume_action = self.menu.addAction("Resume notifications")
        self.resume_action.triggered.connect(lambda: self.pause_requested.emit(None))
        self.resume_action.setVisible(False)
        self._before_quit = self.menu.addSeparator()
        quit_action = self.menu.addAction("Quit DMDesk")
        quit_action.triggered.connect(self.quit_requested)
        self.setContextMenu(self.menu)
        self.activated.connect(self._on_activated)

    def add_switch(self, action: QAction) -> None:
        """A window action the tray offers too (the away message on or off)."""
        self.menu.insertAction(self._before_quit, action)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.toggle_requested.emit()

    def set_unread(self, count: int, what: str = "unread") -> None:
        """The count on the icon; ``what`` it counts ("unread", or "waiting" for
        customers waiting for an answer)."""
        if (count, what) == (self._count, self._what):
            return
        self._count, self._what = count, what
        self.setIcon(icon_with_count(self._base_icon, count))
        if what == "waiting":
            people = "customer is" if count == 1 else "customers are"
            tip = f"{APP_NAME}: {count} {people} waiting for an answer"
        else:
            noun = "conversation" if count == 1 else "conversations"
            tip = f"{APP_NAME}: {count} unread {noun}"
        self.setToolTip(tip if count else APP_NAME)

    def window_shown(self, shown: bool) -> None:
        self.show_action.setText("Hide DMDesk" if shown else "Show DMDesk")

    def set_paused_until(self, until: datetime | None) -> None:
        self.resume_action.setVisible(until is not None)
        self.pause_menu.setEnabled(until is None)
        if until is None:
            self.resume_action.setText("Resume notifications")
        elif until.year >= 9999:
            self.resume_action.setText("Resume notifications (paused)")
        else:
            local = until.astimezone(datetime.now(UTC).astimezone().tzinfo)
            self.resume_action.setText(f"Resume notifications (paused until {local:%H:%M})")
