"""Saved searches: kept with the data, counted off the GUI thread.

Every method is a short unit of work; writes run on the writer lane, counts on
the network pool (they only read).
"""

from __future__ import annotations

from dmdesk.domain import SavedView
from dmdesk.services.search_query import parse
from dmdesk.store import saved_views as view_store
from dmdesk.store.database import Database
from dmdesk.store.search import SearchReader

NAME_LIMIT = 100
COUNT_CAP = 1000
"""Counts above this show as "1000+": a badge, not a statistic."""


class SavedViewError(ValueError):
    """A name or query that cannot be saved; the text says why."""


class SavedViewService:
    def __init__(self, database: Database, search: SearchReader) -> None:
        self._database = database
        self._search = search

    def views(self) -> list[SavedView]:
        with self._database.transaction() as session:
            return view_store.saved_views(session)

    def add(self, name: str, query: str) -> SavedView:
        name, query = _checked(name), query.strip()
        if parse(query).is_empty:
            raise SavedViewError("There is nothing to search for in this query.")
        with self._database.transaction() as session:
            return view_store.add_view(session, name, query)

    def rename(self, view_id: int, name: str) -> None:
        with self._database.transaction() as session:
            view_store.rename_view(session, view_id, _checked(name))

    def delete(self, view_id: int) -> None:
        with self._database.transaction() as session:
            view_store.delete_view(session, view_id)

    def move(self, view_id: int, step: int) -> None:
        with self._database.transaction() as session:
            view_store.move_view(session, view_id, step)

    def counts(self, views: list[SavedView]) -> dict[int, int]:
        """How many results each view has now, up to COUNT_CAP."""
        return {view.id: self._search.count(parse(view.query), COUNT_CAP) for view in views}


def _checked(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SavedViewError("A saved search needs a name.")
    return name[:NAME_LIMIT]
