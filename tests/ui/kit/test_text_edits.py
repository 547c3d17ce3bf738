"""Ctrl+Enter submits a reply or a note: on Return or the keypad's Enter, and
only Ctrl+Enter (Ctrl+Shift+Enter is another key, kept for sending later)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.ui.kit.text_edits import SubmittingTextEdit

CTRL = Qt.KeyboardModifier.ControlModifier


def test_only_ctrl_enter_submits_on_either_enter_key(qtbot) -> None:
    edit = SubmittingTextEdit()
    qtbot.addWidget(edit)
    sent: list[bool] = []
    edit.submitted.connect(lambda: sent.append(True))
    QTest.keyClick(edit, Qt.Key.Key_Return, CTRL)
    QTest.keyClick(edit, Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)
    assert len(sent) == 2
    QTest.keyClick(edit, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(edit, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(edit, Qt.Key.Key_Return)  # a new line
    assert len(sent) == 2
