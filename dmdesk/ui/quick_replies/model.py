"""Quick replies as a list model, for the library and for the "/" popup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from dmdesk.domain import QuickReply
from dmdesk.services.quick_reply_fill import fill
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.roles import Roles

AnyIndex = QModelIndex | QPersistentModelIndex


class QuickReplyListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._replies: list[QuickReply] = []
        self._values: Mapping[str, str] = {}

    def set_replies(self, replies: Sequence[QuickReply]) -> None:
        self.beginResetModel()
        self._replies = list(replies)
        self.endResetModel()

    def set_values(self, values: Mapping[str, str]) -> None:
        """What the variables mean for the open conversation (for the previews)."""
        self._values = dict(values)
        if self._replies:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._replies) - 1), [Roles.QUICK_REPLY_PREVIEW]
            )

    def replies(self) -> list[QuickReply]:
        return list(self._replies)

    def reply_at(self, row: int) -> QuickReply | None:
        return self._replies[row] if 0 <= row < len(self._replies) else None

    def row_of(self, reply_id: int | None) -> int:
        return next((r for r, reply in enumerate(self._replies) if reply.id == reply_id), -1)

    def replace(self, reply: QuickReply) -> None:
        """Show a reply's new text without resetting the list (the library's edits)."""
        row = self.row_of(reply.id)
        if row >= 0:
            self._replies[row] = reply
            self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._replies)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        reply = self.reply_at(index.row()) if index.isValid() else None
        if reply is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(reply.name, 80) + (f"   /{reply.keyword}" if reply.keyword else "")
        if role == Roles.QUICK_REPLY:
            return reply
        if role == Roles.QUICK_REPLY_SEARCH:
            return f"{reply.keyword} {reply.name}"
        if role == Roles.QUICK_REPLY_PREVIEW:
            return one_line(fill(reply.body, self._values), 160)
        return None
