"""The files a quick reply carries, in the library: a chip each (name, size, ✕)
and "Attach file…". The library copies them into the workspace; the reply box
attaches them with the words when the quick reply is used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from dmdesk.domain import Attachment
from dmdesk.services.file_safety import display_name
from dmdesk.ui.kit.formatting import ATTACHMENT_SYMBOLS, file_size, one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text
from dmdesk.ui.kit.theme import current_theme


class ReplyFiles(QWidget):
    attach_requested = Signal(object)  # list[Path]
    detach_requested = Signal(str)  # the file's local_path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self.attach_button = QPushButton("Attach file…", self)
        self.attach_button.setToolTip(
            as_rich_text("A price list, a size chart, a payment QR code: sent with the words")
        )
        self.attach_button.clicked.connect(self.choose)
        self._row.addWidget(self.attach_button)
        self._row.addStretch(1)
        self.chips: list[QFrame] = []

    def show_files(self, files: tuple[Attachment, ...]) -> None:
        for chip in self.chips:
            chip.hide()
            chip.deleteLater()
        self.chips = []
        for number, attachment in enumerate(files):
            chip = QFrame(self)
            chip.setObjectName("Chip")
            name = one_line(display_name(attachment.name), 32)
            words = f"{ATTACHMENT_SYMBOLS[attachment.kind]}  {name}   {file_size(attachment.size)}"
            label = PlainLabel(words, chip)
            remove = QToolButton(chip)
            remove.setIcon(icon("close", current_theme().muted_text))
            remove.setIconSize(QSize(14, 14))
            remove.setAutoRaise(True)
            remove.setToolTip(as_rich_text(f"Take {name} off this quick reply"))
            path = attachment.local_path
            remove.clicked.connect(lambda _=False, p=path: self.detach_requested.emit(p))
            layout = QHBoxLayout(chip)
            layout.setContentsMargins(8, 2, 2, 2)
            layout.addWidget(label)
            layout.addWidget(remove)
            self._row.insertWidget(number, chip)
            self.chips.append(chip)

    def choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Attach files to this quick reply")
        if names:
            self.attach_requested.emit([Path(n) for n in names])
