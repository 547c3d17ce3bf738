"""The reply box's "Replying to …" bar: which message the reply answers, with ✕
to answer no particular one. The reply goes with the platform's own reply
parameter; where a platform has none (X), the bar says so and the words are sent
as they are, with no quote made up in them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Direction, Message, Platform
from dmdesk.ui.kit.formatting import ATTACHMENT_SYMBOLS, one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text
from dmdesk.ui.kit.theme import current_theme

NO_REPLY_LINK = frozenset({Platform.X})
"""Platforms whose API sends no link to the message answered."""


def first_words(message: Message, limit: int = 90) -> str:
    """A message's first line for a quote, or what it holds when it has no words."""
    if message.unsent:
        return "This message was unsent."
    if message.text.strip():
        return one_line(message.text.strip().splitlines()[0], limit)
    if message.attachments:
        first = message.attachments[0]
        return f"{ATTACHMENT_SYMBOLS[first.kind]} {one_line(first.name, limit)}"
    return ""


class AnsweringBar(QFrame):
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Answering")
        self.message: Message | None = None
        self.who = PlainLabel(self)
        self.who.setObjectName("AnsweringWho")
        self.words = PlainLabel(self)
        # As wide as the box, cut with "…": a long first line never widens the pane.
        self.words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._words = ""
        self.note = PlainLabel(self)
        self.note.setObjectName("Hint")
        close = QToolButton(self)
        close.setIcon(icon("close", current_theme().muted_text))
        close.setIconSize(QSize(14, 14))
        close.setAutoRaise(True)
        close.setToolTip(as_rich_text("Answer no particular message"))
        close.clicked.connect(self.clear)
        self.close_button = close
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addWidget(self.who)
        lines.addWidget(self.words)
        lines.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addLayout(lines, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def answer(self, message: Message, platform: Platform) -> None:
        self.message = message
        who = "yourself" if message.direction is Direction.OUTGOING else message.sender_name
        self.who.setText(f"Replying to {one_line(who, 60)}")
        self._words = first_words(message)
        self._fit_words()
        no_link = platform in NO_REPLY_LINK
        self.note.setText(
            f"{platform.label} does not link a reply to a message: it goes as a new one."
            if no_link
            else ""
        )
        self.note.setVisible(no_link)
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_words()

    def _fit_words(self) -> None:
        width = max(40, self.words.width())
        self.words.setText(
            self.words.fontMetrics().elidedText(self._words, Qt.TextElideMode.ElideRight, width)
        )
        self.words.setToolTip(as_rich_text(self._words))

    def clear(self) -> None:
        if self.message is None:
            return
        self.message = None
        self.hide()
        self.cleared.emit()
