"""The longest waits of a report, as a table: who, where, when they wrote, when
they were answered, how long they waited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from dmdesk.services.reports import WaitRow, duration_words

COLUMNS = ("Customer", "Platform", "Wrote", "Answered", "Waited")
CONVERSATION_ROLE = Qt.ItemDataRole.UserRole + 1
"""A row's conversation id, to open it."""

Index = QModelIndex | QPersistentModelIndex


class LongestWaitsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[WaitRow, ...] = ()

    def set_rows(self, rows: Sequence[WaitRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CONVERSATION_ROLE:
            return row.conversation_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: WaitRow, column: int) -> str:
        if column == 0:
            return row.title or "(no name)"
        if column == 1:
            return row.platform.label
        if column == 2:
            return _when(row.wrote_at)
        if column == 3:
            return _when(row.answered_at) if row.answered_at else "Not yet"
        return duration_words(row.waited)


def _when(moment: datetime) -> str:
    """'Wed 2 Dec, 20:13': a report is read later, so days are named, not 'yesterday'."""
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b, %H:%M}"
