"""Saved searches in the left pane: save the one typed, rename, delete and move
them, and their counts, recounted off the GUI thread a moment after changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from dmdesk.domain import SavedView
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.search_query import parse, suggested_name
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.kit.writes import Writes

RECOUNT_DELAY_MS = 1000
"""Saved searches are recounted this long after the last change, not on each."""


class SavedSearches(QObject):
    counted = Signal()
    """The saved searches show fresh counts."""

    def __init__(
        self,
        list_pane: ConversationPane,
        reader: InboxReads,
        tasks: TaskRunner,
        writes: Writes,
        toast: Toast,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._pane = list_pane
        self._reader = reader
        self._tasks = tasks
        self._writes = writes
        self._toast = toast
        self._window = window
        self._counts: dict[int, int] = {}
        self.recount = QTimer(self)
        self.recount.setSingleShot(True)
        self.recount.setInterval(RECOUNT_DELAY_MS)
        self.recount.timeout.connect(self.refresh)
        writes.applied.connect(self.recount.start)
        list_pane.save_requested.connect(self.save)
        list_pane.saved_view_menu_requested.connect(self._menu)
        list_pane.saved_view_moved.connect(self.move)

    def refresh(self) -> None:
        """Show the saved searches now, and their counts once counted off the GUI thread."""
        if self._tasks.closed:
            return
        views = self._reader.saved_views()
        self._pane.set_saved_views(views, self._counts)

        def show(counts: dict[int, int]) -> None:
            self._counts = counts
            self._pane.set_saved_views(views, counts)
            self.counted.emit()

        if views:
            self._tasks.network(lambda s: s.views.counts(views), show)

    def save(self, text: str) -> None:
        if not text:
            self._toast.show_message("Type a search first (/), then save it.")
            return
        name, ok = QInputDialog.getText(
            self._window,
            "Save search",
            "Show this search in the left pane as:",
            text=suggested_name(parse(text)),
        )
        if ok and not name.strip():
            self._toast.show_message("A saved search needs a name.")
        elif ok:
            self._writes.write(lambda s: s.views.add(name, text), lambda _: self.refresh())

    def rename(self, view: SavedView) -> None:
        name, ok = QInputDialog.getText(
            self._window, "Rename saved search", "Name:", text=view.name
        )
        if ok and name.strip():
            self._writes.write(lambda s: s.views.rename(view.id, name), lambda _: self.refresh())

    def delete(self, view: SavedView) -> None:
        self._writes.write(lambda s: s.views.delete(view.id), lambda _: self.refresh())
        self._toast.show_message(f"Removed the saved search “{one_line(view.name)}”")

    def move(self, view: SavedView, step: int) -> None:
        self._writes.write(lambda s: s.views.move(view.id, step), lambda _: self.refresh())

    def _menu(self, view: SavedView, where: QPoint) -> None:
        menu = QMenu(self._window)
        menu.addAction("Rename…", lambda: self.rename(view))
        menu.addAction("Move up\tAlt+Up", lambda: self.move(view, -1))
        menu.addAction("Move down\tAlt+Down", lambda: self.move(view, 1))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete(view))
        menu.exec(where)
