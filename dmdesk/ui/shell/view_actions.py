"""What the actions offer where the owner is: Restore and Delete forever in Trash,
Move to Inbox in Archived, and the usual actions elsewhere; in the menus, the
thread's header buttons and the list's right-click menu alike."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from dmdesk.domain import View
from dmdesk.ui.inbox.list_pane import ConversationPane
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.relabel import relabel
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.thread.pane import ThreadPane

LIVE_ACTIONS = (
    "archive",
    "snooze",
    "unsnooze",
    "trash",
    "mark_unread",
    "mark_read",
    "pin",
    "mute",
    "no_reply_needed",
)
"""What can be done to conversations outside Trash (context menu order)."""
TRASH_ACTIONS = ("restore", "delete_forever")
HEADER_LEFT_OUT = {"mark_read", "unsnooze"}
"""A conversation left open is read after a moment, so the header offers only mark
unread; the snooze button's menu has Unsnooze."""
SNOOZE_VIEWS = (View.SNOOZED, View.FOLLOW_UPS)


class ViewActions:
    def __init__(
        self,
        actions: Mapping[str, QAction],
        list_pane: ConversationPane,
        thread_pane: ThreadPane,
        window: QWidget,
    ) -> None:
        self._actions = actions
        self._list_pane = list_pane
        self._thread_pane = thread_pane
        self._window = window

    def names(self) -> tuple[str, ...]:
        """The actions that make sense in the view shown, in menu order."""
        view = self._list_pane.query().view
        if view is View.TRASH:
            return TRASH_ACTIONS
        if view in SNOOZE_VIEWS:
            return LIVE_ACTIONS
        return tuple(name for name in LIVE_ACTIONS if name != "unsnooze")

    def fit(self) -> None:
        """Enable, label and place the actions for the view shown."""
        shown = self.names()
        for name in LIVE_ACTIONS + TRASH_ACTIONS:
            self._actions[name].setEnabled(name in shown)
        archive = self._actions["archive"]
        archived = self._list_pane.query().view is View.ARCHIVED
        relabel(archive, "Move to Inbox" if archived else "Archive")
        archive.setIcon(icon("inbox" if archived else "archive", current_theme().text))
        self._thread_pane.set_header_actions(
            [self._actions[n] for n in shown if n not in HEADER_LEFT_OUT]
        )

    def show_menu(self, position: QPoint) -> None:
        """The list's right-click menu, for the row under the pointer."""
        list_view = self._list_pane.list
        index = list_view.indexAt(position)
        if not index.isValid():
            return
        if not list_view.selectionModel().isSelected(index):
            self._list_pane.select_row(index.row())
        menu = QMenu(self._window)
        for name in self.names():
            menu.addAction(self._actions[name])
        menu.exec(list_view.viewport().mapToGlobal(position))
