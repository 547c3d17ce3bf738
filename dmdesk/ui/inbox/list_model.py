"""The conversation list: a paged model over the store's keyset reads.

Holds one page at a time more as the view scrolls (``fetchMore``), never the
whole inbox. Live changes move, insert or remove single rows; while the list is
held (the pointer is on it), they change rows in place and the moves and the new
rows wait, counted, until it is let go: nothing moves under the owner's hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from dmdesk.domain import ConversationSummary, ListQuery, View
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.plain_text import as_rich_text
from dmdesk.ui.kit.roles import Roles

PAGE_SIZE = 100
AnyIndex = QModelIndex | QPersistentModelIndex


def listed_at(conversation: ConversationSummary, view: View) -> datetime | None:
    """The time a view listed soonest first orders by (``View.soonest_first``)."""
    if view is View.WAITING:
        return conversation.waiting_since
    if view is View.SNOOZED:
        return conversation.snoozed_until
    if view is View.FOLLOW_UPS:
        return conversation.follow_up_at
    if view is View.SCHEDULED:
        return conversation.next_scheduled_at
    return None


def sort_key(conversation: ConversationSummary, view: View) -> tuple[bool, float, int]:
    """Display order, descending: pinned first, then latest activity; in Waiting,
    Snoozed and Follow-ups, the soonest time first (mirrors the store's ORDER BY)."""
    if view.soonest_first:
        at = listed_at(conversation, view)
        return (False, -at.timestamp() if at else float("-inf"), -conversation.id)
    return (
        conversation.flags.pinned,
        conversation.last_activity_at.timestamp(),
        conversation.id,
    )


def belongs(conversation: ConversationSummary, query: ListQuery) -> bool:
    """Whether a conversation shows under the query (mirrors the store's conditions)."""
    flags = conversation.flags
    in_inbox = not flags.archived and not flags.trashed and flags.snoozed_until is None
    in_view = {
        View.INBOX: in_inbox,
        View.UNREAD: in_inbox and flags.unread_count > 0,
        View.WAITING: in_inbox and conversation.waiting_since is not None,
        View.SNOOZED: flags.snoozed_until is not None and not flags.trashed,
        View.FOLLOW_UPS: conversation.follow_up_at is not None and not flags.trashed,
        View.SCHEDULED: conversation.next_scheduled_at is not None and not flags.trashed,
        View.PINNED: flags.pinned and not flags.trashed and flags.snoozed_until is None,
        View.ARCHIVED: flags.archived and not flags.trashed,
        View.TRASH: flags.trashed,
    }[query.view]
    if query.platform is not None and conversation.platform is not query.platform:
        return False
    return in_view


class ConversationListModel(QAbstractListModel):
    held_news_changed = Signal(int)
    """How many conversations with news wait to take their place (0: none)."""

    def __init__(self, reader: InboxReads, parent: Any = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._query = ListQuery()
        self._rows: list[ConversationSummary] = []
        self._complete = False
        self._kept: int | None = None
        self._held = False
        self._held_news: set[int] = set()
        """Conversations whose place changed while the list was held."""

    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Read the list afresh (a view the owner chose): everything in its place."""
        self.beginResetModel()
        self._rows = self._reader.conversation_page(self._query, limit=PAGE_SIZE)
        self._complete = len(self._rows) < PAGE_SIZE
        self.endResetModel()
        self._set_held_news(set())

    # --- holding still ------------------------------------------------------------------

    @property
    def held(self) -> bool:
        return self._held

    def hold(self) -> None:
        """Rows stay where they are until ``let_go``; their contents stay fresh."""
        self._held = True

    def let_go(self) -> None:
        """Put what waited where it belongs: moves, new rows, rows that left."""
        self._held = False
        news = self._held_news
        self._set_held_news(set())
        self.refresh(sorted(news))

    def held_news(self) -> int:
        """Conversations with news that wait to come up: new ones and ones that
        would move up (not the ones that would only leave or sink)."""
        count = 0
        for conversation_id in self._held_news:
            fresh = self._reader.conversation(conversation_id)
            if fresh is None or not belongs(fresh, self._query):
                continue
            row = self.row_of(conversation_id)
            if row < 0 or self._insertion_row(fresh, skip=row) < row:
                count += 1
        return count

    def _set_held_news(self, ids: set[int]) -> None:
        self._held_news = ids
        self.held_news_changed.emit(self.held_news() if ids else 0)

    # --- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        conversation = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return conversation.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_rich_text(f"{conversation.title} · {conversation.platform.label}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            unread = f", {conversation.unread_count} unread" if conversation.unread_count else ""
            return f"{conversation.title} on {conversation.platform.label}{unread}"
        if role == Roles.CONVERSATION:
            return conversation
        if role == Roles.CONVERSATION_ID:
            return conversation.id
        return None

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._complete and bool(self._rows)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._reader.conversation_page(
            self._query,
            after=self._reader.position_after(self._rows[-1], self._query.view),
            limit=PAGE_SIZE,
        )
        self._complete = len(page) < PAGE_SIZE
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # --- lookups ---------------------------------------------------------------------

    def conversation_at(self, row: int) -> ConversationSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: int) -> int:
        for row, conversation in enumerate(self._rows):
            if conversation.id == conversation_id:
                return row
        return -1

    # --- live updates -----------------------------------------------------------------

    def remove_ids(self, ids: Iterable[int]) -> None:
        """Take rows out at once (an action the user just took; the write follows)."""
        ids = list(ids)
        if self._held_news & set(ids):
            self._set_held_news(self._held_news - set(ids))
        for conversation_id in ids:
            row = self.row_of(conversation_id)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def keep(self, conversation_id: int | None) -> None:
        """The conversation the owner is on stays in the list while they are on it,
        even once it no longer belongs (read, in the Unread view): the floor is not
        pulled away. The one kept before goes if it no longer belongs."""
        previous, self._kept = self._kept, conversation_id
        if previous is not None and previous != conversation_id:
            self.refresh([previous])

    def refresh(self, ids: Iterable[int]) -> None:
        """Re-read conversations that changed and put each where it now belongs
        (while held: show each fresh where it is, and let its place wait)."""
        if self._held:
            self._refresh_in_place(ids)
            return
        for conversation_id in ids:
            fresh = self._reader.conversation(conversation_id)
            row = self.row_of(conversation_id)
            kept = fresh is not None and row >= 0 and conversation_id == self._kept
            if kept and fresh is not None and not belongs(fresh, self._query):
                self._rows[row] = fresh  # stays where it is, with its fresh flags
                index = self.index(row)
                self.dataChanged.emit(index, index)
                continue
            if fresh is None or not belongs(fresh, self._query):
                if row >= 0:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self._rows[row]
                    self.endRemoveRows()
                continue
            target = self._insertion_row(fresh, skip=row)
            if row >= 0 and target in (row, row + 1):
                self._rows[row] = fresh
                index = self.index(row)
                self.dataChanged.emit(index, index)
                continue
            if row >= 0:
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target)
                del self._rows[row]
                self._rows.insert(target - 1 if target > row else target, fresh)
                self.endMoveRows()
            elif target < len(self._rows) or self._complete:
                # Past the loaded pages it will come with a later fetchMore instead.
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, fresh)
                self.endInsertRows()

    def _refresh_in_place(self, ids: Iterable[int]) -> None:
        news = set(self._held_news)
        for conversation_id in ids:
            fresh = self._reader.conversation(conversation_id)
            row = self.row_of(conversation_id)
            if row >= 0 and fresh is None:  # deleted: a row that opens nothing goes now
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                news.discard(conversation_id)
                continue
            if row >= 0 and fresh is not None:
                self._rows[row] = fresh
                index = self.index(row)
                self.dataChanged.emit(index, index)
            news.add(conversation_id)
        self._set_held_news(news)

    def _insertion_row(self, conversation: ConversationSummary, skip: int) -> int:
        """Where ``conversation`` goes in display order, in pre-move row numbers."""
        key = sort_key(conversation, self._query.view)
        for row, other in enumerate(self._rows):
            if row != skip and sort_key(other, self._query.view) < key:
                return row
        return len(self._rows)
