"""A time of the owner's own: typed as they would say it ("fri 10", "in 2 days",
"24/12 15:30") and read back in full so a misreading shows before it counts, or
picked on a calendar and a clock. The two stay in step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.snooze_times import FURTHEST, parse_typed_time, when_words
from dmdesk.ui.kit.date_picker import DatePicker
from dmdesk.ui.kit.plain_text import PlainLabel

READ_DELAY_MS = 200
"""Typing pauses this long before the text is read (dateparser takes a few ms, and
a tenth of a second the first time)."""


def to_qt(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def from_qt(moment: QDateTime) -> datetime:
    return datetime.fromtimestamp(moment.toSecsSinceEpoch(), UTC)


class WhenDialog(QDialog):
    def __init__(
        self,
        now: datetime,
        hours: BusinessHours | None,
        if_no_reply: bool | None,
        parent: QWidget | None = None,
        *,
        title: str = "Snooze until…",
        ok_text: str = "Snooze",
    ) -> None:
        """``if_no_reply``: the snooze's "only if they haven't replied" box, ticked or
        not; None leaves it out (a reply sent later)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._now = now
        self._hours = hours
        self.moment: datetime | None = None

        self.typed = QLineEdit(self)
        self.typed.setObjectName("TypedTime")
        self.typed.setPlaceholderText("fri 10, tomorrow 14:30, in 2 days, 24/12…")
        self.reading = PlainLabel("Type a day and a time, or pick them below.", self)
        self.reading.setObjectName("Hint")
        self.picker = QDateTimeEdit(self)
        self.picker.setCalendarPopup(True)
        self.picker.setCalendarWidget(DatePicker(self.picker))
        self.picker.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        self.picker.setMinimumDateTime(to_qt(now))
        self.picker.setMaximumDateTime(to_qt(now + FURTHEST))
        self.only_if_no_reply = QCheckBox("Only if they haven't replied by then", self)
        self.only_if_no_reply.setChecked(bool(if_no_reply))
        self.only_if_no_reply.setVisible(if_no_reply is not None)
        self.only_if_no_reply.setToolTip(
            "A message from them brings the conversation back either way; with this, "
            "it is listed in Follow-ups and the reminder says they have not replied."
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)

        form = QFormLayout()
        form.addRow("When", self.typed)
        form.addRow("", self.reading)
        form.addRow("Or pick", self.picker)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.only_if_no_reply)
        layout.addWidget(self.buttons)

        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_DELAY_MS)
        self._read_timer.timeout.connect(self.read_typed)
        self.typed.textEdited.connect(lambda _text: self._read_timer.start())
        self.typed.returnPressed.connect(self._on_return)
        self.picker.dateTimeChanged.connect(self._on_picked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picker.setDateTime(to_qt(now + timedelta(days=1)))
        self.typed.setFocus()

    @property
    def if_no_reply(self) -> bool:
        return self.only_if_no_reply.isChecked()

    def read_typed(self) -> None:
        """Read what is typed; the picker follows what it names."""
        self._read_timer.stop()
        text = self.typed.text()
        if not text.strip():
            self.reading.setText("Type a day and a time, or pick them below.")
            return
        moment = parse_typed_time(text, self._now, self._hours)
        if moment is None:
            self.reading.setText("That is not a time to come: try “fri 10” or “in 2 days”.")
            self._ok_enabled(False)
            return
        self.picker.blockSignals(True)
        self.picker.setDateTime(to_qt(moment))
        self.picker.blockSignals(False)
        self._chosen(moment)

    def _on_picked(self, picked: QDateTime) -> None:
        self._chosen(from_qt(picked))

    def _chosen(self, moment: datetime) -> None:
        self.moment = moment
        self.reading.setText(f"→ {when_words(moment, self._now)}")
        self._ok_enabled(moment > self._now)

    def _ok_enabled(self, enabled: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(enabled)

    def _on_return(self) -> None:
        self.read_typed()
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            self.accept()
