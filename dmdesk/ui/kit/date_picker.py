"""The calendar a date field opens, in the app's look: the stock one has a bright
navigation bar, arrows drawn by the style, weekends in pure red (4:1 on white,
below the 4.5:1 text needs) and no edge, so on a white pane it has no shape."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QTableView, QToolButton, QWidget

from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.theme import current_theme

EDGE = 1


class DatePicker(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme = current_theme()
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, QTextCharFormat())  # the text colour
        header = QTextCharFormat()
        header.setForeground(theme.color("muted_text"))
        header.setBackground(theme.color("pane"))
        header.setFontWeight(600)
        self.setHeaderTextFormat(header)
        for name, glyph in (
            ("qt_calendar_prevmonth", "chevron-left"),
            ("qt_calendar_nextmonth", "chevron-right"),
        ):
            button = self.findChild(QToolButton, name)
            if button is not None:
                button.setIcon(icon(glyph, theme.text))
        grid = self.findChild(QTableView)
        if grid is not None:  # days with room around them, as a finger-sized target
            grid.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(EDGE, EDGE, EDGE, EDGE)  # room for the edge

    def sizeHint(self) -> QSize:
        return self._tall_enough(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._tall_enough(super().minimumSizeHint())

    def _tall_enough(self, hint: QSize) -> QSize:
        """Qt's hint counts rows shorter than the day grid lets them be (its
        header's least section size): the last week was cut in half."""
        grid = self.findChild(QTableView)
        bar = self.findChild(QWidget, "qt_calendar_navigationbar")
        if grid is None or bar is None:
            return hint
        rows = grid.model().rowCount()
        needed = bar.sizeHint().height() + rows * grid.verticalHeader().minimumSectionSize()
        return QSize(hint.width(), max(hint.height(), needed + 2 * EDGE))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(current_theme().color("border"))
        painter.setBrush(current_theme().color("pane"))
        painter.drawRect(self.rect().adjusted(0, 0, -EDGE, -EDGE))
