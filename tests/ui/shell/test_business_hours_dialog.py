"""Business hours, set once in Preferences: days with one or two spans, closed
days, and waits counted only while the shop is open."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QSettings, QTime
from PySide6.QtWidgets import QPushButton

from dmdesk.services.business_hours import BusinessHours, Span
from dmdesk.ui.shell.business_hours_dialog import (
    BUSINESS_HOURS_KEY,
    BusinessHoursDialog,
    counting_hours,
    load_business_hours,
)


def settings_in(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_a_first_look_offers_monday_to_friday_and_saves_what_is_set(qtbot, tmp_path) -> None:
    settings = settings_in(tmp_path)
    dialog = BusinessHoursDialog(settings)
    qtbot.addWidget(dialog)
    assert [row.open.isChecked() for row in dialog.days] == [True] * 5 + [False] * 2
    saturday = dialog.days[5]
    saturday.edits[0].setTime(QTime(10, 0))  # typing a time opens the day
    assert saturday.open.isChecked()
    saturday.edits[1].setTime(QTime(12, 30))
    saturday.split.setChecked(True)
    saturday.edits[2].setTime(QTime(13, 30))
    saturday.edits[3].setTime(QTime(16, 0))
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add closed day")
    dialog.closed_day.setDate(QDate(2026, 12, 25))
    add.click()
    dialog.closed_day.setDate(QDate(2026, 12, 24))
    add.click()
    add.click()  # once is enough
    assert [dialog.closed.item(r).text() for r in range(dialog.closed.count())] == [
        "Thursday 24 December 2026",
        "Friday 25 December 2026",
    ]
    dialog.only_open.setChecked(True)
    dialog.accept()
    kept = load_business_hours(settings)
    assert kept.week[0] == (Span(time(9), time(17, 30)),)
    assert kept.week[5] == (Span(time(10), time(12, 30)), Span(time(13, 30), time(16)))
    assert kept.week[6] == ()
    assert kept.closed == {date(2026, 12, 24), date(2026, 12, 25)}
    assert counting_hours(settings) == kept


def test_without_the_switch_waits_count_the_clock(qtbot, tmp_path) -> None:
    settings = settings_in(tmp_path)
    settings.setValue(
        BUSINESS_HOURS_KEY, BusinessHours(((Span(time(9), time(17)),),) * 7).to_json()
    )
    assert counting_hours(settings) is None
    dialog = BusinessHoursDialog(settings)
    qtbot.addWidget(dialog)
    assert [row.open.isChecked() for row in dialog.days] == [True] * 7  # as it was kept
    assert not dialog.only_open.isChecked()
