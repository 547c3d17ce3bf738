"""Nothing moves under the owner's hand: while the pointer is on the list, news
changes rows in place, and the new order waits for the pill or for the pointer
to leave."""

from __future__ import annotations

from arrivals import arrives
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest


def titles(window) -> list[str]:
    model = window.conversations
    return [model.conversation_at(row).title for row in range(model.rowCount())]


def stored_order(window) -> list[str]:
    page = window.reader.conversation_page(window.conversations.query, limit=200)
    return [conversation.title for conversation in page]


def center_of_row(window, row: int) -> QPoint:
    view = window.list_pane.list
    return view.visualRect(window.conversations.index(row)).center()


def point_at_row(window, row: int) -> None:
    QTest.mouseMove(window.list_pane.list.viewport(), center_of_row(window, row))


def test_news_while_the_pointer_is_on_the_list_waits_for_the_pill(
    qtbot, qtmodeltester, window, database
) -> None:
    qtmodeltester.check(window.conversations)
    viewport = window.list_pane.list.viewport()
    point_at_row(window, 2)
    qtbot.waitUntil(lambda: window.conversations.held)
    before = titles(window)
    arrives(database, window, "Ines", "Do you ship to Lisbon?")  # a new conversation
    assert titles(window) == before  # nothing came in under the pointer
    pill = window.list_pane.hold.pill
    assert pill.isVisible() and pill.text() == "1 new · Show"
    assert pill.geometry().top() < viewport.height() // 4  # at the top, over the list
    QTest.mouseClick(pill, Qt.MouseButton.LeftButton)
    assert titles(window) == stored_order(window) != before
    assert sorted(titles(window)) == sorted([*before, "Ines"])
    assert not pill.isVisible()
    qtmodeltester.check(window.conversations)


def test_a_click_opens_the_row_that_was_under_the_pointer(qtbot, window, database) -> None:
    """Aimed at the third row, pressed a moment later: a message that came in
    between moved another conversation to the top and this one down a row."""
    point_at_row(window, 2)
    aimed_at = window.conversations.conversation_at(2)
    arrives(database, window, "Olga", "Is the scarf wool?")
    QTest.mouseClick(
        window.list_pane.list.viewport(), Qt.MouseButton.LeftButton, pos=center_of_row(window, 2)
    )
    assert window.list_pane.current().id == aimed_at.id


def test_a_reply_to_a_row_lower_down_updates_it_in_place(qtbot, window, database) -> None:
    from dmdesk.domain import Platform
    from dmdesk.store.schema import ConversationRow

    point_at_row(window, 0)
    qtbot.waitUntil(lambda: window.conversations.held)
    before = titles(window)
    model = window.conversations
    row = max(  # the lowest of the Instagram ones: the helper writes as that account
        r
        for r in range(model.rowCount())
        if model.conversation_at(r).platform is Platform.INSTAGRAM
    )
    lower = model.conversation_at(row)
    with database.transaction() as session:
        key = session.get_one(ConversationRow, lower.id).platform_conversation_id
    arrives(database, window, "Someone", "Still there?", conversation=key)
    assert titles(window) == before  # in place…
    assert model.conversation_at(row).snippet == "Still there?"  # …and fresh
    assert window.list_pane.hold.pill.text() == "1 new · Show"


def test_the_news_comes_in_a_moment_after_the_pointer_leaves(qtbot, window, database) -> None:
    point_at_row(window, 1)
    qtbot.waitUntil(lambda: window.conversations.held)
    arrives(database, window, "Pia", "Hello!")
    assert "Pia" not in titles(window)
    QTest.mouseMove(window.thread_pane, window.thread_pane.rect().center())
    qtbot.waitUntil(lambda: "Pia" in titles(window))
    assert titles(window) == stored_order(window)
    assert not window.list_pane.hold.pill.isVisible()
