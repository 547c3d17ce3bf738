"""Paints one conversation row: avatar, platform badge, name, time and marks
(row_painting.py), then the snippet and the unread count."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.domain import ConversationSummary, View
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.snooze_times import when_words
from dmdesk.services.waiting_time import WaitLevel, WaitThresholds, wait_level, waited_words
from dmdesk.ui.inbox.list_model import listed_at
from dmdesk.ui.inbox.row_painting import ROW_HEIGHT, paint_person_marks, paint_row_start
from dmdesk.ui.kit.formatting import one_line, relative_time
from dmdesk.ui.kit.painting import draw_pill
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme


class ConversationDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = WaitThresholds()
        """When a wait turns amber and red (Preferences → Customers waiting)."""
        self.hours: BusinessHours | None = None
        """With business hours set to count: only the hours the shop is open."""
        self.view = View.INBOX
        """Snoozed and Follow-ups show when each is due instead of its activity."""

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
        conversation: ConversationSummary | None = index.data(Roles.CONVERSATION)
        if conversation is None:
            return
        theme = current_theme()
        unread = conversation.unread_count > 0
        now = datetime.now(UTC)
        marks = ("📌 " if conversation.flags.pinned else "") + (
            "🔕 " if conversation.flags.muted else ""
        )
        color = theme.color("accent" if unread else "muted_text")
        due = listed_at(conversation, self.view) if self.view is not View.WAITING else None
        if due is not None:  # when it comes back, or is due
            marks += {View.FOLLOW_UPS: "📅 ", View.SCHEDULED: "🕘 "}.get(self.view, "💤 ")
            when = when_words(due, now)
            if due <= now:  # a follow-up date gone by
                color = theme.color("danger")
        elif conversation.waiting_since is None:
            when = relative_time(conversation.last_activity_at, now)
        else:  # the customer wrote last: how long they have waited, and how late it is
            when = waited_words(conversation.waiting_since, now, self.hours)
            level = wait_level(conversation.waiting_since, now, self.thresholds, self.hours)
            if level is not WaitLevel.FINE:
                color = theme.color("danger" if level is WaitLevel.RED else "warning")
        line = paint_row_start(
            painter,
            option,
            conversation,
            marks + when,
            color,
            QFont.Weight.Bold if unread else QFont.Weight.DemiBold,
        )
        second, base, small = line.box, line.font, line.small

        # Snippet on the second line, with the unread count at the right.
        pill_width = 0.0
        if unread:
            count = str(min(conversation.unread_count, 99)) + (
                "+" if conversation.unread_count > 99 else ""
            )
            painter.setFont(small)
            pill_width = max(22.0, QFontMetrics(small).horizontalAdvance(count) + 12.0)
            pill = QRectF(second.right() - pill_width, second.top() + 2, pill_width, 18)
            if conversation.flags.muted:
                badge, count_color = theme.color("muted_text"), theme.color("muted_badge_text")
            else:
                badge, count_color = theme.color("unread_badge"), theme.color("accent_text")
            draw_pill(painter, pill, count, badge, count_color)
        tiny = QFont(small)
        tiny.setPointSizeF(small.pointSizeF() * 0.92)
        marks_line = QRectF(second.left(), second.top(), second.width() - pill_width - 6, 22)
        marks_width = paint_person_marks(painter, marks_line, conversation, tiny)
        snippet = ("You: " if conversation.snippet_outgoing else "") + one_line(
            conversation.snippet
        )
        painter.setFont(base)
        painter.setPen(theme.color("text" if unread else "muted_text"))
        snippet_rect = QRectF(
            second.left(), second.top(), second.width() - pill_width - marks_width - 8, 22
        )
        elided = QFontMetrics(base).elidedText(
            snippet, Qt.TextElideMode.ElideRight, int(snippet_rect.width())
        )
        painter.drawText(
            snippet_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
            elided,
        )
        painter.restore()
