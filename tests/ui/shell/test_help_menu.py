"""Help: About DMDesk says the version, the data folder and the licence; Open data
folder opens it; Report a problem copies a summary with versions and account
states, and never a token, a name or a message."""

from __future__ import annotations

from modal import when_modal_opens
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel

from dmdesk import __version__
from dmdesk.domain import ListQuery
from dmdesk.store import accounts as account_store
from dmdesk.store.database import SCHEMA_HEAD


def texts_of(box) -> str:
    return "\n".join(label.text() for label in box.findChildren(QLabel))


def test_about_says_the_version_the_data_folder_and_the_licence(qtbot, window) -> None:
    seen: list[str] = []

    def read(box) -> None:
        seen.append(texts_of(box))
        box.reject()

    when_modal_opens(read)
    window.actions_by_name["about"].trigger()
    (text,) = seen
    assert f"DMDesk {__version__}" in text and str(window.data_folder) in text
    assert "Licence: MIT" in text


def test_open_data_folder_opens_the_workspaces_folder(qtbot, window, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.actions_by_name["open_data_folder"].trigger()
    assert [url.toLocalFile() for url in opened] == [str(window.data_folder)]


def test_a_problem_report_holds_versions_and_states_never_secrets_or_messages(
    qtbot, window, database, reader
) -> None:
    with database.transaction() as session:
        account = account_store.list_accounts(session)[0]
        account_store.change_settings(session, account.id, {"business_connection_id": "bc-9"})
    names = {a.display_name for a in reader.accounts()}
    texts = [
        message.text
        for conversation in reader.conversation_page(ListQuery())
        for message in reader.thread_page(conversation.id)
    ]
    shown: list[str] = []

    def read(box) -> None:
        shown.append(texts_of(box))
        box.accept()

    when_modal_opens(read)
    window.actions_by_name["report_problem"].trigger()
    copied = QGuiApplication.clipboard().text()
    QGuiApplication.clipboard().clear()
    assert copied.startswith(f"DMDesk {__version__}\n") and f"schema {SCHEMA_HEAD}" in copied
    assert "Telegram Business connected" in copied
    assert f"Accounts: {len(reader.accounts())}" in copied
    assert copied.strip() in shown[0]
    for secret_or_private in ("bc-9", *names, *(t for t in texts if len(t) > 3)):
        assert secret_or_private not in copied
