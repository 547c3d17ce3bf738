"""Linux desktop integration over the session D-Bus, with jeepney: freedesktop
notifications (with actions, where the server has them) and the launcher badge
(``com.canonical.Unity.LauncherEntry``, read by the GNOME and KDE docks).

Qt's own D-Bus module cannot build the ``u`` and ``as`` arguments notification
servers expect; jeepney can, and keyring already depends on it. Every call has a
short timeout: a hung notification daemon must never hold up the app.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MatchRule, MessageType, new_method_call, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

log = logging.getLogger(__name__)

NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
LAUNCHER_ENTRY = "com.canonical.Unity.LauncherEntry"
APP_NAME = "DMDesk"
DESKTOP_ENTRY = "dmdesk"
CALL_TIMEOUT_S = 2.0


class DesktopBusError(Exception):
    """The session bus or the notification server is not there or did not answer."""


class DesktopNotifier:
    """Sends notifications and hears which were clicked (``on_action``: id, action key)."""

    def __init__(self, bus: str = "SESSION") -> None:
        self._bus = bus
        self._connection: DBusConnection | None = None
        self._lock = threading.Lock()
        self._capabilities: frozenset[str] | None = None
        self._listener: threading.Thread | None = None
        self._stopping = threading.Event()

    def _conn(self) -> DBusConnection:
        if self._connection is None:
            try:
                self._connection = open_dbus_connection(bus=self._bus)
            except (OSError, KeyError, ValueError) as error:
                raise DesktopBusError(f"No session bus: {error}") from None
        return self._connection

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        message = new_method_call(NOTIFICATIONS, method, signature, body)
        with self._lock:
            try:
                reply = self._conn().send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                raise DesktopBusError(f"The notification server did not answer: {error}") from None
        if reply.header.message_type is MessageType.error:
            raise DesktopBusError(f"The notification server refused {method}: {reply.body}")
        return reply.body

    def available(self) -> bool:
        try:
            self.capabilities()
        except DesktopBusError:
            return False
        return True

    def capabilities(self) -> frozenset[str]:
        if self._capabilities is None:
            (names,) = self._call("GetCapabilities")
            self._capabilities = frozenset(names)
        return self._capabilities

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: dict[str, str] | None = None,
        sound: bool = False,
        replaces_id: int = 0,
        icon: str = "dmdesk",
    ) -> int:
        """Show a notification; returns its id. ``actions`` maps keys to labels and is
        left out where the server does not do actions. The body is sent as plain text:
        servers that read markup would otherwise render a customer's < and &."""
        has_actions = "actions" in self.capabilities()
        flat_actions: list[str] = []
        for key, label in (actions or {}).items() if has_actions else ():
            flat_actions += [key, label]
        hints: dict[str, tuple[str, Any]] = {
            "desktop-entry": ("s", DESKTOP_ENTRY),
            "category": ("s", "im.received"),
            "urgency": ("y", 1),
        }
        if sound:
            hints["sound-name"] = ("s", "message-new-instant")
        if "body-markup" in self.capabilities():
            body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        (notification_id,) = self._call(
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces_id, icon, title, body, flat_actions, hints, -1),
        )
        return int(notification_id)

    def close_notification(self, notification_id: int) -> None:
        self._call("CloseNotification", "u", (notification_id,))

    def listen(self, on_action: Callable[[int, str], None]) -> None:
        """Hear ActionInvoked on a thread of its own (its own connection, so a wait
        for signals never blocks a Notify)."""
        if self._listener is not None:
            return
        rule = MatchRule(
            type="signal",
            interface=NOTIFICATIONS.interface,
            path=NOTIFICATIONS.object_path,
            member="ActionInvoked",
        )
        try:
            connection = open_dbus_connection(bus=self._bus)
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
        except (OSError, KeyError, ValueError, TimeoutError) as error:
            raise DesktopBusError(f"Cannot listen for clicks: {error}") from None

        def run() -> None:
            with connection.filter(rule) as queue:
                while not self._stopping.is_set():
                    try:
                        signal = connection.recv_until_filtered(queue, timeout=0.5)
                    except TimeoutError:
                        continue
                    except OSError:
                        return
                    notification_id, action = signal.body
                    try:
                        on_action(int(notification_id), str(action))
                    except Exception:
                        log.exception("handling a notification click failed")
            connection.close()

        self._listener = threading.Thread(target=run, name="dmdesk-notifications", daemon=True)
        self._listener.start()

    def set_badge(self, count: int) -> None:
        """The unread count on the dock or taskbar entry (0 hides it)."""
        signal = new_signal(
            DBusAddress(
                f"/com/canonical/unity/launcherentry/{DESKTOP_ENTRY}", interface=LAUNCHER_ENTRY
            ),
            "Update",
            "sa{sv}",
            (
                f"application://{DESKTOP_ENTRY}.desktop",
                {"count": ("x", count), "count-visible": ("b", count > 0)},
            ),
        )
        with self._lock:
            try:
                self._conn().send(signal)
            except OSError as error:
                raise DesktopBusError(f"No session bus: {error}") from None

    def close(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            self._listener.join(2)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
