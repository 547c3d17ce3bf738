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


class PlainLabel(QLabel):
    """A label that shows its text as it is, whatever it looks like. Every label of
    the app is one: text that is ours today may carry a name tomorrow."""

    def __init__(self, text: str | QWidget | None = "", parent: QWidget | None = None) -> None:
        shown = text if isinstance(text, str) else ""
        if not isinstance(text, str):  # PlainLabel(parent), as QLabel(parent)
            parent = text
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(shown)


def as_rich_text(text: str) -> str:
    """``text`` for a place Qt always or sometimes reads as rich text and that has
    no text format of its own (a tooltip, a tray balloon): escaped, inside a
    paragraph so Qt always reads it as HTML and shows the text as it is, line
    breaks kept."""
    if not text:
        return ""
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def literal_label(text: str) -> str:
    """``text`` for a menu entry or a button, where "&" marks a shortcut letter: a
    customer named "Tom & Jerry" shows as written."""
    return text.replace("&", "&&")


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
    for child in box.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask(parent: QWidget | None, title: str, text: str, yes: str, warning: bool = False) -> bool:
    """A yes-or-cancel question in plain text; True if the owner said yes."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = message_box(parent, icon, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning in plain text, with OK."""
    message_box(
        parent, QMessageBox.Icon.Warning, title, text, "", QMessageBox.StandardButton.Ok
    ).exec()
