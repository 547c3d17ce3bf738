"""The "/" popup: type a slash at the start of a word in the composer, then a few
letters of a quick reply's keyword or name; Enter or Tab puts the reply, filled
in for this person, where the slash was. Esc closes it. It never sends.

Built on QCompleter, which already shows a popup under the cursor, filters as
the user types, forwards the typing to the text box and handles Enter, Tab and
Esc; this class only finds the "/word" and swaps it for the filled reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QListView

from dmdesk.domain import QuickReply
from dmdesk.services.quick_reply_fill import fill_pieces
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.text_edits import SubmittingTextEdit
from dmdesk.ui.quick_replies.delegate import QuickReplyDelegate
from dmdesk.ui.quick_replies.model import QuickReplyListModel
from dmdesk.ui.quick_replies.template_gaps import insert_pieces

SLASH_WORD = re.compile(r"(?:^|(?<=\s))/([\w-]*)$")
"""A slash at the start of a word, and what has been typed after it, up to the cursor."""
POPUP_WIDTH = 380
POPUP_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class QuickReplyPopup(QObject):
    inserted = Signal(object)  # QuickReply
    """A reply was put into the text (its use is worth counting)."""

    def __init__(self, editor: SubmittingTextEdit, values: Callable[[], Mapping[str, str]]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._values = values
        self.model = QuickReplyListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        editor.set_completer(self.completer)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCompletionRole(Roles.QUICK_REPLY_SEARCH)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.completer.setMaxVisibleItems(7)
        popup = QListView()
        popup.setObjectName("QuickReplyPopup")
        popup.setUniformItemSizes(True)
        self.completer.setPopup(popup)
        self._list = popup
        # After setPopup, which puts in a delegate of its own.
        popup.setItemDelegate(QuickReplyDelegate(popup))
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]  # PySide's stubs have no overloads
            self._on_completer_activated
        )
        popup.installEventFilter(self)
        editor.installEventFilter(self)
        editor.textChanged.connect(self._update)
        editor.cursorPositionChanged.connect(self._update)
        self._dismissed_at: int | None = None
        """Where the slash was when Esc closed the popup: it stays closed for that word."""
        self._inserting = False

    def set_replies(self, replies: list[QuickReply]) -> None:
        """The replies for this conversation's platform; the most used come first."""
        ordered = sorted(replies, key=lambda r: (-r.use_count, r.position, r.id or 0))
        self.model.set_replies(ordered)

    def is_open(self) -> bool:
        return self._list.isVisible()

    def _slash_word(self) -> tuple[int, str] | None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection():
            return None
        before = cursor.block().text()[: cursor.positionInBlock()]
        match = SLASH_WORD.search(before)
        if match is None:
            return None
        return cursor.position() - len(match.group(0)), match.group(1)

    def _update(self) -> None:
        if self._inserting:
            return
        found = self._slash_word()
        if found is None or found[0] == self._dismissed_at or not self.model.rowCount():
            if found is None:
                self._dismissed_at = None
            self._list.hide()
            return
        typed = found[1]
        self.model.set_values(self._values())
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() == 0:
            self._list.hide()
            return
        popup = self._list
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self._editor.cursorRect().translated(self._editor.viewport().pos())
        rect.setWidth(POPUP_WIDTH)
        self.completer.complete(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or not self.is_open():
            return False
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in POPUP_KEYS:
            # The popup's keys are not the window's shortcuts while it is open: Esc
            # closes the popup instead of leaving the reply box, Enter inserts.
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        if watched is self._list and event.key() == Qt.Key.Key_Escape:
            found = self._slash_word()
            self._dismissed_at = found[0] if found else None
        return False

    def _on_completer_activated(self, index: QModelIndex) -> None:
        reply: QuickReply | None = index.data(Roles.QUICK_REPLY)
        found = self._slash_word()
        if reply is None or found is None:
            return
        self.insert(reply, replacing=len(found[1]) + 1)

    def insert(self, reply: QuickReply, replacing: int = 0) -> None:
        """Put the filled reply at the cursor, over the last ``replacing`` characters."""
        cursor = self._editor.textCursor()
        self._inserting = True
        try:
            cursor.beginEditBlock()
            if replacing:
                cursor.movePosition(
                    cursor.MoveOperation.Left, cursor.MoveMode.KeepAnchor, replacing
                )
            insert_pieces(cursor, fill_pieces(reply.body, self._values()))
            cursor.endEditBlock()
            self._editor.setTextCursor(cursor)
        finally:
            self._inserting = False
        self._list.hide()
        self.inserted.emit(reply)
