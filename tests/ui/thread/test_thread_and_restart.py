"""Opening conversations, paging back through a long thread, live messages, and
what survives closing the window."""

from datetime import UTC, datetime, timedelta

import pytest
from factories import NOW, add_account, fetched, ingest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest

from dmdesk.domain import Direction, ListQuery, Participant, Platform, View
from dmdesk.store import conversations as conversation_store

LONG_THREAD = 130


@pytest.fixture
def long_thread(demo_db, database) -> int:
    """A conversation of 130 messages; its id."""
    account = add_account(database, Platform.TELEGRAM)
    person = Participant("t-9", "Long Thread Lena", "lena")
    items = [
        fetched(
            n,
            NOW + timedelta(days=1),
            "long",
            Direction.INCOMING if n % 3 else Direction.OUTGOING,
            person=person,
        )
        for n in range(LONG_THREAD)
    ]
    result = ingest(database, account, items, NOW)
    (conversation_id,) = result.touched_conversation_ids
    return conversation_id


def test_enter_and_o_open_the_conversation_and_esc_goes_back(qtbot, window) -> None:
    for key in (Qt.Key.Key_Return, Qt.Key.Key_O):
        window.focus_list()
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
        chosen = window.list_pane.current().id
        QTest.keyClick(window.focusWidget(), key)
        assert window.focusWidget() is window.thread_pane.view
        assert window.thread_pane.conversation.id == chosen
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
        assert window.focusWidget() is window.list_pane.list


def test_opening_marks_read_and_shift_i_marks_read_again(qtbot, window, reader) -> None:
    unread = [c for c in reader.conversation_page(ListQuery(view=View.UNREAD))]
    assert len(unread) >= 2
    window.focus_list()
    window.list_pane.select_id(unread[0].id)
    qtbot.waitUntil(lambda: reader.conversation(unread[0].id).unread_count == 0)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_U)
    qtbot.waitUntil(lambda: reader.conversation(unread[0].id).unread_count == 1)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: reader.conversation(unread[0].id).unread_count == 0)


def test_views_and_the_platform_filter_narrow_the_list(qtbot, window, reader) -> None:
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gp")
    pinned = window.list_pane.query()
    assert pinned.view is View.PINNED
    rows = [window.conversations.conversation_at(r) for r in range(window.conversations.rowCount())]
    assert rows and all(c.flags.pinned for c in rows)

    QTest.keyClicks(window.focusWidget(), "gi")
    window.list_pane.platforms.setCurrentIndex(window.list_pane.platforms.findData("whatsapp"))
    rows = [window.conversations.conversation_at(r) for r in range(window.conversations.rowCount())]
    assert rows and {c.platform for c in rows} == {Platform.WHATSAPP}
    assert len(rows) == len(reader.conversation_page(window.list_pane.query()))


def test_scrolling_up_loads_older_messages_and_keeps_the_place(qtbot, long_thread, window) -> None:
    window.list_pane.select_id(long_thread)
    assert window.messages.rowCount() == 50
    bar = window.thread_pane.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    oldest_shown = window.messages.index(0).data()
    bar.setValue(0)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 100)
    # The message that was on top is still in view, not the page that arrived.
    row = next(r for r in range(100) if window.messages.index(r).data() == oldest_shown)
    rect: QRect = window.thread_pane.view.visualRect(window.messages.index(row))
    assert window.thread_pane.view.viewport().rect().intersects(rect)
    bar.setValue(0)
    qtbot.waitUntil(lambda: window.messages.rowCount() == LONG_THREAD)
    assert window.messages.index(0).data() == "message 0"


def test_a_live_message_lands_at_the_top_and_brings_back_an_archived_chat(
    qtbot, window, reader, database
) -> None:
    archived = reader.conversation_page(ListQuery(view=View.ARCHIVED))[0]
    assert window.conversations.row_of(archived.id) == -1
    account = next(a for a in reader.accounts() if a.id == archived.account_id)
    with database.transaction() as session:
        keys = conversation_store.ids_by_platform_key(session)
    key = next(k for k, i in keys.items() if i == archived.id)
    now = datetime.now(UTC)  # the demo workspace is seeded at the real time
    item = fetched(1, now + timedelta(minutes=1), key, text="Is the order still coming?")
    result = ingest(database, account, [item], now)
    window.on_messages_ingested(account.id, result)
    pinned = len(reader.conversation_page(ListQuery(view=View.PINNED)))
    assert window.conversations.row_of(archived.id) == pinned  # first under the pinned
    assert window.conversations.conversation_at(pinned).snippet == "Is the order still coming?"


def test_geometry_splitter_and_draft_survive_a_restart(qtbot, open_window, reader) -> None:
    first = open_window()
    first.resize(1100, 720)
    first.splitter.setSizes([300, 500, 300])
    sizes = first.splitter.sizes()
    conversation_id = first.thread_pane.conversation.id
    first.thread_pane.focus_composer()
    QTest.keyClicks(first.thread_pane.composer.editor, "See you Friday")
    first.close()
    qtbot.waitUntil(lambda: reader.draft(conversation_id) == "See you Friday")

    second = open_window()
    assert (second.width(), second.height()) == (1100, 720)
    assert second.splitter.sizes() == sizes
    assert second.thread_pane.conversation.id == conversation_id
    assert second.thread_pane.composer.editor.toPlainText() == "See you Friday"
