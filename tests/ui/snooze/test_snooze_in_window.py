"""Snooze from the real window: ``b`` and the header button open the times, a
conversation (or a selection) leaves the Inbox, Snoozed lists it by its time,
``z`` takes it back, a typed time is read back before it counts, and at its time
it returns to the top, unread, announced once, after quiet hours if need be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from modal import when_modal_opens, when_popup_opens
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

from dmdesk.desktop_bus import DesktopNotifier
from dmdesk.domain import ListQuery, View
from dmdesk.services.snooze_times import when_words
from dmdesk.ui.kit.when_dialog import WhenDialog


def titles(window) -> list[str]:
    model = window.conversations
    return [model.conversation_at(row).title for row in range(model.rowCount())]


def choose(label: str):
    """Choose the menu entry starting with ``label``; note what the menu offered."""
    offered: list[str] = []

    def act(menu: QMenu) -> None:
        offered.extend(a.text() for a in menu.actions() if not a.isSeparator())
        (chosen,) = [a for a in menu.actions() if a.text().startswith(label)]
        menu.close()
        chosen.trigger()

    when_popup_opens(act)
    return offered


def first_unpinned_row(window) -> int:
    """The top of the Inbox, below what is pinned there."""
    model = window.conversations
    return sum(model.conversation_at(row).flags.pinned for row in range(model.rowCount()))


def back_in_front(qtbot, window) -> None:
    """A modal dialog or a menu closed: the window manager gives the focus back."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(window, keys: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.focus_list()
    for key in keys:
        QTest.keyClick(window.focusWidget(), key, modifier)


def test_b_snoozes_the_chosen_conversation_until_tomorrow_morning(qtbot, window, reader) -> None:
    first = window.conversations.conversation_at(0)
    before = reader.snoozed_count()  # the demo has a few of its own
    offered = choose("Tomorrow morning")
    press(window, "b")
    qtbot.waitUntil(lambda: bool(offered))
    assert any(o.startswith("Tomorrow morning\t") and o.endswith(" 09:00") for o in offered)
    assert offered[-2:] == ["Pick a date and time…", "Until they reply, or at…"]
    qtbot.waitUntil(
        lambda: "Snoozed 1 conversation until tomorrow 09:00" in window.toast.label.text()
    )
    assert first.title not in titles(window)
    snoozed = reader.conversation(first.id)
    assert snoozed.snoozed_until.astimezone().hour == 9
    back_in_front(qtbot, window)
    press(window, "gs")
    assert first.title in titles(window)
    assert window.list_pane.views.currentItem().text() == f"Snoozed    {before + 1}"


def test_z_takes_a_snooze_back(qtbot, window, reader) -> None:
    first = window.conversations.conversation_at(0)
    choose("Next week")
    press(window, "b")
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is not None)
    back_in_front(qtbot, window)
    press(window, "z")
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is None)
    qtbot.waitUntil(lambda: window.conversations.row_of(first.id) == 0)  # where it was


def test_a_selection_is_snoozed_at_once(qtbot, window, reader) -> None:
    model = window.conversations
    chosen = [model.conversation_at(row).id for row in range(3)]
    window.list_pane.list.selectionModel().clearSelection()
    for row in range(3):
        window.list_pane.list.selectionModel().select(
            model.index(row), window.list_pane.list.selectionModel().SelectionFlag.Select
        )
    choose("Tomorrow morning")
    window.open_snooze_menu()
    before = reader.snoozed_count()
    qtbot.waitUntil(lambda: "Snoozed 3 conversations" in window.toast.label.text())
    assert all(reader.conversation(i).snoozed_until is not None for i in chosen)
    assert reader.snoozed_count() == before + 3


def test_the_header_button_opens_the_same_times(qtbot, window) -> None:
    (button,) = [
        b
        for b in window.thread_pane.findChildren(QToolButton)
        if b.defaultAction() is window.actions_by_name["snooze"]
    ]
    assert button.isVisible() and button.toolTip() == "Snooze  (B)"
    offered = choose("Next week")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Snoozed 1 conversation until" in window.toast.label.text())
    assert "Next week" in offered[-3]


def test_a_typed_time_is_read_back_and_return_snoozes(qtbot, window, reader) -> None:
    first = window.conversations.conversation_at(0)
    read_back: list[str] = []

    def type_in(dialog) -> None:
        assert isinstance(dialog, WhenDialog)
        QTest.keyClicks(dialog.typed, "banana")
        dialog.read_typed()
        read_back.append(dialog.reading.text())
        dialog.typed.clear()
        QTest.keyClicks(dialog.typed, "in 3 days 10:30")
        dialog.read_typed()
        read_back.append(dialog.reading.text())
        QTest.keyClick(dialog.typed, Qt.Key.Key_Return)

    when_modal_opens(type_in)
    choose("Pick a date and time")
    press(window, "b")
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is not None)
    assert read_back[0].startswith("That is not a time to come")
    now = datetime.now(UTC)
    due = (now + timedelta(days=3)).astimezone().replace(hour=10, minute=30)
    assert reader.conversation(first.id).snoozed_until == due.replace(second=0, microsecond=0)
    assert read_back[1] == f"→ {when_words(due, now)}"


