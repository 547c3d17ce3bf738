"""The dialog for a database SQLite cannot read: what happened, and the way back
(the newest copy DMDesk made), never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMessageBox

from dmdesk import APP_NAME
from dmdesk.ui.kit.plain_text import message_box


class Damaged(Protocol):
    """The store's DamagedDatabase, as this dialog sees it."""

    path: Path
    backup: Path | None
    """The newest copy, to offer back."""


def offer_restore(error: Damaged, restore: Callable[[Path, Path], object]) -> bool:
    """Ask to restore the newest copy (``restore(damaged, copy)`` puts it in place);
    True once it is in place (open it again)."""
    box = message_box(
        None,
        QMessageBox.Icon.Critical,
        f"{APP_NAME}: damaged data",
        "Part of DMDesk's data cannot be read: the file is damaged (a disk fault, or "
        "the computer lost power while writing).",
        "",
    )
    restore_button = None
    if error.backup is not None:
        when = datetime.fromtimestamp(error.backup.stat().st_mtime).strftime("%d %b %Y, %H:%M")
        box.setInformativeText(
            f"DMDesk can restore the copy it made on {when}. Messages since then come back "
            "with the next sync from connected accounts; imports and notes since then are "
            "not in the copy. The damaged file is kept beside it, nothing is deleted.\n\n"
            f"{error}"
        )
        restore_button = box.addButton("Restore the copy", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore_button)
    else:
        box.setInformativeText(
            "There is no copy to restore yet (DMDesk makes one a day). Keep the file: a "
            f"computer shop, or “sqlite3 FILE .recover”, may save what is in it.\n\n{error}"
        )
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore_button is None or box.clickedButton() is not restore_button:
        return False
    assert error.backup is not None
    try:
        restore(error.path, error.backup)
    except OSError as failure:
        message_box(
            None,
            QMessageBox.Icon.Critical,
            APP_NAME,
            "The copy could not be restored.",
            str(failure),
            QMessageBox.StandardButton.Ok,
        ).exec()
        return False
    return True
