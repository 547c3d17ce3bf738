"""A short message floating at the bottom of the window, with an optional Undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from dmdesk.ui.kit.plain_text import PlainLabel

SHOW_MS = 6000


class Toast(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Toast")
        self.label = PlainLabel(self)
        self.undo_button = QPushButton("Undo", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 8, 8)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._on_undo: Callable[[], None] | None = None
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        parent.installEventFilter(self)
        self.hide()

    def show_message(self, text: str, on_undo: Callable[[], None] | None = None) -> None:
        self.label.setText(text)
        self._on_undo = on_undo
        self.undo_button.setVisible(on_undo is not None)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(SHOW_MS)

    def _on_undo_button_clicked(self) -> None:
        callback, self._on_undo = self._on_undo, None
        self.hide()
        if callback is not None:
            callback()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 40)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
