"""People → Stages…: the owner's own stages, in order (S then 1 to 9 sets them),
renamed in place (people at a stage move with its new name), added, taken out,
moved, or started again from a ready set."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import (
    COLLABORATION_STAGES,
    CUSTOMER_STAGES,
    MAX_STAGES,
    READY_STAGE_SETS,
    stage_key,
)
from dmdesk.ui.kit.plain_text import PlainLabel

_ORIGINAL = Qt.ItemDataRole.UserRole
"""The name a stage had when the dialog opened ("" for one added here)."""


class StagesDialog(QDialog):
    def __init__(self, stages: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stages")
        self.resize(420, 440)
        intro = PlainLabel(
            "Where each person stands. S then a number moves the person shown to that "
            "stage (S then 0 takes them out of it). Double-click a stage to rename it.",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.list = QListWidget(self)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        for name in stages:
            self._append(name, name)
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QPushButton("Up", self)
        self.down_button = QPushButton("Down", self)
        self.ready = QToolButton(self)
        self.ready.setText("Ready sets")
        self.ready.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.ready)
        for label, names in (
            *READY_STAGE_SETS.items(),
            ("Both", (*CUSTOMER_STAGES, *COLLABORATION_STAGES)),
        ):
            action = menu.addAction(f"{label}: {', '.join(names)}")
            action.triggered.connect(lambda _=False, n=names: self._use(n))
        self.ready.setMenu(menu)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.list.currentRowChanged.connect(self._fit_buttons)
        self.list.model().rowsInserted.connect(self._fit_buttons)
        self.list.model().rowsRemoved.connect(self._fit_buttons)
        side = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.ready)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self._fit_buttons()

    def stages(self) -> list[str]:
        return [name for name, _ in self._rows() if name]

    def renamed(self) -> dict[str, str]:
        """Old name to new, for the stages renamed here."""
        return {old: new for new, old in self._rows() if old and new and old != new}

    def _rows(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            found.append((" ".join(item.text().split()), str(item.data(_ORIGINAL) or "")))
        return found

    def _append(self, name: str, original: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(_ORIGINAL, original)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    def _add(self) -> None:
        taken = {stage_key(n) for n in self.stages()}
        number = 1
        while stage_key(f"New stage {number}") in taken:
            number += 1
        item = self._append(f"New stage {number}", "")
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _use(self, names: tuple[str, ...]) -> None:
        """A ready set in place of the list; a stage of the same name keeps its people."""
        before = {stage_key(name): original for name, original in self._rows() if original}
        self.list.clear()
        for name in names:
            self._append(name, before.get(stage_key(name), ""))
        self.list.setCurrentRow(0)

    def _fit_buttons(self, *_: object) -> None:
        row = self.list.currentRow()
        self.add_button.setEnabled(self.list.count() < MAX_STAGES)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
