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
from dmdesk.ui.kit.painting import (
    begin_row,
    draw_avatar,
    draw_outlined_pill,
    draw_pill,
    draw_platform_badge,
)
from dmdesk.ui.kit.tag_colors import tag_colors
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


MARKS_SHARE = 0.5
"""The stage and tags take at most this much of the second line: the snippet
says more."""


def paint_person_marks(
    painter: QPainter, line: QRectF, conversation: ConversationSummary, font: QFont
) -> float:
    """The person's stage (outlined) and tags (filled with their colours), compact,
    at the right end of ``line``; returns the width they took."""
    # From the right: the stage first (where they stand matters most), then tags.
    marks = ([(conversation.stage, True)] if conversation.stage else []) + [
        (tag, False) for tag in conversation.tags
    ]
    if not marks:
        return 0.0
    theme = current_theme()
    metrics = QFontMetrics(font)
    budget = line.width() * MARKS_SHARE
    x = line.right()
    used = 0.0
    painter.save()
    painter.setFont(font)
    for number, (text, is_stage) in enumerate(marks):
        shown = metrics.elidedText(one_line(text, 24), Qt.TextElideMode.ElideRight, 90)
        width = metrics.horizontalAdvance(shown) + 12
        after = len(marks) - number - 1
        # Room is kept for the "+N" of those after it, so a cut list says so.
        keep = metrics.horizontalAdvance(f"+{after}") + 14 if after else 0
        if used + width + keep > budget:
            more = f"+{after + 1}"
            width = metrics.horizontalAdvance(more) + 10
            if used + width <= budget:
                rect = QRectF(x - width, line.top() + 3, width, 16)
                draw_pill(painter, rect, more, theme.color("hover"), theme.color("muted_text"))
                used += width + 4
            break
        rect = QRectF(x - width, line.top() + 3, width, 16)
        if is_stage:
            draw_outlined_pill(painter, rect, shown, theme.color("accent"))
        else:
            fill, ink = tag_colors(text)
            draw_pill(painter, rect, shown, fill, ink)
        x -= width + 4
        used += width + 4
    painter.restore()
    return used
