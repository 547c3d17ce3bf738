"""Undo, for every room: a change that landed goes on the stack and into the toast's
Undo; ``z`` undoes the newest, even one pressed before its change had landed. The
room whose change it was shows the result (``undone``)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from dmdesk.services.undo import Change, UndoStack
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.kit.writes import Writes


class Undo(QObject):
    undone = Signal(object)
    """A Change (FlagChange or NoteDeletion) whose undoing has landed."""

    def __init__(self, writes: Writes, toast: Toast, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = UndoStack()
        self._writes = writes
        self._toast = toast
        self._in_flight = 0
        self._waiting = False

    def expect(self) -> None:
        """A change is on its way to the writer lane: a z now waits for it."""
        self._in_flight += 1

    def landed(self, change: Change) -> None:
        """The change ``expect`` announced has landed: offer to undo it."""
        self._in_flight -= 1
        self.offer(change)
        if self._waiting and not self._in_flight:
            # z was pressed before the change it undoes had landed.
            self._waiting = False
            self.undo()

    def offer(self, change: Change) -> None:
        self.stack.push(change)
        self._toast.show_message(change.description, self.undo)

    def clear(self) -> None:
        """Nothing to undo any more: what the entries name was deleted for good."""
        self.stack.clear()

    def drop_naming(self, conversation_ids: Iterable[int]) -> None:
        """Conversations deleted for good: no undo may name them any more."""
        self.stack.drop_naming(conversation_ids)

    def undo(self) -> None:
        if self._in_flight:
            self._waiting = True
            return
        change = self.stack.pop()
        if change is None:
            self._toast.show_message("Nothing to undo")
            return
        self._toast.hide()

        def done(_: object) -> None:
            self.undone.emit(change)
            self._toast.show_message(f"Undone: {change.description}")

        self._writes.write(lambda s: s.inbox.undo(change), done)
