"""Search results while a query is active: one page at first, more as the list
scrolls. Pages come from a search on a worker; this model only holds them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from dmdesk.domain import SearchCursor, SearchHit
from dmdesk.ui.kit.plain_text import as_rich_text
from dmdesk.ui.kit.roles import Roles

AnyIndex = QModelIndex | QPersistentModelIndex


class SearchResultModel(QAbstractListModel):
    more_wanted = Signal()
    """The view scrolled to the end and more results exist: search for the next page."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._more: SearchCursor | None = None
        self._asked = False
        self.text = ""
        """The query these results answer, as typed."""

    @property
    def more(self) -> SearchCursor | None:
        """Where the next page starts , None at the end."""
        return self._more

    def set_results(
        self, text: str, hits: tuple[SearchHit, ...], more: SearchCursor | None
    ) -> None:
        self.beginResetModel()
        self.text = text
        self._hits = list(hits)
        self._more = more
        self._asked = False
        self.endResetModel()

    def append(self, hits: tuple[SearchHit, ...], more: SearchCursor | None) -> None:
        # A conversation found by its person can reappear in later pages' messages;
        # a message never does (the store pages without overlap).
        seen = {h.message_id for h in self._hits if h.message_id is not None}
        fresh = [h for h in hits if h.message_id is None or h.message_id not in seen]
        self._more = more
        self._asked = False
        if fresh:
            first = len(self._hits)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._hits.extend(fresh)
            self.endInsertRows()

    def clear(self) -> None:
        self.set_results("", (), None)

    def hit_at(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    # --- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Roles.SEARCH_HIT:
            return hit
        if role == Roles.CONVERSATION:
            return hit.conversation
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.conversation.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_rich_text(hit.snippet)
        return None

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._more is not None and not self._asked

    def fetchMore(self, parent: AnyIndex) -> None:
        if self.canFetchMore(parent):
            self._asked = True  # once per page: the answer arrives through append()
            self.more_wanted.emit()
