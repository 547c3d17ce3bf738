"""Replies → Away message…: whether DMDesk answers while the shop is closed, the
words (one text for every platform, or one of a platform's own), how long before
the same customer may get it again, and a preview of how a customer reads it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QSettings, QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Platform, Profile
from dmdesk.services.away_message import ALLOWED, EVERY_PLATFORM, AwayMessage, away_text
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.quick_reply_fill import VARIABLES
from dmdesk.ui.away.settings import AWAY_MESSAGE_KEY, AWAY_ON_KEY, away_message, away_on
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.quick_replies.highlighting import TemplateHighlighter

PLATFORMS = tuple(p for p in Platform if p in ALLOWED)
SAMPLE_NAME = "Chloé Martin"
"""Whom the preview is written to."""
INSERTABLE = ("first_name|there", "name", "business", "my_name", "next_open", "platform")
RULES = (
    "Sent once to a customer who writes while you are closed, then not again to them "
    "for the hours below. Never to groups, to people marked do not message, or to "
    "another bot; on Instagram and Messenger only within Meta's 24 hours. WhatsApp, "
    "Signal and LinkedIn (through bridges) never get it: their rules forbid automated "
    "messages from your own account."
)


class AwayMessageDialog(QDialog):
    def __init__(
        self,
        settings: QSettings,
        hours: BusinessHours,
        profile: Profile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Away message")
        self.setMinimumWidth(560)
        self._settings = settings
        self._hours = hours
        self._profile = profile
        stored = away_message(settings)
        self._texts = dict(stored.texts)
        self._shown_key = EVERY_PLATFORM

        self.on = QCheckBox("Answer automatically while the shop is closed", self)
        self.on.setChecked(away_on(settings))
        self.hours_line = PlainLabel(self)
        self.hours_line.setWordWrap(True)
        self.hours_line.setObjectName("Hint")
        if hours.is_set:
            self.hours_line.setText(f"Open: {hours.week_words()}. Outside these hours it goes.")
        else:
            self.hours_line.setText(
                "Set your business hours first (File → Preferences → Business hours…): "
                "the away message goes only while you are closed."
            )
            self.hours_line.setObjectName("Warning")

        self.platform = QComboBox(self)
        self.platform.addItem("Every platform", EVERY_PLATFORM)
        for platform in PLATFORMS:
            self.platform.addItem(platform.label, platform.value)
        self.platform.currentIndexChanged.connect(self._show_platform)

        self.body = QPlainTextEdit(self)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(96)
        self._highlighter = TemplateHighlighter(self.body.document())
        self.body.textChanged.connect(self._text_changed)
        self.variables = QPushButton("Insert a variable", self)
        menu = QMenu(self.variables)
        for name in INSERTABLE:
            meaning = VARIABLES[name.partition("|")[0]]
            action = menu.addAction(f"{{{name}}}    {meaning}")
            action.triggered.connect(lambda _=False, n=name: self._insert(n))
        self.variables.setMenu(menu)

        self.preview = PlainLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setObjectName("AwayPreview")

        self.every = QSpinBox(self)
        self.every.setRange(1, 72)
        self.every.setSuffix(" hours")
        self.every.setValue(round(stored.every / timedelta(hours=1)))
        self.every.setMaximumWidth(self.every.sizeHint().width() + 24)

        rules = PlainLabel(RULES, self)
        rules.setWordWrap(True)
        rules.setObjectName("Hint")

        form = QFormLayout()
        form.addRow("Message for", self.platform)
        form.addRow("", self.body)
        tools = QHBoxLayout()
        tools.addWidget(self.variables)
        tools.addStretch(1)
        form.addRow("", tools)
        form.addRow("Preview", self.preview)
        every = QHBoxLayout()
        every.addWidget(self.every)
        every.addWidget(PlainLabel("to the same customer", self))
        every.addStretch(1)
        form.addRow("Not again for", every)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.on)
        layout.addWidget(self.hours_line)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(buttons)
        self._show_platform()

    # --- one text per platform ------------------------------------------------------------

    def _show_platform(self) -> None:
        key = str(self.platform.currentData())
        self._shown_key = key
        with QSignalBlocker(self.body):
            self.body.setPlainText(self._texts.get(key, ""))
        self.body.setPlaceholderText(
            "What a customer reads while you are closed"
            if key == EVERY_PLATFORM
            else "Empty: this platform gets the message for every platform"
        )
        self._show_preview()

    def _text_changed(self) -> None:
        self._texts[self._shown_key] = self.body.toPlainText()
        self._show_preview()

    def _insert(self, name: str) -> None:
        self.body.insertPlainText("{" + name + "}")
        self.body.setFocus()

    def _show_preview(self) -> None:
        key = self._shown_key
        platform = Platform(key) if key else PLATFORMS[0]
        message = self.message()
        template = message.text_for(platform)
        if not template:
            self.preview.setText("Nothing: there is no text to send.")
            return
        now = datetime.now(UTC)
        opens = self._hours.next_open(now) if self._hours.is_set else None
        text = away_text(template, SAMPLE_NAME, "", platform, self._profile, opens, now)
        self.preview.setText(f"To {SAMPLE_NAME} on {platform.label}: “{text}”")

    # --- kept ----------------------------------------------------------------------------

    def message(self) -> AwayMessage:
        return AwayMessage(
            {key: text for key, text in self._texts.items() if text.strip()},
            timedelta(hours=self.every.value()),
        )

    def accept(self) -> None:
        self._settings.setValue(AWAY_MESSAGE_KEY, self.message().to_json())
        self._settings.setValue(AWAY_ON_KEY, self.on.isChecked())
        self._settings.sync()
        super().accept()
