"""Send later from the real window: Ctrl+Shift+Enter opens the Send menu, a reply
scheduled for later shows faded with its time and waits in Scheduled, its bubble
sends it now, edits or cancels it, Meta's windows are kept at the time it goes,
"remind me if no reply" brings the conversation back, and a customer who writes
first holds it until the owner says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arrivals import arrives
from modal import when_modal_opens, when_popup_opens
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from test_reply_window import conversation_written, open_it

from dmdesk.desktop_bus import DesktopNotifier
from dmdesk.domain import HeldReason, ListQuery, Platform, View
from dmdesk.store import outbox
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.when_dialog import WhenDialog


def choose(label: str) -> list[str]:
    offered: list[str] = []

    def act(menu: QMenu) -> None:
        offered.extend(a.text() for a in menu.actions() if a.text())
        (chosen,) = [a for a in menu.actions() if a.text().startswith(label)]
        menu.close()
        chosen.trigger()

    when_popup_opens(act)
    return offered


def send_menu(composer) -> None:
    QTest.keyClick(
        composer.editor,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def action(menu: QMenu, text: str):
    return next(a for a in menu.actions() if a.text() == text)


def message_by_id(window, message_id: int):
    return window.messages.index(window.messages.row_of(message_id)).data(Roles.MESSAGE)


def last_message(window):
    return window.messages.index(window.messages.rowCount() - 1).data(Roles.MESSAGE)


def schedule(qtbot, window, composer, text: str, label: str = "Tomorrow morning"):
    QTest.keyClicks(composer.editor, text)
    offered = choose(label)
    send_menu(composer)
    qtbot.waitUntil(lambda: last_message(window).text == text)
    return offered


def test_ctrl_shift_enter_schedules_a_reply_for_tomorrow_morning(
    qtbot, open_window, database, reader
) -> None:
    conversation_id = conversation_written(database, Platform.TELEGRAM, timedelta(hours=1), "Ines")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    offered = schedule(qtbot, window, composer, "It ships tomorrow!")
    assert offered[0] == "Send now\tCtrl+Enter"
    assert offered[1].startswith("Send, and remind me in 3 days if no reply\t")
    assert "Pick a date and time…" in offered
    scheduled = last_message(window)
    assert scheduled.is_scheduled and scheduled.scheduled_for.astimezone().hour == 9
    assert composer.editor.toPlainText() == ""
    qtbot.waitUntil(lambda: window.toast.label.text().startswith("Scheduled for tomorrow 09:00"))
    # Not answered until it goes: she still waits.
    assert reader.conversation(conversation_id).waiting_since is not None
    window.activateWindow()  # the menu closed: a window manager gives the focus back
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gl")
    listed = [c.id for c in reader.conversation_page(ListQuery(view=View.SCHEDULED))]
    assert conversation_id in listed  # beside the demo's own reply for the morning
    assert conversation_id in [
        window.conversations.conversation_at(r).id for r in range(window.conversations.rowCount())
    ]
    assert window.list_pane.views.currentItem().text() == f"Scheduled    {len(listed)}"


def test_its_bubble_sends_it_now_or_gives_it_back_to_edit(qtbot, open_window, database) -> None:
    conversation_id = conversation_written(database, Platform.TELEGRAM, timedelta(hours=1), "Olga")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    schedule(qtbot, window, composer, "See you Monday")
    message = last_message(window)
    menu = window.thread_pane.scheduled_reply_menu(message)
    assert [a.text() for a in menu.actions()] == ["Send now", "Edit", "Cancel"]
    action(menu, "Edit").trigger()
    qtbot.waitUntil(lambda: composer.editor.toPlainText() == "See you Monday")
    assert window.messages.row_of(message.id) == -1
    composer.editor.clear()
    schedule(qtbot, window, composer, "See you Monday, 10:00")
    again = last_message(window)
    action(window.thread_pane.scheduled_reply_menu(again), "Send now").trigger()
    qtbot.waitUntil(lambda: not last_message(window).is_scheduled)
    with database.transaction() as session:
        assert outbox.get(session, again.id).next_attempt_at <= datetime.now(UTC)


def test_past_the_24_hours_by_its_time_it_asks_for_the_human_agent_tag(
    qtbot, open_window, database
) -> None:
    conversation_id = conversation_written(database, Platform.INSTAGRAM, timedelta(hours=2), "Pia")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    asked: list[str] = []

    def type_time(dialog) -> None:
        assert isinstance(dialog, WhenDialog)

        def agree(box) -> None:
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()

        when_modal_opens(agree)
        QTest.keyClicks(dialog.typed, "in 3 days 10:00")
        QTest.keyClick(dialog.typed, Qt.Key.Key_Return)

    when_modal_opens(type_time)
    schedule(qtbot, window, composer, "Back in stock now", "Pick a date and time")
    assert "Human Agent tag" in asked[0]
    with database.transaction() as session:
        assert outbox.get(session, last_message(window).id).messaging_tag == "HUMAN_AGENT"


def test_past_the_7_days_by_its_time_it_is_refused_with_the_reason(
    qtbot, open_window, database
) -> None:
    conversation_id = conversation_written(database, Platform.INSTAGRAM, timedelta(hours=2), "Ada")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)

    def type_time(dialog) -> None:
        QTest.keyClicks(dialog.typed, "in 9 days")
        QTest.keyClick(dialog.typed, Qt.Key.Key_Return)

    when_modal_opens(type_time)
    QTest.keyClicks(composer.editor, "Too late")
    choose("Pick a date and time")
    send_menu(composer)
    qtbot.waitUntil(lambda: composer.problem.isVisible())
    assert "only within 7 days" in composer.problem.text()
    assert composer.editor.toPlainText() == "Too late"
    assert not last_message(window).is_scheduled


def test_send_and_remind_brings_it_back_only_if_they_do_not_reply(
    qtbot, open_window, database, reader
) -> None:
    conversation_id = conversation_written(database, Platform.TELEGRAM, timedelta(hours=1), "Eva")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    QTest.keyClicks(composer.editor, "Does the blue one suit?")
    choose("Send, and remind me")
    send_menu(composer)
    qtbot.waitUntil(lambda: reader.conversation(conversation_id).snoozed_until is not None)
    back = reader.conversation(conversation_id)
    assert back.flags.snooze_if_no_reply
    assert (back.snoozed_until.astimezone().date() - datetime.now().date()).days == 3
    qtbot.waitUntil(lambda: "if they don't reply" in window.toast.label.text())
    assert conversation_id in [
        c.id for c in reader.conversation_page(ListQuery(view=View.FOLLOW_UPS))
    ]


def test_a_customer_writing_first_holds_it_and_the_notification_asks(
    qtbot, open_window, database, bus, notification_server
) -> None:
    window = open_window()
    window.notifications.use_desktop_notifier(DesktopNotifier(bus))
    # On Telegram: tomorrow morning is more than Instagram's 24 hours away before 09:00.
    first = arrives(database, window, "Noor", "is it still available?", platform=Platform.TELEGRAM)
    conversation_id = first.new_conversation_ids[0]
    composer = open_it(qtbot, window, conversation_id)
    schedule(qtbot, window, composer, "Yes! Shall I keep it for you?")
    scheduled = last_message(window)
    arrives(database, window, "Noor", "never mind, found one", platform=Platform.TELEGRAM)
    qtbot.waitUntil(lambda: message_by_id(window, scheduled.id).held is HeldReason.THEY_WROTE)
    qtbot.waitUntil(
        lambda: any(
            "wrote before your scheduled reply" in n.summary for n in notification_server.shown
        )
    )
    (asking,) = [n for n in notification_server.shown if "scheduled reply" in n.summary]
    assert asking.actions[2:] == ["send_anyway", "Send anyway", "edit", "Edit", "cancel", "Cancel"]
    menu = window.thread_pane.scheduled_reply_menu(message_by_id(window, scheduled.id))
    assert [a.text() for a in menu.actions() if a.text()][:2] == [
        "Held: they wrote after you scheduled it",
        "Send anyway",
    ]
    notification_server.click(asking.id, "cancel")
    qtbot.waitUntil(lambda: window.messages.row_of(scheduled.id) == -1)
    assert QApplication.activeModalWidget() is None
