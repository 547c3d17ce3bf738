"""Desktop notifications and the launcher badge over a private D-Bus session bus,
read back by a recording notification server."""

import threading

import pytest
from fakes.notification_server import RecordingNotificationServer

from dmdesk.desktop_bus import DesktopBusError, DesktopNotifier


@pytest.fixture
def notifier(bus):
    desktop = DesktopNotifier(bus)
    yield desktop
    desktop.close()


def test_a_notification_arrives_with_its_words_actions_and_hints(
    notification_server, notifier
) -> None:
    notification_id = notifier.notify(
        "Chloé · Instagram", "any news? <b>&", actions={"default": "Open", "read": "Mark read"}
    )
    (shown,) = notification_server.shown
    assert shown.id == notification_id
    assert (shown.app_name, shown.summary, shown.body) == (
        "DMDesk",
        "Chloé · Instagram",
        "any news? <b>&",
    )
    assert shown.actions == ["default", "Open", "read", "Mark read"]
    assert shown.hints["desktop-entry"][1] == "dmdesk"
    assert "sound-name" not in shown.hints


def test_markup_servers_get_escaped_text_and_no_actions_where_unsupported(bus) -> None:
    notification_server = RecordingNotificationServer(bus, capabilities=("body", "body-markup"))
    notifier = DesktopNotifier(bus)
    try:
        notifier.notify("Ben", "<script>&", actions={"default": "Open"}, sound=True)
        (shown,) = notification_server.shown
        assert shown.body == "&lt;script&gt;&amp;"
        assert shown.actions == []
        assert shown.hints["sound-name"][1] == "message-new-instant"
    finally:
        notifier.close()
        notification_server.close()


def test_a_click_comes_back_with_its_id_and_action(notification_server, notifier) -> None:
    clicked: list[tuple[int, str]] = []
    heard = threading.Event()
    notifier.listen(lambda nid, action: (clicked.append((nid, action)), heard.set()))
    notification_id = notifier.notify("Chloé", "hi", actions={"default": "Open"})
    notification_server.click(notification_id, "read")
    assert heard.wait(5)
    assert clicked == [(notification_id, "read")]


def test_the_badge_count_is_signalled(notification_server, notifier) -> None:
    notifier.set_badge(7)
    notifier.set_badge(0)
    assert notification_server.wait_for(lambda: notification_server.badges == [7, 0])


def test_without_a_notification_server_it_says_so(bus) -> None:
    notifier = DesktopNotifier(bus)
    try:
        assert not notifier.available()
        with pytest.raises(DesktopBusError):
            notifier.notify("x", "y")
    finally:
        notifier.close()


def test_without_a_session_bus_it_says_so(tmp_path) -> None:
    notifier = DesktopNotifier(f"unix:path={tmp_path / 'no-bus'}")
    assert not notifier.available()
