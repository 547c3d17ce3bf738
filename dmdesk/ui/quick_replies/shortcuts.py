"""The quick-reply library as the working window uses it: the reply box's / popup
and Alt+1 to Alt+9 (the library's first nine), the palette's entries, each use
recorded (the most used come first), and the library dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from dmdesk.domain import Profile, QuickReply
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.relabel import relabel
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.writes import Writes


class ReplyBox(Protocol):
    """What of the thread's composer the quick replies use."""

    quick_reply_used: SignalInstance

    def set_profile(self, profile: Profile) -> None: ...

    def set_quick_replies(self, replies: list[QuickReply]) -> None: ...

    def insert_quick_reply(self, reply: QuickReply) -> None: ...

    def values(self) -> Mapping[str, str]: ...


class QuickReplyShortcuts(QObject):
    loaded = Signal(list)
    """The library as read again, in its order (list of QuickReply)."""

    def __init__(
        self,
        reply_box: ReplyBox,
        has_conversation: Callable[[], bool],
        reader: InboxReads,
        tasks: TaskRunner,
        writes: Writes,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._box = reply_box
        self._has_conversation = has_conversation
        self._reader = reader
        self._tasks = tasks
        self._writes = writes
        self._window = window
        self.replies: list[QuickReply] = []
        self.numbered_actions: list[QAction] = []
        """Replies → 1. to 9. (Alt+1 to Alt+9), once the window has made them."""
        self.profile = Profile()
        reply_box.quick_reply_used.connect(self._record_use)

    def load(self) -> None:
        """Read the library again (it is small) and hand it to the reply box and to
        Replies → 1. to 9. (the library's first nine, by name)."""
        self.replies = self._reader.quick_replies()
        self.profile = self._reader.profile()
        self._box.set_profile(self.profile)
        self._box.set_quick_replies(self.replies)
        for number, action in enumerate(self.numbered_actions, start=1):
            reply = self.replies[number - 1] if number <= len(self.replies) else None
            relabel(action, f"{number}.  {one_line(reply.name, 50)}" if reply else f"{number}.")
            action.setVisible(reply is not None)
        self.loaded.emit(self.replies)

    def insert(self, number: int) -> None:
        """Alt+1 to Alt+9: the library's first nine, filled in at the cursor."""
        if number <= len(self.replies) and self._has_conversation():
            self._box.insert_quick_reply(self.replies[number - 1])

    def palette_entries(self) -> dict[str, tuple[str, Callable[[], None]]]:
        return {
            f"quick_reply_id_{reply.id}": (
                f"Quick reply: {one_line(reply.name, 60)}"
                + (f"   /{reply.keyword}" if reply.keyword else ""),
                partial(self._box.insert_quick_reply, reply),
            )
            for reply in self.replies
        }

    def open_library(self) -> None:
        from dmdesk.ui.quick_replies.library import QuickReplyLibraryDialog

        dialog = QuickReplyLibraryDialog(
            self._reader, self._tasks, self._box.values(), self._window
        )
        dialog.library_changed.connect(self.load)
        dialog.exec()
        self.load()

    def _record_use(self, reply: QuickReply) -> None:
        if reply.id is not None:
            reply_id = reply.id
            self._writes.write(lambda s: s.quick_replies.record_use(reply_id), self._reloaded)

    def _reloaded(self, _: object) -> None:
        self.load()
