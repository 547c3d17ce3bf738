"""Outside text in widgets that Qt would read as rich text.

Qt guesses: a tooltip, a label or a message box whose text looks like markup is
rendered as HTML, so a customer named ``<img src=/dev/zero>`` makes Qt read the
device until memory runs out, and harmless markup draws big red headings. Every
widget that can show a customer's, a platform's or a download's words takes
them through here, or sets ``Qt.TextFormat.PlainText`` itself.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is. Tooltips have no text format of their
    own, so the text is escaped inside a rich-text wrapper Qt always reads as HTML
    (line breaks kept)."""
    if not text:
        return ""
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    detail: str = "",
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox:
    """A message box whose texts show as they are."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for outside text."""
    made = QLabel(parent)
    made.setTextFormat(Qt.TextFormat.PlainText)
    made.setText(text)
    return made
