"""A recording org.freedesktop.Notifications server on a private session bus
(jeepney), and a listener for launcher-entry badge signals: the tests read back
exactly what DMDesk showed, and can click a notification's action."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, MatchRule, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"


@dataclass(frozen=True)
class Shown:
    id: int
    app_name: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]


class RecordingNotificationServer:
    def __init__(self, address: str, capabilities: tuple[str, ...] = ("actions", "body")):
        self.capabilities = list(capabilities)
        self.shown: list[Shown] = []
        self.closed: list[int] = []
        self.badges: list[int] = []
        self.changed = threading.Condition()
        self._connection = open_dbus_connection(bus=address)
        self._connection.send_and_get_reply(message_bus.RequestName(INTERFACE), timeout=5)
        badge_rule = MatchRule(type="signal", interface="com.canonical.Unity.LauncherEntry")
        self._connection.send_and_get_reply(message_bus.AddMatch(badge_rule), timeout=5)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                message = self._connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except OSError:
                return
            header = message.header
            member = header.fields.get(3)  # HeaderFields.member
            if header.message_type is MessageType.signal and member == "Update":
                with self.changed:
                    self.badges.append(int(message.body[1]["count"][1]))
                    self.changed.notify_all()
                continue
            if header.message_type is not MessageType.method_call:
                continue
            if member == "GetCapabilities":
                reply = new_method_return(message, "as", (self.capabilities,))
            elif member == "GetServerInformation":
                reply = new_method_return(message, "ssss", ("recorder", "dmdesk-tests", "1", "1.2"))
            elif member == "Notify":
                app, _replaces, _icon, summary, body, actions, hints, _timeout = message.body
                with self.changed:
                    shown = Shown(
                        len(self.shown) + 1, app, summary, body, list(actions), dict(hints)
                    )
                    self.shown.append(shown)
                    self.changed.notify_all()
                reply = new_method_return(message, "u", (shown.id,))
            elif member == "CloseNotification":
                with self.changed:
                    self.closed.append(int(message.body[0]))
                    self.changed.notify_all()
                reply = new_method_return(message)
            else:
                continue
            self._connection.send(reply)

    def click(self, notification_id: int, action: str = "default") -> None:
        signal = new_signal(
            DBusAddress(PATH, interface=INTERFACE), "ActionInvoked", "us", (notification_id, action)
        )
        self._connection.send(signal)

    def wait_for(self, condition, timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(condition, timeout)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(2)
        self._connection.close()
