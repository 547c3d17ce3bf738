"""Go → Reports (``g r``): how fast the shop answers and how that moves against
the period before, messages per day, when customers write, and who waited
longest (Enter or a double click opens them). Built on a worker from the store;
the window only shows what comes back, and a newer question wins over an older
answer still on its way."""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Platform
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.reports import (
    PERIOD_CHOICES,
    Period,
    Report,
    ResponseStats,
    StageCount,
    build_report,
    duration_words,
    waits_csv,
)
from dmdesk.ui.kit.date_picker import DatePicker
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.reports.charts import DailyChart, Heatmap
from dmdesk.ui.reports.model import CONVERSATION_ROLE, LongestWaitsModel

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services

CUSTOM = "custom"


def stages_words(stages: Sequence[StageCount]) -> str:
    """ "New 14 (+3 in this period)  ·  Ordered 9 (+2)  ·  Paid 1"."""
    parts = []
    for number, count in enumerate(stages):
        reached = ""
        if count.reached:
            reached = (
                f" (+{count.reached} in this period)" if number == 0 else f" (+{count.reached})"
            )
        parts.append(f"{one_line(count.stage, 40)} {count.people:,}{reached}")
    return "   ·   ".join(parts)


class TableView(QTableView):
    """Enter opens the chosen row, as a double click does."""

    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class Figure(QFrame):
    """One figure: what it is, its value, and how it moved against the period before."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("ReportFigure")
        self.caption = PlainLabel(caption, self)
        self.caption.setObjectName("SectionTitle")
        self.value = PlainLabel("–", self)
        self.value.setObjectName("ReportValue")
        self.trend = PlainLabel("", self)
        self.trend.setObjectName("Hint")
        self.trend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.trend)

    def show_value(self, value: str, trend: str, better: bool | None) -> None:
        self.value.setText(value)
        self.trend.setText(trend)
        self.trend.setProperty("trend", "" if better is None else ("better" if better else "worse"))
        self.trend.style().unpolish(self.trend)
        self.trend.style().polish(self.trend)


class ReportsWindow(QWidget):
    open_conversation = Signal(int)

    def __init__(
        self,
        tasks: TaskRunner,
        hours: Callable[[], BusinessHours | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Reports — DMDesk")
        self.resize(1120, 820)
        self._tasks = tasks
        self._hours = hours
        self._asked = 0
        self._custom = Period.last_days(30, datetime.now(UTC))
        self.report: Report | None = None

        self.range = QComboBox(self)
        for days in PERIOD_CHOICES:
            self.range.addItem(f"Last {days} days", days)
        self.range.addItem("Custom dates…", CUSTOM)
        self.range.setCurrentIndex(1)
        self.platform = QComboBox(self)
        self.platform.addItem("All platforms", None)
        for platform in Platform:
            self.platform.addItem(platform.label, platform.value)
        self.open_only = QCheckBox("Count only the hours you are open", self)
        self.export = QPushButton("Export CSV…", self)
        self.range.activated.connect(self._range_chosen)
        self.platform.currentIndexChanged.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        self.export.clicked.connect(self.export_csv)

        self.median = Figure("FIRST RESPONSE, MEDIAN", self)
        self.p90 = Figure("90% ANSWERED WITHIN", self)
        self.within_hour = Figure("ANSWERED WITHIN 1 HOUR", self)
        self.within_day = Figure("ANSWERED WITHIN 24 HOURS", self)
        self.days = DailyChart(self)
        self.heatmap = Heatmap(self)
        self.model = LongestWaitsModel()
        self.table = TableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open)
        self.table.activated_row.connect(self._open)
        self.summary = PlainLabel(self)
        self.summary.setObjectName("Hint")
        self.stages_title = self._title("WHERE PEOPLE STAND")
        self.stages = PlainLabel(self)
        self.stages.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(self.range)
        controls.addWidget(self.platform)
        controls.addWidget(self.open_only)
        controls.addStretch(1)
        controls.addWidget(self.export)
        figures = QHBoxLayout()
        for figure in (self.median, self.p90, self.within_hour, self.within_day):
            figures.addWidget(figure, 1)
        charts = QGridLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self._title("MESSAGES PER DAY"))
        title_row.addStretch(1)
        title_row.addWidget(self.days.legend(self))
        charts.addLayout(title_row, 0, 0)
        charts.addWidget(self._title("WHEN CUSTOMERS WRITE"), 0, 1)
        charts.addWidget(self.days, 1, 0)
        charts.addWidget(self.heatmap, 1, 1)
        charts.setColumnStretch(0, 3)
        charts.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(controls)
        layout.addLayout(figures)
        layout.addWidget(self.stages_title)
        layout.addWidget(self.stages)
        layout.addLayout(charts)
        layout.addWidget(self._title("WAITED LONGEST (ENTER OPENS)"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._fit_hours()

    def _title(self, text: str) -> PlainLabel:
        title = PlainLabel(text, self)
        title.setObjectName("SectionTitle")
        return title

    # --- asking ---------------------------------------------------------------------------

    def period(self) -> Period:
        chosen = self.range.currentData()
        if chosen == CUSTOM:
            return self._custom
        return Period.last_days(int(chosen), datetime.now(UTC))

    def _fit_hours(self) -> None:
        hours = self._hours()
        self.open_only.setEnabled(hours is not None)
        self.open_only.setToolTip(
            "Waits count only while you are open (business hours)"
            if hours is not None
            else "Set business hours first (File → Preferences → Business hours…)"
        )

    def refresh(self) -> None:
        """Ask for the report as the controls say; the answer arrives on a worker."""
        self._fit_hours()
        self._asked += 1
        asked = self._asked
        period = self.period()
        value = self.platform.currentData()
        platform = Platform(value) if value else None
        hours = self._hours() if self.open_only.isChecked() else None
        now = min(datetime.now(UTC), period.end)
        started = clock.perf_counter()
        self.summary.setText("Counting…")

        def shown(report: Report) -> None:
            if asked == self._asked:
                self.show_report(report, clock.perf_counter() - started)

        self._tasks.network(
            lambda s: build_report(s.reports, period, platform, hours, now),
            shown,
            lambda error: self.summary.setText(f"The report could not be made: {error}"),
        )

    def _range_chosen(self) -> None:
        if self.range.currentData() == CUSTOM and not self._ask_dates():
            self.range.setCurrentIndex(1)
        self.refresh()

    def _ask_dates(self) -> bool:
        dialog = QDialog(self)
        dialog.setWindowTitle("Report dates")
        first, last = QDateEdit(dialog), QDateEdit(dialog)
        shown = self._custom.days()
        for edit, day in ((first, shown[0]), (last, shown[-1])):
            edit.setCalendarPopup(True)
            edit.setCalendarWidget(DatePicker(edit))
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setMaximumDate(QDate.currentDate())
        form = QFormLayout(dialog)
        form.addRow("From", first)
        form.addRow("To", last)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if not dialog.exec():
            return False
        start, end = _day(first.date()), _day(last.date())
        self._custom = Period.between(min(start, end), max(start, end))
        self.range.setItemText(self.range.count() - 1, _dates_words(self._custom))
        return True

    # --- showing ---------------------------------------------------------------------------

    def show_report(self, report: Report, took_s: float = 0.0) -> None:
        self.report = report
        now, previous = report.current, report.previous
        length = len(report.period.days())
        before = "the day before" if length == 1 else f"the {length} days before"
        self.median.show_value(*_time_figure(now.median, previous.median, before))
        self.p90.show_value(*_time_figure(now.p90, previous.p90, before))
        self.within_hour.show_value(*_share_figure(now.within_hour, previous.within_hour, before))
        self.within_day.show_value(*_share_figure(now.within_day, previous.within_day, before))
        self.days.set_days(report.days)
        self.heatmap.set_counts(report.heatmap)
        self.model.set_rows(report.longest)
        self.stages.setText(stages_words(report.stages))
        self.stages_title.setVisible(bool(report.stages))
        self.stages.setVisible(bool(report.stages))
        clock_words = "hours open" if report.business_hours else "the clock's hours"
        self.summary.setText(
            f"{_waits_words(now)} · times in {clock_words} · automatic messages left out · "
            f"made in {took_s * 1000:.0f} ms"
        )

    def _open(self, index: QModelIndex) -> None:
        conversation_id = index.data(CONVERSATION_ROLE)
        if isinstance(conversation_id, int):
            self.open_conversation.emit(conversation_id)

    # --- export ----------------------------------------------------------------------------

    def export_csv(self) -> None:
        period = self.period()
        name = f"dmdesk-waits-{period.days()[0]:%Y-%m-%d}-to-{period.days()[-1]:%Y-%m-%d}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export waits", str(Path.home() / name), "CSV files (*.csv)"
        )
        if path:
            self.write_csv(Path(path))

    def write_csv(self, path: Path) -> None:
        """Every wait of the period, longest first, written on a worker."""
        period = self.period()
        value = self.platform.currentData()
        platform = Platform(value) if value else None
        hours = self._hours() if self.open_only.isChecked() else None
        now = min(datetime.now(UTC), period.end)

        def write(services: Services) -> int:
            text = waits_csv(services.reports, period, platform, hours, now)
            path.write_text(text, encoding="utf-8-sig")  # Excel reads the accents right
            return text.count("\n") - 1

        self._tasks.network(
            write,
            lambda rows: self.summary.setText(f"Exported {rows:,} waits to {path}"),
            lambda error: self.summary.setText(f"Could not export: {error}"),
        )


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _dates_words(period: Period) -> str:
    days = period.days()
    return f"{days[0]:%d %b} – {days[-1]:%d %b %Y}"


def _waits_words(stats: ResponseStats) -> str:
    if not stats.waits:
        return "No customer waited in this period"
    waits = "wait" if stats.waits == 1 else "waits"
    return f"{stats.waits:,} customer {waits}, {stats.answered:,} answered"


def _time_figure(
    now: timedelta | None, before: timedelta | None, period_words: str
) -> tuple[str, str, bool | None]:
    if now is None:
        return "–", "No answers in this period", None
    if before is None:
        return duration_words(now), f"Nothing to compare with in {period_words}", None
    change = now - before
    if abs(change) < timedelta(minutes=1):
        return duration_words(now), f"The same as {period_words}", None
    faster = change < timedelta(0)
    words = duration_words(abs(change))
    arrow = "▼" if faster else "▲"
    return (
        duration_words(now),
        f"{arrow} {words} {'faster' if faster else 'slower'} than {period_words}",
        faster,
    )


def _share_figure(
    now: float | None, before: float | None, period_words: str
) -> tuple[str, str, bool | None]:
    if now is None:
        return "–", "No waits to tell yet", None
    value = f"{now * 100:.0f}%"
    if before is None:
        return value, f"Nothing to compare with in {period_words}", None
    points = round((now - before) * 100)
    if points == 0:
        return value, f"The same as {period_words}", None
    arrow = "▲" if points > 0 else "▼"
    unit = "point" if abs(points) == 1 else "points"
    return value, f"{arrow} {abs(points)} {unit} against {period_words}", points > 0
