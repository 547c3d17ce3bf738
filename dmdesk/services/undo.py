"""Undoable changes (conversation flags, a deleted note, people merged or split)
and the stack that remembers them.

Free of the store, so the window can import it without loading SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dmdesk.domain import ConversationFlags, Note, PeopleMerge, PersonSplit, StageChange


def count_phrase(count: int, noun: str) -> str:
    """'1 conversation', '3 conversations'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True, slots=True)
class FlagChange:
    """A change that can be undone: the flags of each conversation from before it."""

    description: str
    before: Mapping[int, ConversationFlags]

    @property
    def conversation_ids(self) -> tuple[int, ...]:
        return tuple(self.before)


@dataclass(frozen=True, slots=True)
class NoteDeletion:
    """A deleted contact note, kept whole so that undo puts it back as it was."""

    note: Note
    description: str = "Deleted a note"


Change = FlagChange | NoteDeletion | PeopleMerge | PersonSplit | StageChange


class UndoStack:
    """The most recent changes, newest last."""

    def __init__(self, limit: int = 50) -> None:
        self._entries: list[Change] = []
        self._limit = limit

    def push(self, change: Change) -> None:
        if not isinstance(change, FlagChange) or change.before:
            self._entries.append(change)
            del self._entries[: -self._limit]

    def clear(self) -> None:
        self._entries.clear()

    def drop_naming(self, conversation_ids: Iterable[int]) -> None:
        """Leave out what names conversations deleted for good: SQLite gives their
        ids to the next ones, which an undo would otherwise change."""
        gone = set(conversation_ids)
        self._entries = [
            e
            for e in self._entries
            if isinstance(e, NoteDeletion) or not gone.intersection(e.conversation_ids)
        ]

    def pop(self) -> Change | None:
        return self._entries.pop() if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)