def test_until_they_reply_is_a_follow_up(qtbot, window, reader) -> None:
    first = window.conversations.conversation_at(0)

    def type_in(dialog) -> None:
        assert dialog.only_if_no_reply.isChecked()
        QTest.keyClicks(dialog.typed, "in 2 days")
        QTest.keyClick(dialog.typed, Qt.Key.Key_Return)

    when_modal_opens(type_in)
    choose("Until they reply")
    press(window, "b")
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is not None)
    assert reader.conversation(first.id).flags.snooze_if_no_reply
    back_in_front(qtbot, window)
    press(window, "gf")
    assert first.title in titles(window)
    window.list_pane.select_id(first.id)
    qtbot.waitUntil(lambda: window.thread_pane.conversation.id == first.id)
    assert window.thread_pane.snoozed.text().endswith(" if they don't reply")
    assert "Will remind you" in window.toast.label.text()


def test_unsnooze_from_the_snoozed_view(qtbot, window, reader, database) -> None:
    from dmdesk.services.inbox import InboxService

    first = window.conversations.conversation_at(1)  # not the one open
    InboxService(database).snooze([first.id], datetime.now(UTC) + timedelta(minutes=5))
    press(window, "gs")
    assert titles(window)[0] == first.title  # the soonest first
    window.list_pane.select_row(0)
    qtbot.waitUntil(lambda: window.thread_pane.conversation.id == first.id)
    assert window.thread_pane.snoozed.text().startswith("· snoozed until today ")
    press(window, "B", Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is None)
    qtbot.waitUntil(lambda: first.title not in titles(window))
    assert first.id in [c.id for c in reader.conversation_page(ListQuery(view=View.INBOX))]


def test_the_snoozed_list_passes_the_model_tester(qtbot, qtmodeltester, window, database) -> None:
    from dmdesk.services.inbox import InboxService

    ids = [window.conversations.conversation_at(row).id for row in range(4)]
    for minutes, conversation_id in enumerate(ids, start=1):
        soon = datetime.now(UTC) + timedelta(minutes=minutes)  # before the demo's own
        InboxService(database).snooze([conversation_id], soon)
    press(window, "gs")
    assert [window.conversations.conversation_at(r).id for r in range(4)] == ids
    qtmodeltester.check(window.conversations)


def test_at_its_time_it_comes_back_on_top_unread_and_is_announced_once(
    qtbot, window, reader, database, bus, notification_server
) -> None:
    from dmdesk.services.inbox import InboxService

    window.notifications.use_desktop_notifier(DesktopNotifier(bus))
    inbox = InboxService(database)
    last = window.conversations.conversation_at(window.conversations.rowCount() - 1)
    inbox.set_read([last.id], True)
    inbox.snooze([last.id], datetime.now(UTC) + timedelta(milliseconds=400))
    window.conversations.reload()
    window.snooze_clock.start()
    qtbot.waitUntil(
        lambda: window.conversations.row_of(last.id) == first_unpinned_row(window), timeout=5000
    )
    assert reader.conversation(last.id).unread_count == 1
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    assert notification_server.shown[0].summary == f"Back from snooze: {last.title}"
    qtbot.waitUntil(lambda: reader.back_from_snooze() == [])
    window.snooze_clock.announce()
    window.snooze_clock.start()  # as at the next start: nothing is said twice
    qtbot.waitUntil(lambda: not window.snooze_clock._waking)
    assert len(notification_server.shown) == 1


def test_during_a_pause_it_comes_back_silently_and_is_said_afterwards(
    qtbot, window, reader, database, bus, notification_server
) -> None:
    from dmdesk.services.inbox import InboxService

    window.notifications.use_desktop_notifier(DesktopNotifier(bus))
    window.notifications.pause(datetime.now(UTC) + timedelta(hours=1))
    first = window.conversations.conversation_at(0)
    InboxService(database).snooze([first.id], datetime.now(UTC) + timedelta(milliseconds=200))
    window.snooze_clock.start()
    qtbot.waitUntil(lambda: reader.conversation(first.id).snoozed_until is None, timeout=5000)
    qtbot.waitUntil(lambda: window.snooze_clock.announce_timer.isActive())
    assert notification_server.shown == []
    window.notifications.pause(None)
    window.snooze_clock.announce_timer.timeout.emit()
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    assert notification_server.shown[0].summary == f"Back from snooze: {first.title}"
    assert QApplication.activeModalWidget() is None
