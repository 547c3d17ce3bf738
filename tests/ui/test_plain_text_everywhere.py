"""With a workspace full of markup from customers, a platform and a download,
no widget of the window or its dialogs reads any of it as rich text.

Qt reads a label, a tooltip or a message box as HTML when its text looks like
markup; a name like ``<img src=/dev/zero>`` then makes Qt read the device until
memory runs out. Here the markup is harmless but recognisable (``<h1>``): any
place that shows it unescaped, in a format Qt may render, fails the walk.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from factories import fetched, ingest
from modal import in_accounts_dialog, in_dialog, when_modal_opens
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget

from dmdesk.domain import (
    AccountStatus,
    Attachment,
    AttachmentKind,
    Participant,
    Platform,
    QuickReply,
)
from dmdesk.store import accounts as account_store
from dmdesk.store import contacts as contact_store
from dmdesk.store import quick_replies as quick_reply_store
from dmdesk.ui.quick_replies.library import QuickReplyLibraryDialog

MARKER = "<h1"
HOSTILE = '<h1 style="color:red">URGENT</h1><img src="file:///nonexistent/x.png"> Bea'


def rich_text_holding_the_marker(root: QWidget | None = None) -> list[str]:
    """Every place under ``root`` (or in the whole app) where the hostile markup
    would be read as rich text."""
    widgets = [*root.findChildren(QWidget), root] if root is not None else QApplication.allWidgets()
    found = []
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if (
            isinstance(widget, QLabel)
            and MARKER in widget.text()
            and widget.textFormat() != Qt.TextFormat.PlainText
        ):
            found.append(f"{where}: label")
        if MARKER in widget.toolTip() or MARKER in widget.windowTitle():
            found.append(f"{where}: tooltip")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and MARKER in tip:
                    found.append(f"{where}: row {row}'s tooltip")
    return found


def walked_on_opening(click) -> list[str]:
    """What the walk finds in the message box that ``click`` opens (then cancelled)."""
    seen: list[list[str]] = []

    def walk(box: QMessageBox) -> None:
        seen.append(rich_text_holding_the_marker(box))
        box.reject()

    when_modal_opens(walk)
    click()
    assert len(seen) == 1, "no message box opened"
    return seen[0]


@pytest.fixture
def hostile_workspace(demo_db, database) -> None:
    now = datetime.now(UTC)
    customer = Participant("h-1", HOSTILE, HOSTILE)
    with database.transaction() as session:
        account = account_store.add_account(session, Platform.TELEGRAM, HOSTILE, HOSTILE, "demo")
        account_store.set_status(session, account.id, AccountStatus.OFFLINE, HOSTILE)
        quick_reply_store.save_reply(session, QuickReply(HOSTILE, f"Hi {HOSTILE}"))
    statement = Attachment(AttachmentKind.FILE, f"{HOSTILE}.pdf", url="https://x.example/a")
    message = fetched(1, now, "h-conv", text=HOSTILE, person=customer, attachments=(statement,))
    ingest(database, account, [message], now)
    with database.transaction() as session:
        summary = session.connection().exec_driver_sql(
            "SELECT contact_id FROM conversations WHERE title = ?", (HOSTILE,)
        )
        contact_store.add_note(session, summary.scalar_one(), HOSTILE, now)


def test_no_widget_reads_outside_text_as_rich_text(
    qtbot, hostile_workspace, open_window, reader
) -> None:
    window = open_window()
    titles = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    window.list_pane.select_row(titles.index(HOSTILE))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1)
    qtbot.waitUntil(lambda: window.contact_pane.name.text() == HOSTILE)
    assert rich_text_holding_the_marker() == []

    window.list_pane.search.setText("URGENT")
    qtbot.waitUntil(lambda: window.list_pane.results.model().rowCount() > 0, timeout=5000)
    assert rich_text_holding_the_marker() == []
    window.list_pane.search.clear()

    def accounts(dialog) -> None:
        for row in range(dialog.model.rowCount()):
            dialog.list.setCurrentIndex(dialog.model.index(row))
            assert rich_text_holding_the_marker(dialog) == []
            if HOSTILE in dialog.detail_title.text():
                assert walked_on_opening(dialog.remove_button.click) == []

    in_accounts_dialog(qtbot, window, accounts)

    def library(dialog) -> None:
        names = [dialog.model.index(r).data() for r in range(dialog.model.rowCount())]
        dialog.list.setCurrentIndex(dialog.model.index(names.index(HOSTILE)))
        assert rich_text_holding_the_marker(dialog) == []
        assert walked_on_opening(dialog.delete_button.click) == []

    in_dialog(qtbot, window, Qt.Key.Key_Q, QuickReplyLibraryDialog, library)

    forget = next(
        a for a in window.contact_pane.person_menu.actions() if a.text().startswith("Forget")
    )
    seen: list[list[str]] = []

    def walk_forget(dialog) -> None:
        seen.append(rich_text_holding_the_marker(dialog))
        dialog.reject()

    when_modal_opens(walk_forget)
    forget.trigger()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [[]]
