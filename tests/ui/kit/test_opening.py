"""A click on a customer's file or link: what could run is never handed to the
system straight away, and a link says where it really goes first."""

from __future__ import annotations

from pathlib import Path

import pytest
from modal import when_modal_opens
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox

from dmdesk.ui.kit.opening import open_file, open_link
from dmdesk.ui.kit.roles import Roles


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        lambda url: urls.append(url.toLocalFile() if url.isLocalFile() else url.toString()),
    )
    return urls


def answer(button_text: str | None, seen: dict) -> None:
    """On the next message box: note what it says and offers, then press a button."""

    def act(box: QMessageBox) -> None:
        seen["text"] = box.text() + "\n" + box.informativeText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["format"] = box.textFormat()
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        box.reject()

    when_modal_opens(act)


def kept(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    path.chmod(0o600)  # as DMDesk keeps it
    return path


def test_a_photo_opens_at_once(qtbot, tmp_path, opened) -> None:
    photo = kept(tmp_path, "scarf.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    open_file(None, photo)
    assert opened == [str(photo)]


def test_a_program_is_shown_in_its_folder_after_a_warning(qtbot, tmp_path, opened) -> None:
    program = kept(tmp_path, "invoice\u202efdp.exe", b"MZ\x90\0")
    seen: dict = {}
    answer("Show in folder", seen)
    open_file(None, program)
    assert opened == [str(tmp_path)]
    assert "“invoicefdp.exe” could harm this computer." in seen["text"]
    assert "run programs" in seen["text"]
    assert seen["format"] == Qt.TextFormat.PlainText


def test_opening_a_program_anyway_takes_a_second_click(qtbot, tmp_path, opened) -> None:
    program = kept(tmp_path, "tool.jar", b"PK\3\4")
    answer(None, {})  # cancelled: nothing opens
    open_file(None, program)
    assert opened == []
    answer("Open anyway", {})
    open_file(None, program)
    assert opened == [str(program)]


def test_a_web_page_from_a_customer_is_never_opened_in_the_browser(qtbot, tmp_path, opened) -> None:
    page = kept(tmp_path, "statement.html", b"<script>steal()</script>")
    seen: dict = {}
    answer("Open anyway", seen)
    open_file(None, page)
    assert "Open anyway" not in seen["buttons"] and opened == []


def test_a_link_says_where_it_really_goes_before_it_opens(qtbot, opened) -> None:
    seen: dict = {}
    answer("Open link", seen)
    open_link(None, "https://www.paypal.com@evil.example/login")
    assert "Open a page on evil.example?" in seen["text"]
    assert opened == ["https://www.paypal.com@evil.example/login"]

    answer("Copy link", seen)
    open_link(None, "https://\u0430pple.com/")
    assert "xn--pple-43d.com" in seen["text"] and len(opened) == 1
    assert QGuiApplication.clipboard().text() == "https://\u0430pple.com/"


def test_a_link_of_another_kind_never_opens(qtbot, opened) -> None:
    seen: dict = {}
    answer("OK", seen)
    open_link(None, "javascript:alert(1)")
    assert "only web, email and phone links" in seen["text"] and opened == []


def test_a_program_s_chip_in_the_thread_warns_instead_of_opening(
    qtbot, database, open_window, tmp_path, opened
) -> None:
    from datetime import UTC, datetime

    from factories import add_account, fetched, ingest
    from modal import click_attachment_chip

    from dmdesk.domain import Attachment, AttachmentKind

    program = kept(tmp_path, "invoicefdp.exe", b"MZ\x90\0")
    chip = Attachment(AttachmentKind.FILE, "invoice\u202efdp.exe", local_path=str(program))
    now = datetime.now(UTC)
    ingest(database, add_account(database), [fetched(1, now, "x-1", attachments=(chip,))], now)
    window = open_window()
    titles = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    window.list_pane.select_row(titles.index("Ada Customer"))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1)
    seen: dict = {}
    answer("Cancel", seen)
    click_attachment_chip(qtbot, window, 0)
    assert "“invoicefdp.exe” could harm this computer." in seen["text"]
    assert sorted(seen["buttons"]) == ["Cancel", "Open anyway", "Show in folder"]
    assert opened == []


def test_a_program_sent_as_a_photo_is_not_drawn_and_its_click_warns(
    qtbot, database, open_window, tmp_path, opened
) -> None:
    from datetime import UTC, datetime

    from factories import add_account, fetched, ingest
    from modal import click_picture

    from dmdesk.domain import Attachment, AttachmentKind
    from dmdesk.ui.thread.photos import PhotoState

    program = kept(tmp_path, "parcel.jpg", b"MZ\x90\0 a program")
    disguised = Attachment(
        AttachmentKind.IMAGE, "parcel.jpg", "image/jpeg", local_path=str(program)
    )
    now = datetime.now(UTC)
    ingest(database, add_account(database), [fetched(1, now, "x-2", attachments=(disguised,))], now)
    window = open_window()
    titles = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    window.list_pane.select_row(titles.index("Ada Customer"))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1)
    photos = window.thread_pane.bubbles.photos
    message = window.messages.index(0).data(Roles.MESSAGE)
    qtbot.waitUntil(lambda: photos.photo_state(message.id, disguised) is PhotoState.NOT_SHOWN)
    seen: dict = {}
    answer("Cancel", seen)
    click_picture(qtbot, window, 0)
    assert "“parcel.jpg” could harm this computer." in seen["text"]
    assert opened == []
    assert not window.thread_pane.viewer.isVisible()


def test_a_message_s_text_and_links_can_be_copied(qtbot, database, open_window) -> None:
    """Order numbers and addresses: a message can be selected, Ctrl+C copies it, and
    its right-click menu copies its text or a link."""
    from datetime import UTC, datetime

    from factories import add_account, fetched, ingest
    from PySide6.QtTest import QTest

    text = "Order JT4114 please: https://shop.example/o/4114 ships to 12 Rose Lane"
    now = datetime.now(UTC)
    ingest(database, add_account(database), [fetched(1, now, "x-1", text=text)], now)
    window = open_window()
    titles = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    window.list_pane.select_row(titles.index("Ada Customer"))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1)
    view = window.thread_pane.view
    view.setCurrentIndex(window.messages.index(0))
    view.setFocus()
    QGuiApplication.clipboard().clear()
    QTest.keySequence(view, QKeySequence.StandardKey.Copy)
    assert QGuiApplication.clipboard().text() == text
    message = window.messages.index(0).data(Roles.MESSAGE)
    menu = window.thread_pane.message_menu(message)
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) - {""} == {
        "Reply to this message",
        "Copy text",
        "Copy link https://shop.example/o/4114",
    }
    actions["Copy link https://shop.example/o/4114"].trigger()
    assert QGuiApplication.clipboard().text() == "https://shop.example/o/4114"


def test_the_full_address_shown_cannot_be_turned_around(qtbot, opened) -> None:
    seen: dict = {}
    answer("Cancel", seen)
    open_link(None, "https://shop.example/\u202egnp.exe")  # a platform's attachment URL
    assert "\u202e" not in seen["text"] and "https://shop.example/gnp.exe" in seen["text"]
