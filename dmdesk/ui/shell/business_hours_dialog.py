"""File → Preferences → Business hours…: when the shop is open, one row a day with
up to two spans (a lunch break), the days it is closed (holidays), and whether a
customer's wait counts only the hours it is open."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dmdesk.services.business_hours import DAYS, BusinessHours, Span
from dmdesk.ui.kit.date_picker import DatePicker
from dmdesk.ui.kit.plain_text import PlainLabel

BUSINESS_HOURS_KEY = "business/hours"
BUSINESS_ONLY_KEY = "waiting/business_hours_only"
SHOP_DAY = (Span(time(9), time(17, 30)),)
"""What a day the schedule did not have yet opens with."""
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
"""A closed day's row: the day, as ISO text."""


def load_business_hours(settings: QSettings) -> BusinessHours:
    return BusinessHours.from_json(str(settings.value(BUSINESS_HOURS_KEY, "")))


def counting_hours(settings: QSettings) -> BusinessHours | None:
    """The schedule waits are counted in, where Preferences ask for it."""
    if not settings.value(BUSINESS_ONLY_KEY, False, type=bool):
        return None
    hours = load_business_hours(settings)
    return hours if hours.is_set else None


class _DayRow:
    """One day: open or not, and its one or two spans."""

    def __init__(self, name: str, spans: tuple[Span, ...], parent: QWidget) -> None:
        self.open = QCheckBox(name, parent)
        self.open.setChecked(bool(spans))
        shown = spans or SHOP_DAY
        self.edits = [QTimeEdit(parent) for _ in range(4)]
        for edit in self.edits:
            edit.setDisplayFormat("HH:mm")
        first = shown[0]
        second = shown[1] if len(shown) > 1 else Span(time(13), time(17, 30))
        for edit, at in zip(
            self.edits, (first.start, first.end, second.start, second.end), strict=True
        ):
            edit.setTime(QTime(at.hour, at.minute))
        self.split = QCheckBox("and", parent)
        self.split.setToolTip("A second span the same day (after a lunch break)")
        self.split.setChecked(len(spans) > 1)
        self.open.toggled.connect(self._fit)
        self.split.toggled.connect(self._fit)
        self.split.toggled.connect(self._make_room)
        for edit in self.edits:  # a time typed means the day is open
            edit.timeChanged.connect(lambda _t: self.open.setChecked(True))
        self._fit()

    def _fit(self) -> None:
        for edit in self.edits[:2]:
            edit.setEnabled(self.open.isChecked())
        self.split.setEnabled(self.open.isChecked())
        for edit in self.edits[2:]:
            edit.setEnabled(self.open.isChecked() and self.split.isChecked())

    def _make_room(self, split: bool) -> None:
        """A second span after a break: the first ends before it starts."""
        first_end, second_start = self.edits[1], self.edits[2]
        if split and first_end.time() > second_start.time():
            first_end.setTime(second_start.time().addSecs(-30 * 60))

    def spans(self) -> tuple[Span, ...]:
        if not self.open.isChecked():
            return ()
        times = [_time(edit) for edit in self.edits]
        spans = [Span(times[0], times[1])]
        if self.split.isChecked():
            spans.append(Span(times[2], times[3]))
        return tuple(sorted((s for s in spans if s.start < s.end), key=lambda s: s.start))


class BusinessHoursDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Business hours")
        self._settings = settings
        hours = load_business_hours(settings)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.days: list[_DayRow] = []
        for number, name in enumerate(DAYS):
            row = _DayRow(name, hours.week[number], self)
            self.days.append(row)
            grid.addWidget(row.open, number, 0)
            grid.addWidget(row.edits[0], number, 1)
            grid.addWidget(PlainLabel("–", self), number, 2)
            grid.addWidget(row.edits[1], number, 3)
            grid.addWidget(row.split, number, 4)
            grid.addWidget(row.edits[2], number, 5)
            grid.addWidget(PlainLabel("–", self), number, 6)
            grid.addWidget(row.edits[3], number, 7)
        if not hours.is_set:  # a first look: Monday to Friday, as most shops
            for row in self.days[:5]:
                row.open.setChecked(True)

        self.closed = QListWidget(self)
        self.closed.setObjectName("ClosedDays")
        self.closed.setMaximumHeight(96)
        for day in sorted(hours.closed):
            self._add_closed(day)
        self.closed_day = QDateEdit(self)
        self.closed_day.setCalendarPopup(True)
        self.closed_day.setCalendarWidget(DatePicker(self.closed_day))
        self.closed_day.setDisplayFormat("ddd d MMM yyyy")
        self.closed_day.setDate(QDate.currentDate())
        add = QPushButton("Add closed day", self)
        add.clicked.connect(self._add_chosen_day)
        remove = QPushButton("Remove", self)
        remove.clicked.connect(self._remove_closed)
        closed_row = QHBoxLayout()
        closed_row.addWidget(self.closed_day, 1)
        closed_row.addWidget(add)
        closed_row.addWidget(remove)

        self.only_open = QCheckBox("Count a customer's wait only while the shop is open", self)
        self.only_open.setChecked(bool(settings.value(BUSINESS_ONLY_KEY, False, type=bool)))
        hint = PlainLabel(
            "A customer who wrote on Saturday night has then waited half an hour by "
            "Monday 09:30, not a day and a half. Times are this computer's.",
            self,
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        closed_title = PlainLabel("Closed days (holidays)", self)
        closed_title.setObjectName("SectionTitle")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(closed_title)
        layout.addWidget(self.closed)
        layout.addLayout(closed_row)
        layout.addSpacing(8)
        layout.addWidget(self.only_open)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def schedule(self) -> BusinessHours:
        closed = frozenset(
            date.fromisoformat(str(self.closed.item(r).data(DAY_ROLE)))
            for r in range(self.closed.count())
        )
        return BusinessHours(tuple(row.spans() for row in self.days), closed)

    def accept(self) -> None:
        self._settings.setValue(BUSINESS_HOURS_KEY, self.schedule().to_json())
        self._settings.setValue(BUSINESS_ONLY_KEY, self.only_open.isChecked())
        self._settings.sync()
        super().accept()

    def _add_chosen_day(self) -> None:
        chosen = self.closed_day.date()
        self._add_closed(date(chosen.year(), chosen.month(), chosen.day()))

    def _add_closed(self, day: date) -> None:
        known = {self.closed.item(r).data(DAY_ROLE) for r in range(self.closed.count())}
        if day.isoformat() in known:
            return
        item = QListWidgetItem(f"{day:%A %d %B %Y}")
        item.setData(DAY_ROLE, day.isoformat())
        later = [
            r
            for r in range(self.closed.count())
            if self.closed.item(r).data(DAY_ROLE) > day.isoformat()
        ]
        self.closed.insertItem(later[0] if later else self.closed.count(), item)  # in date order

    def _remove_closed(self) -> None:
        row = self.closed.currentRow()
        if row >= 0:
            self.closed.takeItem(row)


def _time(edit: QTimeEdit) -> time:
    at = edit.time()
    return time(at.hour(), at.minute())
