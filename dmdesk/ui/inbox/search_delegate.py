"""Paints one search result: who, where, when, and the snippet with its hits
highlighted. The snippet is plain text drawn with format ranges (a QTextLayout),
never parsed as markup."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.domain import SearchHit
from dmdesk.ui.inbox.list_delegate import ROW_HEIGHT
from dmdesk.ui.kit.formatting import one_line, relative_time
from dmdesk.ui.kit.painting import begin_row, draw_avatar, draw_platform_badge
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme


class SearchResultDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(280, ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit: SearchHit | None = index.data(Roles.SEARCH_HIT)
        if hit is None:
            return
        theme = current_theme()
        conversation = hit.conversation
        rect = begin_row(painter, option)

        avatar = QRectF(rect.left() + 12, rect.top() + 12, 44, 44)
        draw_avatar(painter, avatar, conversation.title, conversation.title)
        draw_platform_badge(
            painter,
            QRectF(avatar.right() - 15, avatar.bottom() - 15, 19, 19),
            conversation.platform,
        )
        left, right = avatar.right() + 12, rect.right() - 12
        base = QFont(option.font)  # type: ignore[attr-defined]
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.88)

        when = relative_time(hit.sent_at, datetime.now(UTC))
        painter.setFont(small)
        painter.setPen(theme.color("muted_text"))
        top = QRectF(left, rect.top() + 12, right - left, 22)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        title_font = QFont(base)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(theme.color("text"))
        title_width = top.width() - QFontMetrics(small).horizontalAdvance(when) - 10
        painter.drawText(
            QRectF(left, top.top(), title_width, 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
            QFontMetrics(title_font).elidedText(
                one_line(conversation.title), Qt.TextElideMode.ElideRight, int(title_width)
            ),
        )

        if hit.message_id is None:
            lead = "Note: " if hit.highlights else ""
        else:
            lead = f"{one_line(hit.sender_name)}: " if hit.sender_name else ""
        self._draw_snippet(
            painter, QRectF(left, top.bottom() + 2, right - left, 22), base, lead, hit
        )
        painter.restore()

    @staticmethod
    def _draw_snippet(
        painter: QPainter, box: QRectF, font: QFont, lead: str, hit: SearchHit
    ) -> None:
        theme = current_theme()
        text = lead + hit.snippet
        # Highlights are drawn bold, so leave room for them when cutting the line.
        bold = QFont(font)
        bold.setWeight(QFont.Weight.Bold)
        regular_metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
        wider = sum(
            bold_metrics.horizontalAdvance(hit.snippet[a:b])
            - regular_metrics.horizontalAdvance(hit.snippet[a:b])
            for a, b in hit.highlights
        )
        shown = regular_metrics.elidedText(
            text, Qt.TextElideMode.ElideRight, int(box.width() - wider)
        )
        # Where the elision starts ("…" replaces the rest): hits past it are not shown.
        visible = len(shown) - (1 if shown != text else 0)
        lead_format = QTextCharFormat()
        lead_format.setForeground(theme.color("text"))
        formats = [_range(0, len(lead), lead_format)]
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setForeground(theme.color("text"))
        marked.setBackground(theme.color("highlight"))
        for start, end in hit.highlights:
            start, end = start + len(lead), min(end + len(lead), visible)
            if start < end:
                formats.append(_range(start, end - start, marked))
        layout = QTextLayout(shown, font)
        layout.setFormats(formats)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(box.width())
        layout.endLayout()
        painter.setPen(theme.color("muted_text"))
        top = box.top() + (box.height() - line.height()) / 2
        layout.draw(painter, QPointF(box.left(), top))


def _range(start: int, length: int, text_format: QTextCharFormat) -> QTextLayout.FormatRange:
    format_range = QTextLayout.FormatRange()
    format_range.start, format_range.length, format_range.format = start, length, text_format
    return format_range
