"""Paints one search result: who, where, when, and the snippet with its hits
highlighted. The snippet is plain text drawn with format ranges (a QTextLayout),
never parsed as markup."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.domain import SearchHit
from dmdesk.ui.inbox.row_painting import ROW_HEIGHT, paint_row_start
from dmdesk.ui.kit.formatting import one_line, relative_time
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
        line = paint_row_start(
            painter,
            option,
            hit.conversation,
            relative_time(hit.sent_at, datetime.now(UTC)),
            theme.color("muted_text"),
            QFont.Weight.DemiBold,
        )
        if hit.message_id is None:
            lead = "Note: " if hit.highlights else ""
        else:
            lead = f"{one_line(hit.sender_name)}: " if hit.sender_name else ""
        self._draw_snippet(painter, line.box, line.font, lead, hit)
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
