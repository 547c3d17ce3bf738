"""Keys drawn as key caps at the right of a row (the command palette's), as the
palettes of Linear, VS Code and Slack show them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.ui.kit.theme import current_theme

KEYS_ROLE = Qt.ItemDataRole.UserRole + 2
"""A row's shortcuts, in the platform's notation ("Ctrl+Shift+A  or  X")."""
CAP_PADDING = 6.0
CAP_GAP = 4.0


ROW_HEIGHT = 30


def caps_of(keys: str) -> list[str]:
    """The caps to draw for a shortcut text: each key of its first shortcut, and
    each step of a sequence ("G, A" is G then A)."""
    first = keys.split("  or  ")[0]
    caps: list[str] = []
    for step in first.split(", "):
        # "Ctrl++" is Ctrl and +: split on "+" but keep a lone "+" key.
        parts = [part for part in step.replace("++", "+\0").split("+") if part]
        caps += [part.replace("\0", "+") for part in parts]
    return caps


class KeyCapDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), ROW_HEIGHT))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        keys = index.data(KEYS_ROLE)
        if not keys:
            return
        theme = current_theme()
        metrics = QFontMetrics(option.font)
        rect = QRectF(option.rect)
        right = rect.right() - 8
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        for cap in reversed(caps_of(str(keys))):
            width = max(metrics.horizontalAdvance(cap) + 2 * CAP_PADDING, metrics.height() + 4)
            height = metrics.height() + 4
            box = QRectF(right - width, rect.center().y() - height / 2, width, height)
            painter.setPen(theme.color("border"))
            painter.setBrush(theme.color("hover"))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(theme.color("muted_text"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, cap)
            right = box.left() - CAP_GAP
        painter.restore()
