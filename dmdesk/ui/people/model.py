"""The People table's model: people read a page at a time as the table scrolls
(as the conversation list reads its rows), in the order and with the filters
the window asks for; the header sorts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from dmdesk.domain import PeopleQuery, PeopleSort, PersonRow
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.formatting import one_line, relative_time

PAGE_SIZE = 200
COLUMNS = (
    ("Name", PeopleSort.NAME),
    ("Platforms", None),
    ("Tags", None),
    ("Stage", PeopleSort.STAGE),
    ("Last message", PeopleSort.LAST_MESSAGE),
    ("Waiting since", PeopleSort.WAITING),
    ("Follow-up", PeopleSort.FOLLOW_UP),
    ("Notes", PeopleSort.NOTES),
    ("Messages", PeopleSort.MESSAGES),
)
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
"""A row's PersonRow."""
_NUMBERS = {7, 8}

Index = QModelIndex | QPersistentModelIndex


class PeopleTableModel(QAbstractTableModel):
    def __init__(self, reader: InboxReads) -> None:
        super().__init__()
        self._reader = reader
        self._query = PeopleQuery()
        self._rows: list[PersonRow] = []
        self._complete = True
        self.total = 0
        """How many people the query lists, loaded or not."""

    @property
    def query(self) -> PeopleQuery:
        return self._query

    def set_query(self, query: PeopleQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._reader.people_page(self._query, 0, PAGE_SIZE)
        self._complete = len(self._rows) < PAGE_SIZE
        self.total = self._reader.people_count(self._query)
        self.endResetModel()

    def person_at(self, row: int) -> PersonRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- Qt's model interface -----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._complete:
            return
        more = self._reader.people_page(self._query, len(self._rows), PAGE_SIZE)
        self._complete = len(more) < PAGE_SIZE
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or (by := COLUMNS[column][1]) is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (by, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=by, descending=descending))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        person = self._rows[index.row()]
        if role == PERSON_ROLE:
            return person
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(person, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _text(person: PersonRow, column: int) -> str:
    now = datetime.now(UTC)
    if column == 0:
        return one_line(person.name, 80) or "(no name)"
    if column == 1:
        return ", ".join(p.label for p in person.platforms)
    if column == 2:
        return one_line(", ".join(person.tags), 80)
    if column == 3:
        return one_line(person.stage, 40)
    if column == 4:
        return relative_time(person.last_message_at, now) if person.last_message_at else ""
    if column == 5:
        return relative_time(person.waiting_since, now) if person.waiting_since else ""
    if column == 6:
        return f"{person.follow_up_on:%d %b %Y}" if person.follow_up_on else ""
    if column == 7:
        return f"{person.notes:,}" if person.notes else ""
    return f"{person.messages:,}"
