"""Quick replies in the window: the "/" popup from the keyboard, Alt+1..9, the
palette, the library, and the composer's checks before sending."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import ListQuery, View


def open_conversation_with(window, reader, title: str):
    conversation = next(
        c for c in reader.conversation_page(ListQuery(view=View.INBOX), limit=200) if c.title == title
    )
    window.focus_list()
    window.list_pane.select_id(conversation.id)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    assert window.focusWidget() is window.thread_pane.composer.editor
    return conversation


def test_slash_keyword_enter_inserts_the_filled_reply(qtbot, window, reader) -> None:
    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    editor = composer.editor
    QTest.keyClicks(editor, "Thanks! /ship")
    qtbot.waitUntil(composer.popup.is_open)
    assert composer.popup.completer.completionCount() == 1
    QTest.keyClick(composer.popup.completer.popup(), Qt.Key.Key_Return)
    assert not composer.popup.is_open()
    assert editor.toPlainText() == (
        "Thanks! Hi Aisha! UK orders arrive in 3–5 working days, Europe in 5–10 and "
        "the rest of the world in 7–14, always with tracking."
    )
    assert window.focusWidget() is editor  # nothing was sent, the user reads first
    assert reader.thread_page(window.thread_pane.conversation.id)[-1].text != editor.toPlainText()
