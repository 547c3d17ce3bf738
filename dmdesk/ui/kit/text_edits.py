"""Text boxes shared by the panes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

COMPLETER_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}
"""Keys that choose from or close an open completer popup, not edit the text."""


def local_files(source: QMimeData) -> list[Path]:
    """The files on this computer that a drag or a paste carries (no web addresses)."""
    if not source.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]


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
        self.files_handler: Callable[[list[Path]], None] | None = None
        """Given the files pasted or dropped on the text (else they are not taken)."""
        self.image_handler: Callable[[QImage], None] | None = None
        """Given an image pasted from the clipboard (a screenshot)."""

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self.files_handler is not None and local_files(source):
            return True
        if self.image_handler is not None and source.hasImage():
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files become attachments and a pasted image one more; text stays text
        (plain: this is a QPlainTextEdit, markup is never read)."""
        files = local_files(source)
        if self.files_handler is not None and files:
            self.files_handler(files)
            return
        if self.image_handler is not None and source.hasImage() and not source.hasText():
            image = QImage(source.imageData())
            if not image.isNull():
                self.image_handler(image)
                return
        super().insertFromMimeData(source)

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
