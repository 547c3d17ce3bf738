"""From new messages to desktop notifications, and from a click back to the
conversation.

New incoming messages are collected for a short burst, then the rules in
``services.notification_rules`` decide what to show. On Linux notifications go
over D-Bus (``desktop_bus``), with actions where the server has them; elsewhere,
or with no notification server, the tray icon's own messages stand in. D-Bus
calls run on the network pool: a hung daemon must never freeze the window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from dmdesk.domain import Account, AccountStatus, Direction, IngestResult
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.notification_rules import (
    DesktopNotification,
    IncomingNews,
    NotificationSettings,
    QuietHours,
    ReturnedNews,
    back_from_snooze,
    notifications_for,
)
from dmdesk.services.waiting_time import waited_words
from dmdesk.services.workers import Workers
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import as_rich_text

if TYPE_CHECKING:
    from dmdesk.desktop_bus import DesktopNotifier

log = logging.getLogger(__name__)

BURST_MS = 1500
"""Messages arriving this close together make one notification."""
UNTIL_RESUMED = datetime(9999, 1, 1, tzinfo=UTC)
FOLLOW_UP_CHECK_MS = 10 * 60 * 1000
HELD_ACTIONS = {"send_anyway": "Send anyway", "edit": "Edit", "cancel": "Cancel"}


def load_settings(settings: QSettings) -> NotificationSettings:
    def flag(key: str, default: bool) -> bool:
        value = settings.value(f"notifications/{key}", default)
        return value in (True, "true", "1", 1)

    def clock(key: str) -> time | None:
        value = str(settings.value(f"notifications/{key}", "") or "")
        try:
            return time.fromisoformat(value) if value else None
        except ValueError:
            return None

    paused = str(settings.value("notifications/paused_until", "") or "")
    try:
        paused_until = datetime.fromisoformat(paused) if paused else None
    except ValueError:
        paused_until = None
    return NotificationSettings(
        enabled=flag("enabled", True),
        show_text=flag("show_text", True),
        sound=flag("sound", False),
        quiet=QuietHours(clock("quiet_start"), clock("quiet_end"), flag("quiet_weekends", False)),
        paused_until=paused_until,
    )


class NotificationCenter(QObject):
    open_requested = Signal(int)
    """A notification was clicked: show this conversation (-1: just the window)."""
    mark_read_requested = Signal(int)
    scheduled_action_requested = Signal(int, str)
    """From a held reply's notification: message id, "send_anyway", "edit" or "cancel"."""
    paused_changed = Signal()
    _clicked = Signal(int, str)  # from the D-Bus listener thread

    def __init__(
        self,
        reader: InboxReads,
        settings: QSettings,
        workers: Workers,
        focused_conversation: Callable[[], int | None],
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._settings = settings
        self._workers = workers
        self._focused = focused_conversation
        self._tray = tray
        self._desktop: DesktopNotifier | None = None
        self._pending: list[int] = []
        self._closed = False
        self._shown: dict[int, int | None] = {}  # notification id -> conversation id
        self._held_shown: dict[int, int] = {}  # notification id -> held reply's message id
        self._badge_lock = threading.Lock()
        self._badge_wanted = 0
        self._badge_sent: int | None = None
        self._badge_busy = False
        self._tray_conversation: int | None = None
        self._accounts_told: set[tuple[int, str]] = set()
        self.burst = QTimer(self)
        self.burst.setSingleShot(True)
        self.burst.setInterval(BURST_MS)
        self.burst.timeout.connect(self._flush)
        self.follow_up_timer = QTimer(self)
        self.follow_up_timer.setInterval(FOLLOW_UP_CHECK_MS)
        self.follow_up_timer.timeout.connect(self.check_follow_ups)
        self._clicked.connect(self._on_clicked)
        if tray is not None:
            self.set_tray(tray)

    def set_tray(self, tray: QSystemTrayIcon) -> None:
        self._tray = tray
        tray.messageClicked.connect(self._on_tray_message_clicked)

    def use_desktop_notifier(self, notifier: DesktopNotifier) -> None:
        """Route notifications over D-Bus from now on (once it proved available)."""
        self._desktop = notifier
        notifier.listen(lambda nid, action: self._clicked.emit(nid, action))

    # --- settings ------------------------------------------------------------------------

    def settings(self) -> NotificationSettings:
        return load_settings(self._settings)

    def pause(self, until: datetime | None) -> None:
        """None resumes."""
        value = until.isoformat() if until is not None else ""
        self._settings.setValue("notifications/paused_until", value)
        self._settings.sync()
        self.paused_changed.emit()

    def paused_until(self, now: datetime | None = None) -> datetime | None:
        until = self.settings().paused_until
        if until is None or until <= (now or datetime.now(UTC)):
            return None
        return until

    @staticmethod
    def pause_choices(now: datetime) -> dict[str, datetime]:
        local = now.astimezone()
        tomorrow = datetime.combine(local.date() + timedelta(days=1), time(8, 0), local.tzinfo)
        return {
            "For 1 hour": now + timedelta(hours=1),
            "Until tomorrow (08:00)": tomorrow,
            "Until I resume": UNTIL_RESUMED,
        }

    # --- news ----------------------------------------------------------------------------

    def on_messages_ingested(self, result: IngestResult) -> None:
        # Judged as they arrive: what came in during quiet hours never pops up later.
        if result.new_message_ids and not self.settings().silenced(datetime.now(UTC)):
            self._pending.extend(result.new_message_ids)
            if not self.burst.isActive():
                self.burst.start()

    def withdraw_read(self, conversation_ids: Iterable[int]) -> None:
        """Take back the pop-ups of conversations that are read now, here or in the
        platform's own app: an alert for what has been seen is noise."""
        wanted = set(conversation_ids)
        shown = {n: c for n, c in self._shown.items() if c is not None and c in wanted}
        desktop = self._desktop
        if not shown or desktop is None:
            return
        read = {
            c
            for c in set(shown.values())
            if (conversation := self._reader.conversation(c)) is None
            or not conversation.unread_count
        }
        for notification_id, conversation_id in shown.items():
            if conversation_id in read:
                del self._shown[notification_id]
                future = self._workers.network.submit(desktop.close_notification, notification_id)
                future.add_done_callback(_log_failure)

    def _flush(self) -> None:
        if self._closed:
            return
        ids, self._pending = self._pending, []
        news: list[IncomingNews] = []
        conversations: dict[int, Any] = {}
        for message in self._reader.messages(ids):
            if message.direction is not Direction.INCOMING:
                continue
            if message.conversation_id not in conversations:
                conversations[message.conversation_id] = self._reader.conversation(
                    message.conversation_id
                )
            conversation = conversations[message.conversation_id]
            if conversation is None:
                continue
            news.append(
                IncomingNews(
                    conversation.id,
                    message.sender_name or conversation.title,
                    conversation.platform,
                    message.text,
                    muted=conversation.flags.muted,
                )
            )
        settings = self.settings()
        for notification in notifications_for(news, settings, datetime.now(UTC), self._focused()):
            self._show(notification, settings.sound)

    def _show(
        self, notification: DesktopNotification, sound: bool, held_reply: int | None = None
    ) -> None:
        desktop = self._desktop
        if desktop is not None:
            actions = {"default": "Open"}
            if held_reply is not None:
                actions |= HELD_ACTIONS
            elif notification.conversation_id is not None:
                actions["read"] = "Mark read"

            def send() -> int:
                return desktop.notify(
                    notification.title, notification.body, actions=actions, sound=sound
                )

            future = self._workers.network.submit(send)
            future.add_done_callback(
                lambda done: self._remember(done, notification.conversation_id, held_reply)
            )
            return
        if self._tray is not None and self._tray.isVisible():
            self._tray_conversation = notification.conversation_id
            # Qt draws its own balloon here, and reads markup in it.
            self._tray.showMessage(
                as_rich_text(notification.title),
                as_rich_text(notification.body),
                QSystemTrayIcon.MessageIcon.Information,
            )
            if sound:  # the tray's balloons are silent; the system's alert sound stands in
                QApplication.beep()

    def _remember(self, done: Any, conversation_id: int | None, held_reply: int | None) -> None:
        error = done.exception()
        if error is not None:
            log.warning("a desktop notification was not shown: %s", error)
            return
        self._shown[int(done.result())] = conversation_id
        if held_reply is not None:
            self._held_shown[int(done.result())] = held_reply

    def _on_clicked(self, notification_id: int, action: str, retried: bool = False) -> None:
        if notification_id not in self._shown:
            if not retried:  # clicked before Notify's answer was filed: look once more
                QTimer.singleShot(250, lambda: self._on_clicked(notification_id, action, True))
            return  # else another program's notification
        conversation_id = self._shown[notification_id]
        held_reply = self._held_shown.get(notification_id)
        if held_reply is not None and action in HELD_ACTIONS:
            if action == "edit" and conversation_id is not None:
                self.open_requested.emit(conversation_id)
            self.scheduled_action_requested.emit(held_reply, action)
        elif action == "read" and conversation_id is not None:
            self.mark_read_requested.emit(conversation_id)
        else:
            self.open_requested.emit(conversation_id if conversation_id is not None else -1)

    def _on_tray_message_clicked(self) -> None:
        conversation_id = self._tray_conversation
        self.open_requested.emit(conversation_id if conversation_id is not None else -1)

    # --- follow-ups ------------------------------------------------------------------------

    def check_follow_ups(self, today: date | None = None) -> int:
        """Remind once of each contact whose follow-up date has come; returns how many.
        A reminder held back by quiet hours or a pause comes at the next check."""
        if self._closed:
            return 0
        today = today or datetime.now().astimezone().date()
        settings = self.settings()
        if settings.silenced(datetime.now(UTC)):
            return 0
        shown = 0
        for contact_id, name, due, conversation_id in self._reader.due_follow_ups(today):
            key = f"followups/{contact_id}"
            if self._settings.value(key, "") == due.isoformat():
                continue  # already reminded of this date
            self._settings.setValue(key, due.isoformat())
            when = "today" if due == today else f"since {due:%a %d %b}"
            body = f"You planned to get back to them {when}."
            conversation = self._reader.conversation(conversation_id) if conversation_id else None
            if conversation is not None and conversation.waiting_since is not None:
                body += f" They are {waited_words(conversation.waiting_since, datetime.now(UTC))}."
            self._show(
                DesktopNotification(f"Follow up with {name}", body, conversation_id),
                settings.sound,
            )
            shown += 1
        self._settings.sync()
        return shown

    # --- back from snooze ------------------------------------------------------------------

    def announce_returns(self, returned: Sequence[ReturnedNews]) -> bool:
        """Say which conversations are back from a snooze; False while quiet hours or
        a pause hold it back (the caller asks again later)."""
        settings = self.settings()
        if self._closed or settings.silenced(datetime.now(UTC)):
            return False
        notification = back_from_snooze(returned, settings)
        if notification is not None:
            self._show(notification, settings.sound)
        return True

    # --- replies sent later, held ---------------------------------------------------------

    def scheduled_held(self, message_ids: Sequence[int]) -> None:
        """A customer wrote before a reply scheduled for them went: ask what to do.
        Quiet hours keep it to the thread, where the held bubble asks the same."""
        settings = self.settings()
        if self._closed or settings.silenced(datetime.now(UTC)):
            return
        for message in self._reader.messages(message_ids):
            conversation = self._reader.conversation(message.conversation_id)
            if conversation is None:
                continue
            notification = DesktopNotification(
                f"{conversation.title} wrote before your scheduled reply",
                "It is held until you decide: send it anyway, edit it, or cancel it.",
                conversation.id,
            )
            self._show(notification, settings.sound, held_reply=message.id)

    # --- accounts ------------------------------------------------------------------------

    def account_needs_you(self, account: Account, detail: str) -> None:
        """An account that stopped (its token cannot be renewed) or may have missed
        messages: said once per account and words, as the status bar says it too."""
        said = (account.id, detail)
        settings = self.settings()
        if self._closed or said in self._accounts_told or settings.silenced(datetime.now(UTC)):
            return
        self._accounts_told.add(said)
        title = f"{account.platform.label} {one_line(account.display_name, 60)}"
        if account.status is AccountStatus.NEEDS_RECONNECT:
            title += " needs re-connecting"
        else:
            title += ": some messages may be missing"
        body = detail + (
            "\n\nFile → Accounts… to re-connect it."
            if account.status is AccountStatus.NEEDS_RECONNECT
            else ""
        )
        self._show(DesktopNotification(title, body, None), sound=False)

    # --- the badge -------------------------------------------------------------------------

    def set_unread(self, count: int) -> None:
        """The dock badge shows ``count``. One send at a time, always of the newest
        count: sends on the network pool side by side could land out of order and
        leave an old count on the badge."""
        desktop = self._desktop
        if desktop is None:
            return
        with self._badge_lock:
            self._badge_wanted = count
            if self._badge_busy:
                return  # the send under way goes on to this count
            self._badge_busy = True
        self._workers.network.submit(self._send_badges, desktop)

    def _send_badges(self, desktop: DesktopNotifier) -> None:
        try:
            while True:
                with self._badge_lock:
                    wanted = self._badge_wanted
                    if wanted == self._badge_sent:
                        self._badge_busy = False
                        return
                desktop.set_badge(wanted)
                with self._badge_lock:
                    self._badge_sent = wanted
        except Exception:
            with self._badge_lock:
                self._badge_busy = False
            log.warning("the dock badge was not updated", exc_info=True)

    def close(self) -> None:
        # The reader closes with the window: nothing may read it after this.
        self.burst.stop()
        self.follow_up_timer.stop()
        self._closed = True
        if self._desktop is not None:
            self._desktop.close()


def _log_failure(done: Any) -> None:
    # A pop-up the user already closed cannot be closed again; nothing to tell them.
    error = done.exception()
    if error is not None:
        log.info("a desktop notification was not withdrawn: %s", error)
