"""What a click on a customer's file or link does.

A file that could run something, install something or open as a web page is
never handed to the system straight away: the owner is told the risk in plain
words and offered to see it in its folder (or, except for web pages, to open it
anyway). A link first shows where it really goes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dmdesk.services.file_safety import ACTIVE_CONTENT, display_name, open_risk
from dmdesk.services.links import link_target, visible
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import message_box

URL_SHOWN = 300
"""Characters of a long link shown in the question; its host is always whole."""


def open_file(parent: QWidget | None, path: Path, name: str = "") -> None:
    """Open a file DMDesk keeps, unless opening it could be dangerous: then ask.
    ``name``: what the message calls it (the kept copy's name has a prefix)."""
    risk = open_risk(path)
    if risk is None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return
    box = message_box(
        parent,
        QMessageBox.Icon.Warning,
        "Open this file?",
        f"“{one_line(display_name(name or path.name), 120)}” could harm this computer.",
        f"{risk}\n\nOpen it only if you expected it from someone you trust. "
        "“Show in folder” lets you look at it, or scan it, first.",
    )
    show = box.addButton("Show in folder", QMessageBox.ButtonRole.AcceptRole)
    anyway = None
    if path.suffix.lower().lstrip(".") not in ACTIVE_CONTENT:
        anyway = box.addButton("Open anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(show)
    box.exec()
    if box.clickedButton() is show:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
    elif anyway is not None and box.clickedButton() is anyway:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_link(parent: QWidget | None, url: str) -> None:
    """Show where a link really goes, and open it only if the owner says so."""
    target = link_target(url)
    if target is None:
        message_box(
            parent,
            QMessageBox.Icon.Information,
            "Link not opened",
            "DMDesk opens only web, email and phone links.",
            one_line(visible(url), URL_SHOWN),
        ).exec()
        return
    where = {
        "mailto": f"Write an email to {target.shown_host}?",
        "tel": f"Call {target.shown_host}?",
    }.get(target.scheme, f"Open a page on {target.shown_host}?")
    box = message_box(
        parent,
        QMessageBox.Icon.Question,
        "Open this link?",
        where,
        f"The full address:\n{one_line(visible(url), URL_SHOWN)}",
    )
    go = box.addButton("Open link", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Copy link", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.exec()
    if box.clickedButton() is go:
        QDesktopServices.openUrl(QUrl(url))
    elif box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(url)
