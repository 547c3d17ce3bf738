"""Quiet hours: when nothing pops up (the unread count still moves)."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QSettings, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.notifications.center import load_settings


class QuietHoursDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quiet hours")
        self._settings = settings
        quiet = load_settings(settings).quiet
        self.daily = QCheckBox("Every day, between", self)
        self.start = QTimeEdit(self)
        self.end = QTimeEdit(self)
        for edit, value, fallback in (
            (self.start, quiet.start, time(20)),
            (self.end, quiet.end, time(8)),
        ):
            edit.setDisplayFormat("HH:mm")
            chosen = value or fallback
            edit.setTime(QTime(chosen.hour, chosen.minute))
        self.daily.setChecked(quiet.start is not None and quiet.end is not None)
        self.weekends = QCheckBox("All weekend (Saturday and Sunday)", self)
        self.weekends.setChecked(quiet.weekends)
        hint = PlainLabel(
            "During quiet hours no notification pops up and no sound plays. Messages still "
            "arrive and the unread count still moves.",
            self,
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.daily)
        form.addRow("From", self.start)
        form.addRow("Until", self.end)
        form.addRow(self.weekends)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        # The times can always be typed into: a time typed means "every day".
        for edit in (self.start, self.end):
            edit.timeChanged.connect(self._on_time_changed)

    def _on_time_changed(self, _time: QTime) -> None:
        self.daily.setChecked(True)

    def accept(self) -> None:
        daily = self.daily.isChecked()
        self._settings.setValue(
            "notifications/quiet_start", self.start.time().toString("HH:mm") if daily else ""
        )
        self._settings.setValue(
            "notifications/quiet_end", self.end.time().toString("HH:mm") if daily else ""
        )
        self._settings.setValue("notifications/quiet_weekends", self.weekends.isChecked())
        self._settings.sync()
        super().accept()
