"""Nothing moves under the owner's hand: while the pointer is on the conversation
list, new conversations and replies do not reorder it (a click opens the row that
was under the pointer when the owner aimed). A pill at the top says how many wait
("3 new · Show") and lets them in; a moment after the pointer leaves the list
they come in by themselves, as in Slack's and Gmail's lists.

Keys need no hold: j/k step from the current row wherever it has moved."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsDropShadowEffect, QListView, QPushButton

from dmdesk.ui.inbox.list_model import ConversationListModel

LET_GO_MS = 600
"""The pointer left: this long before rows move, so a pass to the pill's edge or a
slip off the list does not reorder it under the pointer coming back."""
PILL_TOP = 8


class ListHold(QObject):
    def __init__(self, view: QListView, model: ConversationListModel) -> None:
        super().__init__(view)
        self._view = view
        # Kept, not asked of the view in eventFilter: a widget being destroyed still
        # sends events (Leave, when the pointer is on it), and asking a view that is
        # half gone raises inside Qt's destructor, which kills the process.
        self._viewport = view.viewport()
        self._model = model
        self.pill = QPushButton(self._viewport)
        self.pill.setObjectName("NewActivityPill")
        self.pill.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys never meet a held list
        self.pill.setCursor(Qt.CursorShape.PointingHandCursor)
        shadow = QGraphicsDropShadowEffect(self.pill)  # it floats over the rows
        shadow.setBlurRadius(14)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.pill.setGraphicsEffect(shadow)
        self.pill.hide()
        self.pill.clicked.connect(self.show_held_news)
        self._let_go_timer = QTimer(self)
        self._let_go_timer.setSingleShot(True)
        self._let_go_timer.setInterval(LET_GO_MS)
        self._let_go_timer.timeout.connect(self._let_go)
        self._viewport.installEventFilter(self)
        view.installEventFilter(self)
        model.held_news_changed.connect(self._on_held_news_changed)

    def show_held_news(self) -> None:
        """Let the held rows in, and show the top where they came."""
        self._let_go_timer.stop()
        self._model.let_go()
        self._view.scrollToTop()
        if self._viewport.underMouse():
            self._model.hold()  # still on the list: from here on it holds again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.Enter:
                self._let_go_timer.stop()
                self._model.hold()
            elif kind == QEvent.Type.Leave:
                self._let_go_timer.start()
            elif kind == QEvent.Type.Resize:
                self._place_pill()
        elif watched is self._view and kind == QEvent.Type.Hide:
            self._let_go_timer.stop()  # to the tray: no pointer is on it any more
            self._let_go()
        return False

    def _let_go(self) -> None:
        if self._model.held:
            self._model.let_go()

    def _on_held_news_changed(self, count: int) -> None:
        if not count:
            self.pill.hide()
            return
        self.pill.setText(f"{count:,} new · Show")
        self.pill.setToolTip("Show the conversations with new messages at the top")
        self.pill.adjustSize()
        self._place_pill()
        self.pill.show()
        self.pill.raise_()

    def _place_pill(self) -> None:
        width = self._viewport.width()
        self.pill.move((width - self.pill.width()) // 2, PILL_TOP)
