"""Text boxes shared by the panes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

COMPLETER_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}
"""Keys that choose from or close an open completer popup, not edit the text."""


class SubmittingTextEdit(QPlainTextEdit):
    """Multi-line text where Enter is a new line and Ctrl+Enter submits."""

    submitted = Signal()
    alternate_submitted = Signal()
    """Ctrl+Shift+Enter: the other ways to submit (the composer's send menu)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer: QCompleter | None = None
        self.tab_handler: Callable[[bool], bool] | None = None
        """Offered Tab (True) and Shift+Tab (False) first; True if it took the key."""

    def set_completer(self, completer: QCompleter) -> None:
        """While its popup is open, leave Enter, Tab and Esc to it: QCompleter offers
        each key to the text box first and acts only on keys left unhandled."""
        self._completer = completer

    def event(self, event: QEvent) -> bool:
        # Here rather than in keyPressEvent: Tab moves the focus before that is called.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._completer is not None
            and (popup := self._completer.popup()) is not None
            and popup.isVisible()
            and event.key() in COMPLETER_KEYS
        ):
            event.ignore()
            return False
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self.tab_handler is not None
            and self.tab_handler(event.key() == Qt.Key.Key_Tab)
        ):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter alone, on the main Return key or the keypad's Enter (the keypad
        # adds a modifier of its own): Ctrl+Shift+Enter and the like are other keys.
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and held == Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and held == (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self.alternate_submitted.emit()
            return
        super().keyPressEvent(event)
