"""Desktop notifications from the real window, read back by a recording
notification server on a private D-Bus: grouping, muting, the focused
conversation, privacy, quiet hours, the badge, and clicks."""

from datetime import UTC, datetime, timedelta

import pytest
from arrivals import arrives

from dmdesk.desktop_bus import DesktopNotifier
from dmdesk.store.schema import ConversationRow


@pytest.fixture
def notifying_window(open_window, bus, notification_server):
    window = open_window()
    window.notifications.use_desktop_notifier(DesktopNotifier(bus))
    window.notifications.burst.setInterval(30)
    return window


def test_a_new_message_notifies_with_sender_platform_and_text(
    qtbot, notifying_window, database, notification_server
) -> None:
    arrives(database, notifying_window, "Ines", "Do you ship to Lisbon?")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    (shown,) = notification_server.shown
    assert (shown.summary, shown.body) == ("Ines · Instagram", "Do you ship to Lisbon?")
    assert shown.actions == ["default", "Open", "read", "Mark read"]


def test_a_burst_from_several_people_is_one_notification(
    qtbot, notifying_window, database, notification_server
) -> None:
    notifying_window.notifications.burst.setInterval(300)
    for who, text in [("Ines", "a"), ("Olga", "b"), ("Ines", "c")]:
        arrives(database, notifying_window, who, text)
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    assert notification_server.shown[0].summary == "3 new messages from 2 people"
    assert "read" not in notification_server.shown[0].actions  # several conversations: Open only


def test_muted_and_focused_conversations_stay_silent(
    qtbot, notifying_window, database, notification_server
) -> None:
    window = notifying_window
    first = arrives(database, window, "Ines", "hello")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    conversation_id = first.new_conversation_ids[0]
    window.conversations.reload()
    window.list_pane.select_id(conversation_id)  # open and in front of the user
    qtbot.waitUntil(lambda: window._focused_conversation() == conversation_id)
    arrives(database, window, "Ines", "still there?")
    with database.transaction() as session:
        from dmdesk.store import conversations as conversation_store

        conversation_store.update_flags(session, [conversation_id], muted=True)
    window.list_pane.select_row(0 if window.list_pane.current().id != conversation_id else 1)
    arrives(database, window, "Ines", "muted now")
    arrives(database, window, "Olga", "heard")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 2)
    assert notification_server.shown[1].summary == "Olga · Instagram"


def test_privacy_hides_the_text(qtbot, notifying_window, database, notification_server) -> None:
    notifying_window.settings.setValue("notifications/show_text", False)
    arrives(database, notifying_window, "Ines", "my address is 12 Rua Augusta")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    assert notification_server.shown[0].body == "New message"


def test_quiet_hours_and_a_pause_keep_it_quiet_but_count(
    qtbot, notifying_window, database, notification_server
) -> None:
    window = notifying_window
    now = datetime.now().astimezone()
    window.settings.setValue(
        "notifications/quiet_start", (now - timedelta(hours=1)).strftime("%H:%M")
    )
    window.settings.setValue(
        "notifications/quiet_end", (now + timedelta(hours=1)).strftime("%H:%M")
    )
    ines = arrives(database, window, "Ines", "at night").new_conversation_ids[0]
    window.refresh_counts()
    assert window.reader.conversation(ines).unread_count == 1  # counted
    # The badge follows the count of what calls for attention (muted ones do not),
    # compared with the count as it is now.
    qtbot.waitUntil(
        lambda: (
            bool(notification_server.badges)
            and notification_server.badges[-1] == window.reader.unread_conversations(muted=False)
            and window.reader.conversation(ines).unread_count == 1
        )
    )
    window.settings.setValue("notifications/quiet_start", "")
    window.notifications.pause(datetime.now(UTC) + timedelta(hours=1))
    arrives(database, window, "Olga", "paused")
    window.notifications.pause(None)
    arrives(database, window, "Pia", "resumed")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    assert notification_server.shown[0].summary == "Pia · Instagram"


def test_clicking_opens_the_conversation_and_mark_read_reads_it(
    qtbot, notifying_window, database, notification_server, reader
) -> None:
    window = notifying_window
    result = arrives(database, window, "Ines", "open me")
    conversation_id = result.new_conversation_ids[0]
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    window.conversations.reload()
    notification_server.click(notification_server.shown[0].id, "default")
    qtbot.waitUntil(lambda: window.messages.conversation_id == conversation_id)
    second = arrives(database, window, "Olga", "read me")
    olga = second.new_conversation_ids[0]
    qtbot.waitUntil(lambda: len(notification_server.shown) == 2)
    notification_server.click(notification_server.shown[1].id, "read")
    qtbot.waitUntil(lambda: reader.conversation(olga).unread_count == 0)
    # Taken back once the window hears of the read, which needs its event loop running.
    qtbot.waitUntil(lambda: notification_server.shown[1].id in notification_server.closed)


def test_a_chat_read_in_the_platforms_app_takes_its_pop_up_back(
    qtbot, notifying_window, database, notification_server, reader
) -> None:
    from dmdesk.domain import IngestResult
    from dmdesk.store import messages as message_store

    window = notifying_window
    ines = arrives(database, window, "Ines", "Do you ship to Lisbon?")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    arrives(database, window, "Olga", "Is the scarf wool?")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 2)
    (conversation_id,) = ines.new_conversation_ids
    (message,) = reader.messages(ines.new_message_ids)
    with database.transaction() as session:  # as sync stores it: read on the phone
        account_id = session.get_one(ConversationRow, conversation_id).account_id
        message_store.read_up_to(session, account_id, [message.platform_message_id])
    window.on_messages_ingested(
        account_id, IngestResult(touched_conversation_ids=(conversation_id,))
    )
    qtbot.waitUntil(
        lambda: notification_server.closed == [notification_server.shown[0].id]
    )  # Olga's stays


