"""The People table's Tags and Stage cells drawn as the rows and the contact
pane draw them: tags as pills in their colours, the stage outlined."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dmdesk.domain import PersonRow
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.painting import draw_outlined_pill, draw_pill
from dmdesk.ui.kit.tag_colors import tag_colors
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.people.model import PERSON_ROLE

TAGS_COLUMN, STAGE_COLUMN = 2, 3


class MarksDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Whole rows are chosen here: no cell of them is drawn as the focused one
        # (the style's lighter focused cell left white text at 4.3:1).
        option.state &= ~QStyle.StateFlag.State_HasFocus
        person: PersonRow | None = index.data(PERSON_ROLE)
        if person is None or index.column() not in (TAGS_COLUMN, STAGE_COLUMN):
            super().paint(painter, option, index)
            return
        # The cell's background and selection as the style draws them, no text.
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        rect = QRectF(option.rect).adjusted(4, 0, -4, 0)
        height = min(20.0, rect.height() - 6)
        top = rect.center().y() - height / 2
        x = rect.left()
        theme = current_theme()
        if index.column() == STAGE_COLUMN:
            if person.stage:
                text = metrics.elidedText(
                    one_line(person.stage, 40), Qt.TextElideMode.ElideRight, int(rect.width() - 14)
                )
                pill = QRectF(x, top, metrics.horizontalAdvance(text) + 14, height)
                selected = bool(option.state & QStyle.StateFlag.State_Selected)
                ink = theme.color("accent_text" if selected else "accent")  # on the selection
                draw_outlined_pill(painter, pill, text, ink)
        else:
            for number, tag in enumerate(person.tags):
                text = one_line(tag, 24)
                width = metrics.horizontalAdvance(text) + 14
                left = len(person.tags) - number
                if x + width > rect.right():
                    more = f"+{left}"
                    more_width = metrics.horizontalAdvance(more) + 12
                    if x + more_width <= rect.right():
                        draw_pill(
                            painter,
                            QRectF(x, top, more_width, height),
                            more,
                            theme.color("hover"),
                            theme.color("muted_text"),
                        )
                    break
                pill = QRectF(x, top, width, height)
                if option.state & QStyle.StateFlag.State_Selected:
                    # On the selection, outlined in its text colour, as the stage is.
                    draw_outlined_pill(painter, pill, text, theme.color("accent_text"))
                else:
                    fill, ink = tag_colors(tag)
                    draw_pill(painter, pill, text, fill, ink)
                x += width + 4
        painter.restore()
