"""Replies to one message ("this one, in blue?"): a customer's reply shows a quote
of what it answers, which a click goes to (loading older pages as needed); the
owner answers a message from its menu or with Q, the reply box says which, and
the reply is stored and sent with the platform's own reply parameter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from factories import fetched, ingest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem
from test_photos_in_thread import open_thread

from dmdesk.domain import Direction, Participant, Platform
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread.bubble_delegate import quote_lines

RUTH = Participant("id-ruth", "Ruth")


def chat_with_reply(database, platform=Platform.TELEGRAM, before: int = 0, answers: str = ""):
    """Ruth asks, ``before`` more messages pass, then she answers her own question
    (or ``answers``, an id DMDesk does not have). Returns (conversation, account)."""
    with database.transaction() as session:
        account = next(a for a in account_store.list_accounts(session) if a.platform is platform)
    start = datetime.now(UTC) - timedelta(hours=2)
    items = [fetched(0, start, conversation="c-ruth", person=RUTH, text="Blue or green?")]
    items += [
        fetched(n, start + timedelta(seconds=n), conversation="c-ruth", person=RUTH, text=f"{n}")
        for n in range(1, before + 1)
    ]
    answer = fetched(
        before + 1,
        start + timedelta(minutes=5),
        conversation="c-ruth",
        person=RUTH,
        text="this one, in blue?",
    )
    items.append(replace(answer, reply_to=answers or items[0].platform_message_id))
    result = ingest(database, account, items, start + timedelta(minutes=5))
    return result.new_conversation_ids[0], account


def last_row(pane) -> int:
    return pane.model.rowCount() - 1


def quote_area(pane, row: int):
    view = pane.view
    index = pane.model.index(row)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    bubble = pane.bubbles._geometry(option, index)[0]
    return pane.bubbles.quote_rect(index.data(Roles.MESSAGE), bubble)


def test_a_customers_reply_shows_what_it_answers_and_a_click_goes_there(
    qtbot, window, database
) -> None:
    chat, _account = chat_with_reply(database, before=70)  # the question is pages back
    pane = open_thread(window, chat)
    answer = pane.model.index(last_row(pane)).data(Roles.MESSAGE)
    assert answer.quote is not None and answer.quote.message_id is not None
    assert quote_lines(answer) == ("Ruth", "Blue or green?")
    assert pane.model.row_of(answer.quote.message_id) == -1  # not loaded yet
    area = quote_area(pane, last_row(pane))
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=area.center().toPoint())
    row = pane.model.row_of(answer.quote.message_id)
    assert row >= 0
    assert pane.model.index(row).data(Roles.HIGHLIGHTED)


def test_a_reply_to_a_message_dmdesk_does_not_have_says_so(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database, answers="777:1")
    pane = open_thread(window, chat)
    answer = pane.model.index(last_row(pane)).data(Roles.MESSAGE)
    assert answer.quote is not None and answer.quote.message_id is None
    assert quote_lines(answer)[1] == "It is not in DMDesk (older than its history)."


def test_answer_a_message_from_its_menu_and_it_is_sent_with_the_link(
    qtbot, window, database
) -> None:
    chat, _account = chat_with_reply(database)
    pane = open_thread(window, chat)
    question = pane.model.index(0).data(Roles.MESSAGE)
    menu = pane.message_menu(question)
    (answer_it,) = [a for a in menu.actions() if a.text() == "Reply to this message"]
    answer_it.trigger()
    bar = pane.composer.answering
    assert bar.isVisible() and bar.who.text() == "Replying to Ruth"
    assert bar.words.text() == "Blue or green?" and not bar.note.isVisible()
    QTest.keyClicks(pane.composer.editor, "The blue one, yes!")
    QTest.keyClick(pane.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: pane.model.index(last_row(pane)).data(Roles.MESSAGE).text == "The blue one, yes!"
    )
    ours = pane.model.index(last_row(pane)).data(Roles.MESSAGE)
    assert ours.direction is Direction.OUTGOING
    assert ours.reply_to == question.platform_message_id
    assert ours.quote is not None and ours.quote.message_id == question.id
    assert not bar.isVisible()  # the next reply answers no particular message
    with database.transaction() as session:
        _account_id, outgoing = message_store.outgoing(session, ours.id)
    assert outgoing.reply_to == question.platform_message_id  # what the connector sends


def test_q_answers_the_selected_message_or_else_their_newest(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database)
    pane = open_thread(window, chat)
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Q)
    bar = pane.composer.answering
    assert bar.isVisible() and bar.words.text() == "this one, in blue?"  # her newest
    assert pane.composer.editor.hasFocus()
    bar.close_button.click()
    assert not bar.isVisible() and bar.message is None
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0))
    QTest.keyClick(pane.view, Qt.Key.Key_Q)
    assert bar.words.text() == "Blue or green?"


def test_on_x_the_bar_says_the_reply_goes_unlinked(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database, platform=Platform.X)
    pane = open_thread(window, chat)
    pane.answer(pane.model.index(0).data(Roles.MESSAGE))
    assert pane.composer.answering.note.isVisible()
    assert "X does not link a reply to a message" in pane.composer.answering.note.text()


def test_switching_conversation_forgets_the_message_answered(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database)
    other, _other_account = chat_with_reply(database, platform=Platform.INSTAGRAM)
    pane = open_thread(window, chat)
    pane.answer(pane.model.index(0).data(Roles.MESSAGE))
    open_thread(window, other)
    assert not pane.composer.answering.isVisible()


def test_the_newest_message_stays_in_view_when_the_reply_box_grows(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database, before=30)
    pane = open_thread(window, chat)
    qtbot.waitUntil(pane.is_at_bottom)
    height = pane.view.height()
    pane.answer(pane.model.index(last_row(pane)).data(Roles.MESSAGE))
    qtbot.waitUntil(lambda: pane.view.height() < height)  # the quote took its room
    qtbot.waitUntil(pane.is_at_bottom)


def test_the_hover_button_beside_a_bubble_answers_it(qtbot, window, database) -> None:
    chat, _account = chat_with_reply(database)
    pane = open_thread(window, chat)
    view = pane.view
    index = pane.model.index(0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    message = index.data(Roles.MESSAGE)
    bubble = pane.bubbles._geometry(option, index)[0]
    button = pane.bubbles.answer_button(message, bubble)
    assert button.left() > bubble.right()  # beside a customer's bubble, on its right
    QTest.mouseMove(view.viewport(), button.center().toPoint())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center().toPoint())
    assert pane.composer.answering.isVisible()
    assert pane.composer.answering.words.text() == "Blue or green?"