def test_without_a_tray_the_window_says_so_once(qtbot, open_window) -> None:
    window = open_window()
    assert not window.install_tray()  # offscreen: no tray
    assert "no system tray" in window.toast.label.text()
    window.toast.label.setText("")
    assert not window.install_tray()
    assert window.toast.label.text() == ""


def test_quiet_hours_are_set_in_their_dialog(qtbot, open_window) -> None:
    from datetime import time

    from PySide6.QtCore import QTime

    from dmdesk.ui.notifications.center import load_settings
    from dmdesk.ui.notifications.quiet_hours_dialog import QuietHoursDialog

    window = open_window()
    dialog = QuietHoursDialog(window.settings, window)
    qtbot.addWidget(dialog)
    assert not dialog.daily.isChecked() and dialog.start.isEnabled()  # a time can be typed
    dialog.daily.setChecked(True)
    dialog.start.setTime(QTime(21, 30))
    dialog.end.setTime(QTime(7, 0))
    dialog.weekends.setChecked(True)
    dialog.accept()
    quiet = load_settings(window.settings).quiet
    assert (quiet.start, quiet.end, quiet.weekends) == (time(21, 30), time(7, 0), True)
    again = QuietHoursDialog(window.settings, window)
    qtbot.addWidget(again)
    again.daily.setChecked(False)
    again.accept()
    assert load_settings(window.settings).quiet.start is None


def test_preferences_switches_are_saved_at_once(qtbot, open_window) -> None:
    window = open_window()
    privacy = window.preferences.switches["notifications/show_text"]
    assert privacy.isChecked()
    privacy.trigger()
    from dmdesk.ui.notifications.center import load_settings

    assert load_settings(window.settings).show_text is False
    assert window.preferences.switches["tray/close_to_tray"].isChecked()


def test_a_follow_up_date_that_comes_due_reminds_once(
    qtbot, notifying_window, database, notification_server, reader
) -> None:
    from datetime import date

    from dmdesk.store import contacts as contact_store

    window = notifying_window
    result = arrives(database, window, "Ines", "let me think about it")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 1)
    conversation = reader.conversation(result.new_conversation_ids[0])
    today = date(2026, 11, 23)
    with database.transaction() as session:
        contact_store.set_follow_up(session, conversation.contact_id, today)
    assert window.notifications.check_follow_ups(date(2026, 11, 22)) == 0  # not yet
    assert window.notifications.check_follow_ups(today) == 1
    qtbot.waitUntil(lambda: len(notification_server.shown) == 2)
    assert notification_server.shown[1].summary == "Follow up with Ines"
    body = notification_server.shown[1].body  # she wrote last: the reminder says so
    assert body.startswith("You planned to get back to them today. They are waiting ")
    assert window.notifications.check_follow_ups(today) == 0  # once
    window.conversations.reload()
    notification_server.click(notification_server.shown[1].id, "default")
    qtbot.waitUntil(lambda: window.messages.conversation_id == conversation.id)


def test_a_pause_runs_from_when_it_is_chosen(qtbot, open_window) -> None:
    from dmdesk.ui.shell.tray import TrayIcon

    window = open_window()
    tray = TrayIcon(window, lambda now: {"For 1 hour": now + timedelta(hours=1)})
    chosen: list[datetime] = []
    tray.pause_requested.connect(chosen.append)
    clicked_at = datetime.now(UTC)
    tray.pause_menu.actions()[0].trigger()
    assert chosen[0] - clicked_at >= timedelta(hours=1)  # not from when the menu was built
    tray.resume_action.trigger()
    assert chosen[1] is None


def test_the_badge_ends_on_the_newest_count_however_fast_counts_change(
    qtbot, notifying_window, notification_server
) -> None:
    # Counts no demo window has, told apart from what it sends of its own.
    for count in range(1001, 1041):  # sends side by side could land in any order
        notifying_window.notifications.set_unread(count)
    qtbot.waitUntil(lambda: notification_server.badges[-1:] == [1040])
    ours = [count for count in notification_server.badges if count > 1000]
    assert ours == sorted(set(ours))  # in order, none twice


def test_an_account_that_needs_reconnecting_is_said_once(
    qtbot, notifying_window, database, notification_server
) -> None:
    from dmdesk.domain import AccountStatus
    from dmdesk.store import accounts as account_store

    window = notifying_window
    with database.transaction() as session:
        account = account_store.list_accounts(session)[0]
        account_store.set_status(
            session, account.id, AccountStatus.NEEDS_RECONNECT, "Instagram no longer renews it."
        )
    for _ in range(2):  # told twice (a Check now tried again): said once
        window.on_account_status_changed(
            account.id, AccountStatus.NEEDS_RECONNECT.value, "Instagram no longer renews it."
        )
    window.on_account_status_changed(account.id, AccountStatus.CONNECTED.value, "")  # quiet
    with database.transaction() as session:
        account_store.set_status(session, account.id, AccountStatus.CONNECTED, "A gap.")
    window.on_account_status_changed(account.id, AccountStatus.CONNECTED.value, "A gap.")
    qtbot.waitUntil(lambda: len(notification_server.shown) == 2)
    first, gap = sorted(notification_server.shown, key=lambda shown: "gap" in shown.body)
    assert first.summary.endswith("needs re-connecting")
    assert "Instagram no longer renews it." in first.body and "File → Accounts" in first.body
    assert gap.summary.endswith(": some messages may be missing") and gap.body == "A gap."
    assert window.statusBar().currentMessage() == "A gap."
