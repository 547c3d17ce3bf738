"""The report from the real window: g r opens it over the demo's weeks, with its
figures, charts and longest waits; Enter on a wait opens that conversation; a
platform narrows it; the CSV holds every wait; the table's model is sound."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import Platform
from dmdesk.ui.reports.model import CONVERSATION_ROLE, LongestWaitsModel
from dmdesk.ui.reports.window import ReportsWindow


def opened(qtbot, window) -> ReportsWindow:
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gr")
    qtbot.waitUntil(lambda: window._reports is not None and window._reports.report is not None)
    reports = window._reports
    qtbot.addWidget(reports)
    return reports


def test_g_r_opens_the_report_with_its_figures_and_charts(qtbot, window) -> None:
    reports = opened(qtbot, window)
    assert reports.isVisible() and reports.windowTitle() == "Reports — DMDesk"
    report = reports.report
    assert report.current.waits > 10 and report.current.answered > 5
    assert reports.median.value.text() not in ("", "–")
    assert reports.within_day.value.text().endswith("%")
    assert "than the 30 days before" in reports.median.trend.text() or "same" in (
        reports.median.trend.text()
    )
    assert sum(d.incoming for d in report.days) > 0 and len(report.days) == 30
    assert sum(map(sum, report.heatmap)) == sum(d.incoming for d in report.days)
    assert reports.model.rowCount() == len(report.longest) > 0
    assert "made in" in reports.summary.text()
    tip = reports.days.tip_at(len(report.days) - 1)
    assert "from customers" in tip and "from you" in tip
    assert reports.heatmap.tip_at(10.5, 1.5).startswith("Tuesday 10:00–11:00: ")


def test_enter_on_a_long_wait_opens_its_conversation(qtbot, window) -> None:
    reports = opened(qtbot, window)
    first = reports.model.index(0, 0)
    wanted = first.data(CONVERSATION_ROLE)
    reports.table.setFocus()
    reports.table.setCurrentIndex(first)
    QTest.keyClick(reports.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.thread_pane.conversation is not None)
    assert window.thread_pane.conversation.id == wanted


def test_a_platform_and_a_range_narrow_it(qtbot, window) -> None:
    reports = opened(qtbot, window)
    everything = reports.report.current.waits
    reports.platform.setCurrentIndex(reports.platform.findData(Platform.INSTAGRAM.value))
    qtbot.waitUntil(lambda: reports.report.platform is Platform.INSTAGRAM)
    assert 0 < reports.report.current.waits < everything
    assert all(row.platform is Platform.INSTAGRAM for row in reports.report.longest)
    reports.range.setCurrentIndex(reports.range.findData(7))
    reports.refresh()
    qtbot.waitUntil(lambda: len(reports.report.days) == 7)


def test_the_csv_holds_every_wait_longest_first(qtbot, window, tmp_path) -> None:
    reports = opened(qtbot, window)
    target = tmp_path / "waits.csv"
    reports.write_csv(target)
    qtbot.waitUntil(lambda: "Exported" in reports.summary.text())
    with target.open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Conversation", "Platform", "Customer wrote", "Answered", "Waited (hours)"]
    assert len(rows) - 1 == reports.report.current.waits
    waited = [float(r[4]) for r in rows[1:]]
    assert waited == sorted(waited, reverse=True)


def test_the_longest_waits_model_passes_the_model_tester(qtbot, qtmodeltester, window) -> None:
    reports = opened(qtbot, window)
    model = LongestWaitsModel()
    model.set_rows(reports.report.longest)
    qtmodeltester.check(model)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Waited"


def test_the_report_says_where_people_stand_and_who_got_there_in_the_period(
    qtbot, window, reader
) -> None:
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "s3")  # the first person: Ordered
    qtbot.waitUntil(lambda: bool(window.list_pane.stage_buttons))
    reports = opened(qtbot, window)
    qtbot.waitUntil(lambda: reports.report is not None and bool(reports.report.stages))
    (ordered,) = reports.report.stages
    assert (ordered.stage, ordered.people, ordered.reached) == ("Ordered", 1, 1)
    assert reports.stages.text() == "Ordered 1 (+1 in this period)"
    assert reports.stages_title.isVisible()
