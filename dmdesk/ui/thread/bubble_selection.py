"""Selecting words inside a bubble: press and drag over a message's text (or
double-click a word) to pick out an order number or an address; Ctrl+C and the
right-click menu copy what is picked, and on X11 it is also the primary selection
(a middle click pastes it elsewhere), as in any text field.

The bubbles are painted, not widgets, so the selection is a pair of character
positions in one message's laid-out document: the delegate paints it, and this
filter on the thread's viewport turns the pointer into positions. A selection
stays inside the message where it started, like the selections of chat apps.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QClipboard, QGuiApplication, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread.bubble_delegate import BubbleDelegate, TextSpan

_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})
"""What QTextCursor.selectedText puts between paragraphs and lines."""


class BubbleTextSelection(QObject):
    def __init__(self, view: QListView, delegate: BubbleDelegate) -> None:
        super().__init__(view)
        self._view = view
        self._viewport = view.viewport()  # kept: asking a view being destroyed raises
        self._delegate = delegate
        self._anchor: tuple[QPersistentModelIndex, int] | None = None
        """While the button is down over text: the message and where the press was."""
        self._dragged = False
        view.setMouseTracking(True)  # the I-beam over text, the hand over links
        self._viewport.installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self.clear)
        model.rowsRemoved.connect(self._forget_if_gone)

    def span(self) -> TextSpan | None:
        span = self._delegate.selected
        return span if span is not None and span.start != span.end else None

    def text(self) -> str:
        """What is selected, with line breaks as the customer typed them."""
        span = self.span()
        if span is None:
            return ""
        index = self._index_of(span.message_id)
        if not index.isValid():
            return ""
        document = self._delegate.text_document(self._option(index), index)
        if document is None:
            return ""
        cursor = QTextCursor(document)
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().translate(_SEPARATORS)

    def clear(self) -> None:
        self._anchor = None
        self._select(None)

    # --- the pointer -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._viewport or not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        point = event.position()
        left = event.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonPress and left:
            self._press(point)
        elif kind == QEvent.Type.MouseButtonDblClick and left:
            self._select_word(point)
        elif kind == QEvent.Type.MouseMove and event.buttons() & Qt.MouseButton.LeftButton:
            if self._anchor is not None:
                self._extend(point)
                return True  # a drag over text selects text, not rows
        elif kind == QEvent.Type.MouseMove:
            self._show_cursor(point)
        elif kind == QEvent.Type.MouseButtonRelease and left and self._anchor is not None:
            self._anchor = None
            if self._dragged:
                self._dragged = False
                self._offer_primary()
                return True  # the end of a drag is not a click on the link under it
        return False

    def _press(self, point: QPointF) -> None:
        self._dragged = False
        index = self._view.indexAt(point.toPoint())
        position = self._position_at(index, point, clamp=False) if index.isValid() else None
        if position is None:
            self.clear()
            return
        self._anchor = (QPersistentModelIndex(index), position)
        self._select(None)

    def _extend(self, point: QPointF) -> None:
        assert self._anchor is not None
        index, start = self._anchor
        if not index.isValid():
            self._anchor = None
            return
        end = self._position_at(index, point, clamp=True)
        if end is None:
            return
        self._dragged = self._dragged or end != start
        message_id = index.data(Roles.MESSAGE).id
        self._select(TextSpan(message_id, min(start, end), max(start, end)))
        self._show_cursor(point)

    def _select_word(self, point: QPointF) -> None:
        index = self._view.indexAt(point.toPoint())
        position = self._position_at(index, point, clamp=False) if index.isValid() else None
        document = self._delegate.text_document(self._option(index), index)
        if position is None or document is None:
            return
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        if cursor.hasSelection():
            message_id = index.data(Roles.MESSAGE).id
            self._select(TextSpan(message_id, cursor.selectionStart(), cursor.selectionEnd()))
            self._offer_primary()

    def _position_at(
        self, index: QModelIndex | QPersistentModelIndex, point: QPointF, *, clamp: bool
    ) -> int | None:
        return self._delegate.text_position_at(self._option(index), index, point, clamp=clamp)

    def _show_cursor(self, point: QPointF) -> None:
        index = self._view.indexAt(point.toPoint())
        shape = Qt.CursorShape.ArrowCursor
        if index.isValid():
            option = self._option(index)
            if self._delegate.link_at(option, index, point) or self._delegate.attachment_at(
                option, index, point
            ):
                shape = Qt.CursorShape.PointingHandCursor
            elif self._delegate.text_position_at(option, index, point, clamp=False) is not None:
                shape = Qt.CursorShape.IBeamCursor
        if self._viewport.cursor().shape() != shape:
            self._viewport.setCursor(shape)

    # --- state -------------------------------------------------------------------------

    def _select(self, span: TextSpan | None) -> None:
        before = self._delegate.selected
        if before == span:
            return
        self._delegate.selected = span
        for changed in {s.message_id for s in (before, span) if s is not None}:
            index = self._index_of(changed)
            if index.isValid():
                self._viewport.update(self._view.visualRect(index))

    def _offer_primary(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard.supportsSelection() and (text := self.text()):
            clipboard.setText(text, QClipboard.Mode.Selection)

    def _forget_if_gone(self) -> None:
        """A message went (discarded, deleted): so does a selection in it."""
        span = self._delegate.selected
        if span is not None and not self._index_of(span.message_id).isValid():
            self._select(None)

    def _index_of(self, message_id: int) -> QModelIndex:
        model = self._view.model()
        row = model.row_of(message_id)  # type: ignore[attr-defined]
        return model.index(row, 0) if row >= 0 else QModelIndex()

    def _option(self, index: QModelIndex | QPersistentModelIndex) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        self._view.initViewItemOption(option)
        option.rect = self._view.visualRect(index)
        return option
