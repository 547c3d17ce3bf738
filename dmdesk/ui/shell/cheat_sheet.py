"""'?': every shortcut, grouped as in the menus, generated from the action table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.shell.actions import ACTIONS, MENU_ORDER, shortcut_text

STAGE_ROW = "Move the person shown to a stage"


class CheatSheetDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 600)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(24)
        row = 0
        for menu in MENU_ORDER:
            rows: dict[str, list[str]] = {}
            for spec in ACTIONS:
                if spec.menu != menu or not spec.shortcuts:
                    continue
                if spec.name.startswith("stage_"):  # ten keys of one idea: one row
                    rows[STAGE_ROW] = ["S then 1–9  (S then 0: none)"]
                    continue
                rows.setdefault(spec.text, []).append(shortcut_text(spec))
            if not rows:
                continue
            title = PlainLabel(menu.upper())
            title.setObjectName("SectionTitle")
            grid.addWidget(title, row, 0, 1, 2)
            row += 1
            for text, keys in rows.items():
                name = PlainLabel(text)
                key_label = PlainLabel("  or  ".join(keys))
                key_label.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(name, row, 0)
                grid.addWidget(key_label, row, 1)
                row += 1
        hint = PlainLabel("Single-letter keys work whenever you are not typing in a text box.")
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        grid.addWidget(hint, row, 0, 1, 2)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
