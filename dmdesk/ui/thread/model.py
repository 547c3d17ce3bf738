"""The open thread: newest page first, older pages prepended as the user scrolls up.

One model lives as long as the window; opening a conversation resets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from dmdesk.domain import Attachment, Direction, Message, MessageStatus
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.plain_text import as_rich_text
from dmdesk.ui.kit.roles import Roles

PAGE_SIZE = 50
AnyIndex = QModelIndex | QPersistentModelIndex


def local_day(message: Message) -> Any:
    return message.sent_at.astimezone().date()


class ThreadModel(QAbstractListModel):
    def __init__(self, reader: InboxReads, parent: Any = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._conversation_id: int | None = None
        self._is_group = False
        self._messages: list[Message] = []
        self._has_older = False
        self._highlighted: int | None = None
        self._problems: dict[int, str] = {}
        """Why replies of this thread wait in the outbox, or failed."""

    @property
    def conversation_id(self) -> int | None:
        return self._conversation_id

    @property
    def has_older(self) -> bool:
        return self._has_older

    def open(self, conversation_id: int | None, is_group: bool = False) -> None:
        self.beginResetModel()
        self._conversation_id = conversation_id
        self._is_group = is_group
        self._messages = (
            []
            if conversation_id is None
            else self._reader.thread_page(conversation_id, limit=PAGE_SIZE)
        )
        self._has_older = len(self._messages) == PAGE_SIZE
        self._problems = {}
        self._read_problems(self._messages)
        self.endResetModel()

    def load_older(self) -> int:
        """Prepend the previous page; returns how many rows came in."""
        if not self._has_older or self._conversation_id is None or not self._messages:
            return 0
        page = self._reader.thread_page(
            self._conversation_id, before=self._messages[0], limit=PAGE_SIZE
        )
        self._has_older = len(page) == PAGE_SIZE
        if page:
            self._read_problems(page)
            self.beginInsertRows(QModelIndex(), 0, len(page) - 1)
            self._messages[:0] = page
            self.endInsertRows()
            # The old first row may lose its day separator or sender name.
            boundary = self.index(len(page))
            self.dataChanged.emit(boundary, boundary, [Roles.STARTS_DAY, Roles.SHOWS_SENDER])
        return len(page)

    def add_or_update(self, message_ids: Iterable[int]) -> None:
        """Bring in new messages of the open thread and refresh changed ones."""
        wanted = list(message_ids)
        if self._conversation_id is None or not wanted:
            return
        rows = {m.id: row for row, m in enumerate(self._messages)}
        fresh = [
            m for m in self._reader.messages(wanted) if m.conversation_id == self._conversation_id
        ]
        self._read_problems(fresh)
        for message in fresh:
            row = rows.get(message.id)
            if row is not None:
                self._messages[row] = message
                index = self.index(row)
                self.dataChanged.emit(index, index)
                continue
            position = len(self._messages)
            while position > 0 and _order(self._messages[position - 1]) > _order(message):
                position -= 1
            self.beginInsertRows(QModelIndex(), position, position)
            self._messages.insert(position, message)
            self.endInsertRows()
            rows = {m.id: r for r, m in enumerate(self._messages)}

    def remove(self, message_id: int) -> None:
        row = self.row_of(message_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._messages[row]
        self.endRemoveRows()
        self._problems.pop(message_id, None)
        if row < len(self._messages):  # the next row may now start a day or name a sender
            index = self.index(row)
            self.dataChanged.emit(index, index, [Roles.STARTS_DAY, Roles.SHOWS_SENDER])

    def _read_problems(self, messages: Iterable[Message]) -> None:
        waiting = [
            m.id
            for m in messages
            if m.direction is Direction.OUTGOING
            and m.status in (MessageStatus.PENDING, MessageStatus.FAILED)
        ]
        for message_id in waiting:
            self._problems.pop(message_id, None)
        self._problems.update(self._reader.send_problems(waiting))

    def pictures(self) -> list[tuple[int, Attachment]]:
        """The open conversation's photos and stickers, oldest first (the viewer's)."""
        if self._conversation_id is None:
            return []
        return self._reader.pictures(self._conversation_id)

    def highlight(self, message_id: int | None) -> None:
        previous, self._highlighted = self._highlighted, message_id
        for changed in (previous, message_id):
            row = self.row_of(changed) if changed is not None else -1
            if row >= 0:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Roles.HIGHLIGHTED])

    def row_of(self, message_id: int) -> int:
        for row, message in enumerate(self._messages):
            if message.id == message_id:
                return row
        return -1

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._messages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._messages):
            return None
        row = index.row()
        message = self._messages[row]
        previous = self._messages[row - 1] if row > 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return message.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            who = "You" if message.direction is Direction.OUTGOING else message.sender_name
            reacted = reactions_text(message)
            return f"{who}: {message.text[:500]}" + (f" (reactions: {reacted})" if reacted else "")
        if role == Roles.MESSAGE:
            return message
        if role == Roles.STARTS_DAY:
            return previous is None or local_day(previous) != local_day(message)
        if role == Roles.SHOWS_SENDER:
            return (
                self._is_group
                and message.direction is Direction.INCOMING
                and (
                    previous is None
                    or previous.sender_name != message.sender_name
                    or local_day(previous) != local_day(message)
                )
            )
        if role == Roles.HIGHLIGHTED:
            return message.id == self._highlighted
        if role == Roles.SEND_PROBLEM:
            return self._problems.get(message.id, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._problems.get(message.id) or reactions_text(message)
            # Escaped inside a paragraph, so a tooltip is never read as markup.
            return as_rich_text(tip) or None
        return None


def reactions_text(message: Message) -> str:
    """Who put which emoji on a message, for its tooltip and for screen readers."""
    return " · ".join(
        f"{reaction.key} {', '.join(reaction.names)}" for reaction in message.reactions
    )


def _order(message: Message) -> tuple[float, int]:
    return (message.sent_at.timestamp(), message.id)
