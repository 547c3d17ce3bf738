"""Search as the owner types: each query runs on the network pool, and only the
newest one's answer is shown (a late answer to an older query is dropped)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dmdesk.services.search_query import parse
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from dmdesk.domain import SearchPage

SEARCH_PAGE = 50
"""Search results fetched at a time."""


class SearchRunner(QObject):
    shown = Signal()
    """Search results for the latest query are on screen."""
    cleared = Signal()
    """The search box is empty again: the list is back."""

    def __init__(self, list_pane: ConversationPane, tasks: TaskRunner) -> None:
        super().__init__(list_pane)
        self._pane = list_pane
        self._tasks = tasks
        self._number = 0
        """Each search's number: only the newest one's answer is shown."""
        list_pane.search_changed.connect(self.search)
        list_pane.results_model.more_wanted.connect(self.more)

    def search(self, text: str) -> None:
        self._number += 1
        number = self._number
        if self._tasks.closed:
            return  # typing paused just as the window closed
        if not text.strip():
            self.cleared.emit()
            return
        query = parse(text)

        def show(page: SearchPage) -> None:
            if number == self._number:
                self._pane.show_results(text.strip(), page.hits, page.more)
                self.shown.emit()

        self._tasks.network(lambda s: s.search.search(query, limit=SEARCH_PAGE), show)

    def more(self) -> None:
        """The results were scrolled to their end: the next page."""
        model = self._pane.results_model
        cursor = model.more
        if cursor is None or self._tasks.closed:
            return
        number, query = self._number, parse(model.text)

        def append(page: SearchPage) -> None:
            if number == self._number:
                model.append(page.hits, page.more)

        self._tasks.network(
            lambda s: s.search.search(query, limit=SEARCH_PAGE, cursor=cursor), append
        )
