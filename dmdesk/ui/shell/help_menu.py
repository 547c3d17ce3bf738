"""Help: About DMDesk (version, data folder, licence, the docs), Open data folder,
and Report a problem, which copies a summary for a helper (versions and account
states: never a token or a message, services/diagnostics.py)."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dmdesk import APP_NAME, HOMEPAGE, __version__
from dmdesk.services.diagnostics import diagnostic_summary
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.opening import open_link
from dmdesk.ui.kit.plain_text import message_box

LICENCE = "MIT"


def show_about(parent: QWidget, data_folder: Path) -> None:
    box = message_box(
        parent,
        QMessageBox.Icon.Information,
        f"About {APP_NAME}",
        f"{APP_NAME} {__version__}",
        "One desktop inbox for your business's direct messages.\n\n"
        f"Your data folder:\n{data_folder}\n\n"
        f"Licence: {LICENCE}\n\nDocumentation and help:\n{HOMEPAGE}",
    )
    folder = box.addButton("Open data folder", QMessageBox.ButtonRole.ActionRole)
    docs = box.addButton("Documentation", QMessageBox.ButtonRole.HelpRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is folder:
        open_data_folder(data_folder)
    elif box.clickedButton() is docs:
        open_link(parent, HOMEPAGE)


def open_data_folder(data_folder: Path) -> None:
    """The folder in the file manager: DMDesk's own, so no question is asked."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_folder)))


def report_problem(parent: QWidget, reader: InboxReads, data_folder: Path, *, demo: bool) -> str:
    """Copy the summary and say what to do with it; returns what was copied."""
    summary = diagnostic_summary(reader.accounts(), data_folder, PySide6.__version__, demo=demo)
    QGuiApplication.clipboard().setText(summary)
    message_box(
        parent,
        QMessageBox.Icon.Information,
        "Report a problem",
        "A summary for whoever helps you is copied: paste it into your message, with "
        "what you did and what happened.",
        f"It holds versions and how your accounts are doing, never a token, a name "
        f"or a message:\n\n{summary}\nWrite to: {HOMEPAGE}",
        QMessageBox.StandardButton.Ok,
    ).exec()
    return summary
