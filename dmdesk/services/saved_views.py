"""Saved searches: kept with the data, counted off the GUI thread.

Every method is a short unit of work; writes run on the writer lane, counts on
the network pool (they only read).
"""

from __future__ import annotations

from dmdesk.domain import SavedView, SearchQuery
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


def suggested_name(query: SearchQuery) -> str:
    """A name to offer for a search being saved, in words rather than syntax:
    ``is:unanswered platform:instagram`` is "Unanswered on Instagram"."""
    parts: list[str] = [state.value.capitalize() for state in sorted(query.states)]
    words = " ".join(f"“{t.text}”" if t.phrase else t.text for t in query.terms)
    if words:
        parts.append(words if parts else words[:1].upper() + words[1:])
    if query.senders:
        parts.append("from " + ", ".join(query.senders))
    if query.has_attachment:
        parts.append("with files")
    if query.has_link:
        parts.append("with links")
    if query.tags:
        parts.append("tagged " + ", ".join(query.tags))
    if query.platforms:
        parts.append("on " + " and ".join(p.label for p in query.platforms))
    if query.after:
        parts.append(f"since {query.after:%d %b %Y}")
    if query.before:
        parts.append(f"before {query.before:%d %b %Y}")
    name = " ".join(parts).strip()
    return (name[:1].upper() + name[1:])[:60] if name else "Saved search"
