"""When a conversation has really been read.

Becoming current is not reading: ``j`` passes over conversations, a start opens
the top one with no window shown, a filtered view or a search opens its first
row. A conversation is read once it has stayed open for a short dwell in a
window that is visible and active (Gmail's and Superhuman's "mark as read after
N seconds"); replying and Shift+I read it too, elsewhere. The dwell is a
preference; "by hand" leaves it to those two.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DWELL_CHOICES_MS = (1000, 3000, 0)
"""The Preferences choices; 0: only by replying or Shift+I."""
DEFAULT_DWELL_MS = 1000


class ReadTracker(QObject):
    read_due = Signal(int)
    """A conversation id the owner has now seen long enough to count as read."""

    def __init__(self, window: QWidget, dwell_ms: int = DEFAULT_DWELL_MS) -> None:
        super().__init__(window)
        self._window = window
        self._open: int | None = None
        self._unread = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.set_dwell(dwell_ms)
        window.installEventFilter(self)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            # Which window is in front changed: this one may have come forward.
            application.focusWindowChanged.connect(self._on_focus_window_changed)

    def set_dwell(self, dwell_ms: int) -> None:
        self._dwell_ms = dwell_ms
        self._timer.setInterval(max(0, dwell_ms))
        self._restart()

    def opened(self, conversation_id: int | None, unread: bool) -> None:
        """The conversation now on screen (None: none), and whether it has unread
        messages; its dwell starts over."""
        self._open, self._unread = conversation_id, unread
        self._restart()

    @property
    def waiting(self) -> bool:
        """Whether the open conversation's dwell is running (it will be read)."""
        return self._timer.isActive()

    def news(self, conversation_id: int) -> None:
        """New messages came into a conversation: if it is the open one, the owner
        reads them the same way."""
        if conversation_id == self._open:
            self._unread = True
            self._restart()

    def _restart(self) -> None:
        self._timer.stop()
        if self._open is not None and self._unread and self._dwell_ms > 0 and self._seen():
            self._timer.start()

    def _seen(self) -> bool:
        return self._window.isVisible() and self._window.isActiveWindow()

    def _on_timer_timeout(self) -> None:
        if self._open is not None and self._unread and self._seen():
            self._unread = False
            self.read_due.emit(self._open)

    def _on_focus_window_changed(self, _window: object) -> None:
        # Qt tells of the new focus window before widgets know they are active.
        QTimer.singleShot(0, self, self._restart)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            # Not read while the window is hidden or behind another: the dwell
            # waits for it to be in front.
            self._restart()
        return False
