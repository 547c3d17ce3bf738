"""Words inside a bubble can be picked out with the mouse and copied: an order
number, an address, a tracking code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from factories import add_account, fetched, ingest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread import bubble_delegate

TEXT = "Order JT4114 please, tracking https://shop.example/t/77 and 12 Rose Lane"


@pytest.fixture
def thread(qtbot, database, open_window):
    now = datetime.now(UTC)
    ingest(database, add_account(database), [fetched(1, now, "x-1", text=TEXT)], now)
    window = open_window()
    titles = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    window.list_pane.select_row(titles.index("Ada Customer"))
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1)
    qtbot.waitUntil(
        lambda: window.thread_pane.view.visualRect(window.messages.index(0)).height() > 0
    )
    return window


def point_of(window, position: int) -> QPointF:
    """Where character ``position`` of the first message's text is drawn."""
    view = window.thread_pane.view
    index = window.messages.index(0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    _bubble, text_rect, document, _top = view.itemDelegate()._geometry(option, index)
    block = document.findBlock(position)
    line = block.layout().lineForTextPosition(position - block.position())
    x = line.cursorToX(position - block.position())[0]
    top = document.documentLayout().blockBoundingRect(block).top()
    return text_rect.topLeft() + QPointF(x, top + line.y() + line.height() / 2)


def mouse(window, kind: QEvent.Type, point: QPointF, buttons=Qt.MouseButton.LeftButton) -> None:
    viewport = window.thread_pane.view.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, point, viewport.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(viewport, event)


def drag(window, start: int, end: int) -> None:
    mouse(window, QEvent.Type.MouseButtonPress, point_of(window, start))
    for step in range(1, 6):  # a hand moves through the letters between
        position = start + (end - start) * step // 5
        mouse(window, QEvent.Type.MouseMove, point_of(window, position))
    release_buttons = Qt.MouseButton.NoButton
    mouse(window, QEvent.Type.MouseButtonRelease, point_of(window, end), release_buttons)


def test_dragging_over_a_bubble_picks_out_words_and_ctrl_c_copies_them(qtbot, thread) -> None:
    start = TEXT.index("JT4114")
    drag(thread, start, start + len("JT4114"))
    assert thread.thread_pane.words.text() == "JT4114"
    view = thread.thread_pane.view
    view.setFocus()
    QGuiApplication.clipboard().clear()
    QTest.keySequence(view, QKeySequence.StandardKey.Copy)
    assert QGuiApplication.clipboard().text() == "JT4114"

    message = thread.messages.index(0).data(Roles.MESSAGE)
    menu = thread.thread_pane.message_menu(message)
    actions = {a.text(): a for a in menu.actions()}
    assert actions["Copy selection"].shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    actions["Copy text"].trigger()
    assert QGuiApplication.clipboard().text() == TEXT  # the whole message is one item away


def test_a_drag_backwards_and_past_the_bubble_selects_to_its_start(qtbot, thread) -> None:
    end = TEXT.index(" please")
    mouse(thread, QEvent.Type.MouseButtonPress, point_of(thread, end))
    above = point_of(thread, 0) - QPointF(0, 60)
    mouse(thread, QEvent.Type.MouseMove, above)
    mouse(thread, QEvent.Type.MouseButtonRelease, above, Qt.MouseButton.NoButton)
    assert thread.thread_pane.words.text() == "Order JT4114"


def test_a_drag_that_ends_on_a_link_does_not_open_it(qtbot, thread, monkeypatch) -> None:
    opened: list = []
    monkeypatch.setattr(bubble_delegate, "open_link", lambda _window, url: opened.append(url))
    start = TEXT.index("tracking")
    drag(thread, start, TEXT.index("/t/77"))
    assert thread.thread_pane.words.text() == "tracking https://shop.example"
    assert opened == []
    link = point_of(thread, TEXT.index("/t/77"))
    mouse(thread, QEvent.Type.MouseButtonPress, link)
    mouse(thread, QEvent.Type.MouseButtonRelease, link, Qt.MouseButton.NoButton)
    assert opened == ["https://shop.example/t/77"]  # a click still opens it


def test_double_click_picks_a_word_and_a_click_elsewhere_lets_it_go(qtbot, thread) -> None:
    word = point_of(thread, TEXT.index("Rose") + 1)
    mouse(thread, QEvent.Type.MouseButtonPress, word)
    mouse(thread, QEvent.Type.MouseButtonRelease, word, Qt.MouseButton.NoButton)
    mouse(thread, QEvent.Type.MouseButtonDblClick, word)
    mouse(thread, QEvent.Type.MouseButtonRelease, word, Qt.MouseButton.NoButton)
    assert thread.thread_pane.words.text() == "Rose"

    beside = QPointF(thread.thread_pane.view.viewport().width() - 4, word.y())
    mouse(thread, QEvent.Type.MouseButtonPress, beside)
    mouse(thread, QEvent.Type.MouseButtonRelease, beside, Qt.MouseButton.NoButton)
    assert thread.thread_pane.words.text() == ""
    assert thread.thread_pane.words.span() is None


def test_a_selection_goes_when_another_conversation_opens(qtbot, thread) -> None:
    start = TEXT.index("JT4114")
    drag(thread, start, start + 6)
    assert thread.thread_pane.words.span() is not None
    thread.list_pane.select_row(1 if thread.list_pane.list.currentIndex().row() == 0 else 0)
    qtbot.waitUntil(lambda: thread.thread_pane.words.span() is None)


def test_the_pointer_is_an_i_beam_over_text_and_a_hand_over_a_link(qtbot, thread) -> None:
    viewport = thread.thread_pane.view.viewport()
    mouse(thread, QEvent.Type.MouseMove, point_of(thread, 2), Qt.MouseButton.NoButton)
    assert viewport.cursor().shape() == Qt.CursorShape.IBeamCursor
    link = point_of(thread, TEXT.index("shop.example"))
    mouse(thread, QEvent.Type.MouseMove, link, Qt.MouseButton.NoButton)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
