from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView

from dmdesk.ui.kit.date_picker import DatePicker
from dmdesk.ui.kit.theme import current_theme


def test_the_follow_up_calendar_shows_every_week_whole_and_weekends_readable(qtbot) -> None:
    calendar = DatePicker()
    qtbot.addWidget(calendar)
    calendar.resize(calendar.sizeHint())  # as the date field's popup sizes it
    calendar.show()
    grid = calendar.findChild(QTableView)
    qtbot.waitUntil(grid.isVisible)
    rows = grid.model().rowCount()
    # The stock hint left the grid 131 px for seven rows of 20: the last week was cut.
    assert grid.rowViewportPosition(rows - 1) + grid.rowHeight(rows - 1) <= grid.height()
    # Qt paints weekends pure red, 4:1 on white: here they are the text colour.
    saturday = calendar.weekdayTextFormat(Qt.DayOfWeek.Saturday).foreground().color()
    assert saturday != QColor(Qt.GlobalColor.red)
    image = calendar.grab().toImage()
    assert image.pixelColor(0, image.height() // 2) == current_theme().color("border")  # edged
