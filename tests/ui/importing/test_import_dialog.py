"""File → Import… in the real window: read, preview, choose who you are, import,
and the history shows in the three panes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from importers import downloads as d
from modal import click_picture, when_modal_opens
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from dmdesk.services.runtime import build_services
from dmdesk.services.workers import Workers
from dmdesk.store.database import database_path, ensure_schema
from dmdesk.store.reads import InboxReader
from dmdesk.ui.accounts.dialog import AccountsDialog
from dmdesk.ui.importing.dialog import CHOOSE, DONE, PREVIEW, QUESTION, ImportDialog
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.shell.main_window import MainWindow
from dmdesk.ui.shell.sync_bridge import SyncBridge, SyncListenerAdapter


@pytest.fixture
def open_workspace(
    qtbot: QtBot, db_path: Path, data_dir: Path, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    """A window over an empty workspace of the user's own, or (demo=True) over a demo
    database whose imports go to that own workspace."""
    opened: list[tuple[MainWindow, Workers, InboxReader, TaskRunner]] = []

    def open_one(demo: bool = False) -> MainWindow:
        shown = db_path
        if demo:
            shown = database_path(tmp_path / "demo")
            ensure_schema(shown)
        workers = Workers()
        tasks = TaskRunner(workers)
        bridge = SyncBridge()
        tasks.set_services(
            workers.write(
                lambda: build_services(
                    shown,
                    workers,
                    SyncListenerAdapter(bridge),
                    own_workspace=db_path if demo else None,
                )
            )
        )
        reader = InboxReader(shown)
        settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(reader, tasks, settings, demo=demo)
        qtbot.addWidget(window)
        window.show()
        opened.append((window, workers, reader, tasks))
        return window

    yield open_one
    for window, workers, reader, tasks in opened:
        window.close()
        tasks.services().close()
        workers.shutdown()
        reader.close()


def read(qtbot: QtBot, dialog: ImportDialog, path: Path, page: int = PREVIEW) -> None:
    dialog.read_download(path)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == page and not dialog._busy)


def import_and_close(qtbot: QtBot, dialog: ImportDialog, summary: str = "") -> None:
    """Press Import, wait for the summary (check its start), then close the dialog."""
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == DONE)
    assert dialog.summary.text().startswith(summary)
    dialog.accept()


def test_import_from_the_window_shows_the_history_in_the_three_panes(
    qtbot: QtBot,
    open_workspace: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_workspace()
    assert window.conversations.rowCount() == 0
    download = d.zipped(d.write(tmp_path / "ig", d.instagram_files()), tmp_path / "ig.zip")
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, download)

    assert dialog.preview_title.text() == "Instagram download (JSON)"
    facts = {key: label.text() for key, label in dialog.facts.items()}
    assert facts["threads"] == "3" and facts["messages"] == "10"
    assert facts["dates"] == "01 Mar 2024 – 01 Mar 2024" and facts["media"] == "1"
    assert dialog.owner.currentText() == "Juniper Thread (juniper.thread)"
    assert dialog.owner_hint.text() == "Found from the download's profile."

    import_and_close(qtbot, dialog, "10 new messages in 3 new conversations.\n")

    qtbot.waitUntil(lambda: window.conversations.rowCount() == 3)
    titles = [window.conversations.index(row).data() for row in range(3)]
    assert d.ANA in titles
    window.list_pane.select_row(titles.index(d.ANA))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 7)
    first = window.messages.index(0).data(Roles.MESSAGE)
    assert first.text == "Hi! Is the blue scarf still available?"
    # History only, no account to send from: nothing offers to reply to a message.
    assert not window.thread_pane.can_answer(first)
    assert "Reply to this message" not in [
        a.text() for a in window.thread_pane.message_menu(first).actions()
    ]
    assert window.contact_pane.name.text() == d.ANA
    assert window.contact_pane.handles.text() == "Instagram"  # no "name:…" id shown
    # The photo is drawn in its bubble from the copy in DMDesk's data folder, and the
    # viewer's Open with… hands the system that copy.
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    photo = window.messages.index(2).data(Roles.MESSAGE)
    click_picture(qtbot, window, 2)
    viewer = window.thread_pane.viewer
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.open_button.isEnabled())
    viewer.open_button.click()
    viewer.close_viewer()
    assert opened == [photo.attachments[0].local_path]

    problems = window.thread_pane.composer.problems()
    assert problems == [
        "Imported history: connect your Instagram account (File → Accounts) to reply from DMDesk."
    ]
    assert "Imported history" not in window.status_label.text()


def test_the_owner_is_chosen_when_the_download_does_not_say(
    qtbot: QtBot, open_workspace: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_workspace()
    chat = d.write(
        tmp_path / "wa",
        {"Family.txt": "01/01/2020, 10:00 - Ana: hi\n01/01/2020, 10:01 - Ben: hello\n"},
    )
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, chat)
    assert dialog.owner.currentText() == "Choose who you are…"
    assert not dialog.import_button.isEnabled()
    assert [dialog.owner.itemText(i) for i in range(1, dialog.owner.count())] == ["Ana", "Ben"]
    dialog.owner.setCurrentIndex(2)
    assert dialog.import_button.isEnabled()
    import_and_close(qtbot, dialog)
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1)
    window.list_pane.select_row(0)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 2)
    ben = window.messages.index(1).data(Roles.MESSAGE)
    assert ben.text == "hello" and ben.direction.value == "outgoing"


class _Pressing(QObject):
    press = Signal()


def test_cancel_leaves_nothing_and_a_broken_download_says_why(
    qtbot: QtBot, open_workspace: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_workspace()
    dialog = window.dialogs.open_import()
    broken = tmp_path / "broken"
    d.write(broken, {"data/direct-messages.js": "window.YTD.direct_messages.part0 = [{"})
    read(qtbot, dialog, broken, page=CHOOSE)
    assert dialog.error.isVisible()
    assert "direct-messages.js: this is not valid archive data" in dialog.error.text()

    read(qtbot, dialog, d.write(tmp_path / "tg", d.telegram_files()))
    # The user presses Cancel while the import is writing: the worker waits at its
    # first progress report until the button has been pressed.
    pressing = _Pressing()
    pressing.press.connect(
        lambda: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    )
    cancelled = threading.Event()
    real_progress = dialog._progress

    def progress(done: int, total: int, messages: int) -> None:
        if not cancelled.is_set():
            pressing.press.emit()
            assert dialog._cancel.wait(10)
            cancelled.set()
        real_progress(done, total, messages)

    dialog._progress = progress  # type: ignore[assignment]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == CHOOSE and not dialog._busy)
    assert dialog.error.text() == "Cancelled. Nothing was changed."
    assert window.reader.conversation_ids() == []


def test_from_the_demo_the_history_goes_to_the_own_workspace_which_then_opens(
    qtbot: QtBot, open_workspace: Callable[..., MainWindow], tmp_path: Path, db_path: Path
) -> None:
    window = open_workspace(demo=True)
    dialog = window.dialogs.open_import()
    assert dialog.demo_note.isVisibleTo(dialog)
    read(qtbot, dialog, d.write(tmp_path / "wa", d.whatsapp_files()))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == DONE)
    assert window.conversations.rowCount() == 0  # the demo is left as it was
    with qtbot.waitSignal(window.own_workspace_requested):
        dialog.accept()
    own = InboxReader(db_path)
    try:
        assert len(own.conversation_ids()) == 1
        assert [a.display_name for a in own.accounts()] == [d.OWNER]
    finally:
        own.close()


def test_imported_history_is_an_account_that_can_be_removed(
    qtbot: QtBot,
    open_workspace: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_workspace()
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, d.write(tmp_path / "li", d.linkedin_files()))
    import_and_close(qtbot, dialog)
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1)
    assert window.status_label.text() == "1 account · LinkedIn"

    accounts = AccountsDialog(window.reader, window.tasks, demo=False, keyring_available=True)
    qtbot.addWidget(accounts)
    accounts.show()
    accounts.list.setCurrentIndex(accounts.model.index(0))
    assert accounts.detail_status.text().startswith("Imported history. Conversations imported")
    assert accounts.remove_button.text() == "Remove imported history…"
    assert not accounts.reconnect_button.isVisibleTo(accounts)
    when_modal_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    accounts.accounts_changed.connect(window._on_accounts_changed)
    accounts.remove_button.click()
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 0)
    assert window.reader.accounts() == []


@pytest.mark.parametrize(
    ("files", "conversations"),
    [
        (d.instagram_files, 3),
        (d.messenger_files, 3),  # and one archived
        (d.x_files, 2),
        (d.linkedin_files, 1),
        (d.telegram_files, 2),  # and one archived (a chat left)
        (d.whatsapp_files, 1),
    ],
    ids=["instagram", "messenger", "x", "linkedin", "telegram", "whatsapp"],
)
def test_every_format_imports_from_the_window(
    qtbot: QtBot,
    open_workspace: Callable[..., MainWindow],
    tmp_path: Path,
    files: Callable[[], dict[str, str | bytes]],
    conversations: int,
) -> None:
    """Inbox conversations after the import, as the list shows them."""
    window = open_workspace()
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, d.write(tmp_path / "download", files()))
    assert dialog.import_button.isEnabled()  # each download says who its owner is
    import_and_close(qtbot, dialog, f"{dialog._preview.messages if dialog._preview else 0}")
    qtbot.waitUntil(lambda: window.conversations.rowCount() == conversations)


def test_a_download_that_leaves_a_question_open_asks_it_and_reads_on_with_the_answer(
    qtbot: QtBot, open_workspace: Callable[..., MainWindow], tmp_path: Path
) -> None:
    """One thread's message_1.json, away from its folder, does not say whether it
    is Instagram's or Facebook's: the dialog asks, with a button per answer."""
    window = open_workspace()
    folder = d.write(tmp_path / "dl", d.instagram_files())
    picked = tmp_path / "picked" / "message_1.json"
    picked.parent.mkdir()
    picked.write_bytes(
        (folder / "your_instagram_activity/messages/inbox/analima_1234/message_1.json").read_bytes()
    )
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, picked, QUESTION)
    assert "Instagram or from Facebook Messenger?" in dialog.question.text()
    assert [b.text() for b in dialog.answers] == ["Instagram", "Facebook Messenger"]
    assert dialog.answers[0].hasFocus() or not dialog.isActiveWindow()
    qtbot.mouseClick(dialog.answers[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW and not dialog._busy)
    assert dialog.preview_title.text() == "Instagram download (JSON)"
    assert dialog.facts["messages"].text() == "4"


def test_a_chat_whose_dates_read_both_ways_is_asked_about_in_the_dialog(
    qtbot: QtBot, open_workspace: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_workspace()
    chat = d.write(
        tmp_path / "wa",
        {"WhatsApp Chat with Ana.txt": "03/04/19, 10:00 - Ana: hi\n03/04/19, 10:01 - Ben: hey\n"},
    )
    dialog = window.dialogs.open_import()
    read(qtbot, dialog, chat, QUESTION)
    assert dialog.question.text().startswith(
        "The dates in this chat read two ways, and nothing in it says which: is "
        "“03/04/19” 3 April 2019 or 4 March 2019?"
    )
    assert dialog.question_detail.text() == str(chat)
    qtbot.mouseClick(dialog.answers[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW and not dialog._busy)
    assert dialog.facts["dates"].text() == "04 Mar 2019 – 04 Mar 2019"
