"""Paints a quick reply as two lines: its name and keyword, then the filled text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.domain import QuickReply
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.painting import begin_row
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme

ROW_HEIGHT = 50
PAD = 10.0


class QuickReplyDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(320, ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        reply: QuickReply | None = index.data(Roles.QUICK_REPLY)
        if reply is None:
            return
        theme = current_theme()
        rect = begin_row(painter, option)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        inner = rect.adjusted(PAD, 6, -PAD, -6)
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2)
        bottom = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() / 2)
        keyword = f"/{reply.keyword}" if reply.keyword else ""
        if reply.files:  # what goes with the words: a paperclip and how many files
            keyword = f"📎 {len(reply.files)}   {keyword}".strip()
        keyword_width = QFontMetrics(small).horizontalAdvance(keyword) + 8 if keyword else 0
        painter.setFont(bold)
        painter.setPen(theme.color("text"))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            top.adjusted(0, 0, -keyword_width, 0),
            align,
            QFontMetrics(bold).elidedText(
                one_line(reply.name, 120),
                Qt.TextElideMode.ElideRight,
                int(top.width()) - keyword_width,
            ),
        )
        if keyword:
            painter.setFont(small)
            painter.setPen(theme.color("accent"))
            painter.drawText(
                top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, keyword
            )
        painter.setFont(small)
        painter.setPen(theme.color("muted_text"))
        preview = index.data(Roles.QUICK_REPLY_PREVIEW) or ""
        painter.drawText(
            bottom,
            align,
            QFontMetrics(small).elidedText(
                preview, Qt.TextElideMode.ElideRight, int(bottom.width())
            ),
        )
        painter.restore()
