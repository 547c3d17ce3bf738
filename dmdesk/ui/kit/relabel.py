"""Renaming an action where it shows: its menu entries, its buttons, its tooltip
(with its keys), as a view or a quick reply changes what it does."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def relabel(action: QAction, text: str) -> None:
    """Change what an action says everywhere it shows: menus, buttons, tooltip."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setText(text)
    action.setToolTip(f"{text}  ({keys})" if keys else text)
