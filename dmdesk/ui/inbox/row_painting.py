"""What a conversation row and a search result share: the avatar with its
platform badge, and a first line with the name on the left and the time (and
marks) on the right. Each delegate then draws its own second line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from dmdesk.domain import ConversationSummary
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.painting import begin_row, draw_avatar, draw_platform_badge
from dmdesk.ui.kit.theme import current_theme

ROW_HEIGHT = 68
"""One fixed height: with uniform item sizes a 20,000-row list shows in ~50 ms."""
LINE_HEIGHT = 22


@dataclass(frozen=True)
class SecondLine:
    """Where the row's second line goes, and the fonts of the row."""

    box: QRectF
    font: QFont
    small: QFont


def paint_row_start(
    painter: QPainter,
    option: QStyleOptionViewItem,
    conversation: ConversationSummary,
    meta: str,
    meta_color: QColor,
    title_weight: QFont.Weight,
) -> SecondLine:
    """Begin the row (the painter stays saved: restore it after the second line),
    draw the avatar, the badge, the name and ``meta`` at the right."""
    theme = current_theme()
    rect = begin_row(painter, option)
    avatar = QRectF(rect.left() + 12, rect.top() + 12, 44, 44)
    draw_avatar(painter, avatar, conversation.title, conversation.title)
    draw_platform_badge(
        painter, QRectF(avatar.right() - 15, avatar.bottom() - 15, 19, 19), conversation.platform
    )
    left, right = avatar.right() + 12, rect.right() - 12
    base = QFont(option.font)
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.88)

    painter.setFont(small)
    painter.setPen(meta_color)
    top = QRectF(left, rect.top() + 12, right - left, LINE_HEIGHT)
    painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, meta)

    title_font = QFont(base)
    title_font.setWeight(title_weight)
    painter.setFont(title_font)
    painter.setPen(theme.color("text"))
    title_width = top.width() - QFontMetrics(small).horizontalAdvance(meta) - 10
    painter.drawText(
        QRectF(left, top.top(), title_width, LINE_HEIGHT),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
        QFontMetrics(title_font).elidedText(
            one_line(conversation.title), Qt.TextElideMode.ElideRight, int(title_width)
        ),
    )
    return SecondLine(QRectF(left, top.bottom() + 2, right - left, LINE_HEIGHT), base, small)
