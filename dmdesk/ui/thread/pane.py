"""The middle pane: who you are talking to, the bubbles, and the composer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCursor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import (
    Attachment,
    AttachmentKind,
    ConversationSummary,
    Direction,
    Message,
    MessageStatus,
    ReplyTiming,
)
from dmdesk.services.business_hours import BusinessHours
from dmdesk.services.links import links_in
from dmdesk.services.snooze_times import when_words
from dmdesk.services.waiting_time import WaitLevel, WaitThresholds, wait_level, waited_words
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel, literal_label
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread.bubble_delegate import HELD_WHY, BubbleDelegate
from dmdesk.ui.thread.bubble_selection import BubbleTextSelection
from dmdesk.ui.thread.composer import Composer
from dmdesk.ui.thread.model import ThreadModel
from dmdesk.ui.thread.photo_viewer import PhotoViewer
from dmdesk.ui.thread.photos import PhotoLoader, PhotoState
from dmdesk.ui.thread.voice import VoicePlayer

DRAFT_SAVE_DELAY_MS = 400
PHOTO_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
"""Keys that open the selected message's photo in the viewer."""
LOAD_OLDER_MARGIN = 80
"""Pixels from the top at which older messages start loading."""
MAX_PAGES = 200
"""How far back a search result is followed: 200 pages of 50 messages."""
MARK_MS = 2500
"""How long a message opened from search stays marked."""


class ThreadPane(QWidget):
    reply_requested = Signal(int, str, object, object, object)
    """Conversation id, text, files, timing, and the id of the message it answers."""
    scheduled_action_requested = Signal(int, str)
    """A reply sent later: message id, and "send_now", "send_anyway", "edit" or "cancel"."""
    draft_changed = Signal(int, str)  # conversation id, text
    retry_requested = Signal(int)  # message id of a reply that failed
    discard_requested = Signal(int, bool)  # message id; True: put its text back to edit
    check_requested = Signal(int)  # message id of a reply that may have gone out
    download_requested = Signal(int, object)  # message id, Attachment to fetch and open

    def __init__(self, model: ThreadModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ThreadPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = model
        self._conversation: ConversationSummary | None = None
        self.can_check_sent: Callable[[int], bool] = lambda _account_id: False
        """Whether an account's platform can be asked if a reply arrived (the window
        knows the accounts)."""

        header = QFrame(self)
        header.setObjectName("ThreadHeader")
        self.title = PlainLabel(header)
        self.title.setObjectName("ThreadTitle")
        self.subtitle = PlainLabel(header)
        self.subtitle.setObjectName("Muted")
        self.waited = PlainLabel(header)
        """How long the customer has waited: amber, then red, as it gets late."""
        self.waited.setObjectName("Waited")
        self.snoozed = PlainLabel(header)
        """Until when it is snoozed (opened from Snoozed, Follow-ups or a search)."""
        self.snoozed.setObjectName("Muted")
        self.thresholds = WaitThresholds()
        self.hours: BusinessHours | None = None
        under_title = QHBoxLayout()
        under_title.setSpacing(6)
        under_title.addWidget(self.subtitle)
        under_title.addWidget(self.waited)
        under_title.addWidget(self.snoozed)
        under_title.addStretch(1)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addLayout(under_title)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(2)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(18, 10, 12, 10)
        header_layout.addLayout(names, 1)
        header_layout.addLayout(self._buttons)

        self.view = QListView(self)
        self.view.setObjectName("Thread")
        self.view.setModel(model)
        self.bubbles = BubbleDelegate(self.view)
        self.bubbles.download_requested.connect(self.download_requested)
        self.view.setItemDelegate(self.bubbles)
        self.bubbles.picture_clicked.connect(self.open_picture)
        self.bubbles.quote_clicked.connect(self.reveal_quoted)
        self.bubbles.answer_clicked.connect(self.answer)
        # The bubble under the pointer shows its "reply to this" button.
        self.view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.viewer: PhotoViewer | None = None
        self._was_at_bottom = True
        """Whether the newest message was in view (kept there when the view shrinks)."""
        self._voice_waiting: tuple[int, Attachment] | None = None
        """A voice note asked to play whose file is still being fetched."""
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.timeout.connect(self._fit_resized_pictures)
        # One message at a time can be selected, to copy what it says (an order
        # number, an address): Ctrl+C, or the bubble's right-click menu; or words
        # inside it, dragged over.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.words = BubbleTextSelection(self.view, self.bubbles)
        copy = QAction("Copy text", self.view)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selected)
        self.view.addAction(copy)
        # Space or Enter on a selected message with photos opens the viewer; Enter
        # is the window's "open conversation" otherwise, so the view claims it only
        # then (eventFilter).
        self.view.installEventFilter(self)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalScrollBar().setSingleStep(24)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWordWrap(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.view.setAccessibleName("Messages")

        self.empty = PlainLabel("Pick a conversation on the left.\nj / k move, r replies.", self)
        self.empty.setObjectName("EmptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.composer = Composer(self)
        self.composer.history_only_changed.connect(self._allow_replies)
        self.setAcceptDrops(True)  # files dropped on the thread go with the reply

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.composer)

        self._unmark = QTimer(self)
        self._unmark.setSingleShot(True)
        self._unmark.setInterval(MARK_MS)
        self._unmark.timeout.connect(lambda: self.model.highlight(None))
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)  # a wait grows while the thread stays open
        self._clock.timeout.connect(self.show_wait)
        self._clock.start()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        self.composer.editor.textChanged.connect(self._on_composer_text_changed)
        self.composer.send_requested.connect(self._on_composer_send_requested)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.clicked.connect(self._on_message_clicked)
        self._loading_older = False
        self.show_conversation(None, "")

    # Files dropped anywhere on the thread are the reply's, as in every messenger.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.composer.drag_entered(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.composer.show_drop_target(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.composer.dropped(event)

    @property
    def conversation(self) -> ConversationSummary | None:
        return self._conversation

    # --- photos in the bubbles --------------------------------------------------------

    def use_photos(self, photos: PhotoLoader, viewer: PhotoViewer) -> None:
        """Draw pictures in their bubbles, and open them in ``viewer``."""
        self.bubbles.photos = photos
        self.viewer = viewer
        photos.changed.connect(self._on_picture_changed)
        photos.downloaded.connect(lambda message_id: self.model.add_or_update([message_id]))
        photos.resized.connect(lambda _message_id: self._relayout.start(0))
        viewer.closed.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))

    def use_voices(self, player: VoicePlayer) -> None:
        """Play voice notes and audio in their bubbles."""
        self.bubbles.voices = player
        player.changed.connect(self._on_picture_changed)
        self.bubbles.voice_clicked.connect(self.on_voice)

    def on_voice(self, message_id: int, attachment: Attachment, part: str, fraction: float) -> None:
        """Play or pause, drag along, or change speed; a note that cannot play here
        opens with the system's player, as any file does."""
        player, photos = self.bubbles.voices, self.bubbles.photos
        if player is None or photos is None:
            return
        if part == "speed":
            player.next_speed(message_id)
            return
        if part == "seek":
            player.seek(message_id, fraction, attachment.duration_ms)
            return
        if player.state(message_id).problem:
            self.bubbles.open_attachment(message_id, attachment)
            return
        found = photos.whole_file(message_id, attachment)
        if isinstance(found, Path):
            self._voice_waiting = None
            player.toggle(message_id, found)
        elif found.state is PhotoState.LOADING:
            self._voice_waiting = (message_id, attachment)  # plays once it is here
        else:
            player.say(message_id, found.words)

    def _on_picture_changed(self, message_id: int) -> None:
        waiting = self._voice_waiting
        if waiting is not None and waiting[0] == message_id:
            self._voice_waiting = None
            self.on_voice(message_id, waiting[1], "play", 0.0)
        row = self.model.row_of(message_id)
        if row >= 0:
            self.view.update(self.model.index(row))

    def _fit_resized_pictures(self) -> None:
        """Pictures whose shape was guessed have their own now: lay the rows out
        again, keeping the newest message in view if it was."""
        at_bottom = self.is_at_bottom()
        self.view.doItemsLayout()
        if at_bottom:
            self.view.scrollToBottom()

    def open_picture(self, message_id: int, attachment: Attachment) -> None:
        """A click on a picture: the viewer; a video's poster: the video, in the
        system's player once it is here; a picture that failed: try again; one not
        drawn (an SVG, not a picture): as any file, with its risks said."""
        photos = self.bubbles.photos
        if photos is None or self.viewer is None:
            return
        if attachment.kind is AttachmentKind.VIDEO:
            self.download_requested.emit(message_id, attachment)
            return
        state = photos.photo_state(message_id, attachment)
        if state is PhotoState.FAILED:
            photos.retry(message_id, attachment)
            return
        if state is PhotoState.ON_CLICK:
            photos.retry(message_id, attachment, fetch_big=True)
            return
        if state is PhotoState.NOT_SHOWN:  # not drawn here: opened as a file, safely
            self.bubbles.open_attachment(message_id, attachment)
            return
        pictures = self.model.pictures()
        # Known by its address: a file fetched since has a local path the row lacks.
        keys = [(m, a.url or a.local_path) for m, a in pictures]
        key = (message_id, attachment.url or attachment.local_path)
        current = keys.index(key) if key in keys else 0
        self.viewer.show_photos(pictures or [(message_id, attachment)], current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize and self._was_at_bottom:
            # The reply box grew (a quote, files) or the window changed: the newest
            # message stays in view, as it was.
            QTimer.singleShot(0, self.view.scrollToBottom)
        if watched is self.view and isinstance(event, QKeyEvent):
            opens = (
                event.key() in PHOTO_KEYS
                and not event.modifiers()
                and bool(self._selected_pictures() or self._selected_voice())
            )
            if opens and event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the key comes to the view instead of the window's action
                return True
            if opens and event.type() == QEvent.Type.KeyPress:
                self.view_selected_photo()
                return True
        return super().eventFilter(watched, event)

    def _selected_pictures(self) -> list[Attachment]:
        message = self.view.currentIndex().data(Roles.MESSAGE)
        return self.bubbles.inline_pictures(message) if message is not None else []

    def _selected_voice(self) -> Attachment | None:
        message = self.view.currentIndex().data(Roles.MESSAGE)
        if message is None:
            return None
        return next((a for a in message.attachments if self.bubbles.is_voice(a)), None)

    def view_selected_photo(self) -> None:
        """Space or Enter on a selected message: its first picture, large; or its
        voice note, played or paused."""
        voice = self._selected_voice()
        if voice is not None and not self._selected_pictures():
            self.on_voice(self.view.currentIndex().data(Roles.MESSAGE).id, voice, "play", 0.0)
            return
        pictures = self._selected_pictures()
        if pictures:
            self.open_picture(self.view.currentIndex().data(Roles.MESSAGE).id, pictures[0])

    def set_header_actions(self, actions: list[QAction]) -> None:
        """Icon buttons for what can be done to the open conversation; each is one of
        the window's actions, so its key, text and enabled state are the menu's."""
        while (item := self._buttons.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setIconSize(QSize(20, 20))
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if action.menu() is not None:  # Snooze: a click opens its times
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                button.setObjectName("IconMenuButton")  # no arrow: the icon says it
            button.setVisible(self._conversation is not None)
            self._buttons.addWidget(button)

    def _show_header_buttons(self, shown: bool) -> None:
        for index in range(self._buttons.count()):
            item = self._buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(shown)

    def show_conversation(self, conversation: ConversationSummary | None, draft: str) -> None:
        self.flush_draft()
        self._conversation = conversation
        self.model.open(
            conversation.id if conversation else None,
            conversation.is_group if conversation else False,
        )
        has = conversation is not None
        self._show_header_buttons(has)
        self.view.setVisible(has)
        self.empty.setVisible(not has)
        self.composer.setEnabled(has)
        self.title.setText(one_line(conversation.title, 120) if conversation else "")
        self.subtitle.setText(self._subtitle(conversation) if conversation else "")
        self.show_wait()
        self.composer.set_text(draft)
        self.scroll_to_bottom()

    def update_conversation(self, conversation: ConversationSummary | None) -> None:
        """Take fresh flags of the open conversation without reloading the thread."""
        if (
            conversation is not None
            and self._conversation is not None
            and conversation.id == self._conversation.id
        ):
            self._conversation = conversation
            self.show_wait()

    def show_wait(self) -> None:
        """'· waiting 3 h' beside the platform while the customer waits for an answer,
        and '· snoozed until Fri 09:00' while it is snoozed."""
        since = self._conversation.waiting_since if self._conversation else None
        now = datetime.now(UTC)
        until = self._conversation.snoozed_until if self._conversation else None
        if until is None:
            self.snoozed.setText("")
        elif self._conversation is not None and self._conversation.flags.snooze_if_no_reply:
            self.snoozed.setText(f"· back {when_words(until, now)} if they don't reply")
        else:
            self.snoozed.setText(f"· snoozed until {when_words(until, now)}")
        level = wait_level(since, now, self.thresholds, self.hours) if since else WaitLevel.FINE
        if since is None:
            self.waited.setText("")
        else:
            hours = " while open" if self.hours else ""
            self.waited.setText(f"· {waited_words(since, now, self.hours)}{hours}")
        if self.waited.property("level") != level.value:
            self.waited.setProperty("level", level.value)
            self.waited.style().unpolish(self.waited)
            self.waited.style().polish(self.waited)

    @staticmethod
    def _subtitle(conversation: ConversationSummary) -> str:
        people = conversation.participants
        if conversation.is_group:
            who = f"{len(people) + 1} people"
        elif people and people[0].handle:
            who = (
                people[0].handle
                if people[0].handle.startswith(("+", "@"))
                else f"@{people[0].handle}"
            )
        else:
            who = ""
        return " · ".join(part for part in (conversation.platform.label, who) if part)

    def scroll_to_bottom(self) -> None:
        QTimer.singleShot(0, self.view.scrollToBottom)
        self.view.scrollToBottom()

    def is_at_bottom(self) -> bool:
        bar = self.view.verticalScrollBar()
        return bar.value() >= bar.maximum() - 40

    def focus_composer(self) -> None:
        if self._conversation is not None:
            self.composer.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_composer_send_requested(
        self,
        text: str,
        attachments: tuple[Attachment, ...],
        timing: ReplyTiming,
        answered: int | None,
    ) -> None:
        if self._conversation is not None:
            self._draft_timer.stop()
            self.reply_requested.emit(self._conversation.id, text, attachments, timing, answered)

    # --- replies to one message -----------------------------------------------------------

    def _allow_replies(self, history_only: bool) -> None:
        self.bubbles.replies_allowed = not history_only
        self.view.viewport().update()

    def can_answer(self, message: Message) -> bool:
        return self.bubbles.answerable(message)

    def answer(self, message: Message) -> None:
        if self._conversation is not None and self.can_answer(message):
            self.composer.answer(message)

    def answer_selected(self) -> None:
        """Q: reply to the message selected in the thread, or else to the customer's
        newest one."""
        chosen = self.view.selectionModel().selectedIndexes()
        message = chosen[0].data(Roles.MESSAGE) if chosen else None
        if message is None or not self.can_answer(message):
            message = next(
                (
                    m
                    for row in range(self.model.rowCount() - 1, -1, -1)
                    if (m := self.model.index(row).data(Roles.MESSAGE)).direction
                    is Direction.INCOMING
                    and self.can_answer(m)
                ),
                None,
            )
        if message is not None:
            self.answer(message)

    def reveal_quoted(self, message: Message) -> None:
        """A click on a reply's quote: to the message it answers, marked a moment;
        where that is not in DMDesk, the quote already says so."""
        if message.quote is not None and message.quote.message_id is not None:
            self.reveal(message.quote.message_id)

    def flush_draft(self) -> None:
        """Save a draft still waiting for its timer (switching away, quitting)."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._save_draft()

    def _save_draft(self) -> None:
        if self._conversation is not None:
            self.draft_changed.emit(self._conversation.id, self.composer.editor.toPlainText())

    def _on_composer_text_changed(self) -> None:
        if self._conversation is not None:
            self._draft_timer.start()

    def _on_scrolled(self, value: int) -> None:
        self._was_at_bottom = self.is_at_bottom()
        if value > LOAD_OLDER_MARGIN or self._loading_older or not self.model.has_older:
            return
        self._loading_older = True
        bar = self.view.verticalScrollBar()
        distance_from_bottom = bar.maximum() - value
        added = self.model.load_older()
        if added:
            # Keep the message the user was reading where it was.
            self.view.doItemsLayout()
            bar.setValue(bar.maximum() - distance_from_bottom)
        self._loading_older = False

    def failed_reply_menu(self, message: Message) -> QMenu:
        """Retry, edit or discard a reply that could not be sent, with the reason on top."""
        menu = QMenu(self)
        reason = self.model.data(
            self.model.index(self.model.row_of(message.id)), Roles.SEND_PROBLEM
        )
        if reason:
            why = menu.addAction(literal_label(one_line(str(reason), 90)))
            why.setEnabled(False)
            menu.addSeparator()
        if self._conversation is not None and self.can_check_sent(self._conversation.account_id):
            menu.addAction(
                "Check whether it arrived", lambda: self.check_requested.emit(message.id)
            )
        menu.addAction("Retry sending", lambda: self.retry_requested.emit(message.id))
        menu.addAction("Edit and resend", lambda: self.discard_requested.emit(message.id, True))
        menu.addAction("Discard", lambda: self.discard_requested.emit(message.id, False))
        return menu

    def _on_view_context_menu_requested(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        message = index.data(Roles.MESSAGE) if index.isValid() else None
        if message is None:
            return
        self.view.setCurrentIndex(index)
        if message.status is MessageStatus.FAILED or message.is_scheduled:
            self._offer_failed_reply_menu(index, point)
            return
        self.message_menu(message).exec(self.view.viewport().mapToGlobal(point))

    def message_menu(self, message: Message) -> QMenu:
        """Copy what a message says, or one of its links."""
        menu = QMenu(self)
        span = self.words.span()
        if span is not None and span.message_id == message.id:
            words = self.words.text()
            picked = menu.addAction("Copy selection", lambda: _to_clipboard(words))
            picked.setShortcut(QKeySequence.StandardKey.Copy)
        if self.can_answer(message):
            answer = menu.addAction("Reply to this message", lambda: self.answer(message))
            answer.setShortcut(QKeySequence("Q"))
            menu.addSeparator()
        copy = menu.addAction("Copy text", lambda: _to_clipboard(message.text))
        if span is None or span.message_id != message.id:
            copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(bool(message.text) and not message.unsent)
        for start, end in links_in(message.text)[:3]:
            link = message.text[start:end]
            shown = literal_label(one_line(link, 50))
            menu.addAction(f"Copy link {shown}", partial(_to_clipboard, link))
        return menu

    def copy_selected(self) -> None:
        """Ctrl+C in the thread: the words picked out, or else the selected message."""
        if words := self.words.text():
            _to_clipboard(words)
            return
        message = self.view.currentIndex().data(Roles.MESSAGE)
        if message is not None and message.text and not message.unsent:
            _to_clipboard(message.text)

    def _on_message_clicked(self, index: QModelIndex) -> None:
        point = self.view.viewport().mapFromGlobal(QCursor.pos())
        self._offer_failed_reply_menu(index, point)

    def _offer_failed_reply_menu(self, index: QModelIndex, point: QPoint) -> None:
        message = index.data(Roles.MESSAGE) if index.isValid() else None
        if message is not None and message.is_scheduled:
            self.scheduled_reply_menu(message).exec(self.view.viewport().mapToGlobal(point))
            return
        if message is None or message.status is not MessageStatus.FAILED:
            return
        self.failed_reply_menu(message).exec(self.view.viewport().mapToGlobal(point))

    def scheduled_reply_menu(self, message: Message) -> QMenu:
        """Send now (or anyway, where it is held), edit or cancel a reply sent later."""
        menu = QMenu(self)
        ask = partial(self.scheduled_action_requested.emit, message.id)
        if message.held.holds:
            why = menu.addAction(HELD_WHY[message.held])
            why.setEnabled(False)
            menu.addSeparator()
            menu.addAction("Send anyway", partial(ask, "send_anyway"))
        else:
            menu.addAction("Send now", partial(ask, "send_now"))
        menu.addAction("Edit", partial(ask, "edit"))
        menu.addAction("Cancel", partial(ask, "cancel"))
        return menu

    def show_message(self, message_id: int) -> None:
        row = self.model.row_of(message_id)
        if row >= 0:
            self.view.scrollTo(self.model.index(row), QAbstractItemView.ScrollHint.PositionAtCenter)

    def reveal(self, message_id: int) -> bool:
        """Scroll to a message (loading older pages until it is there) and mark it for a
        moment, as a search result opens. False if it is not in this conversation."""
        pages = 0
        while self.model.row_of(message_id) < 0 and self.model.has_older and pages < MAX_PAGES:
            self.model.load_older()
            pages += 1
        if self.model.row_of(message_id) < 0:
            return False
        # After the view has laid out the rows it was just given.
        QTimer.singleShot(0, lambda: self.show_message(message_id))
        self.model.highlight(message_id)
        self._unmark.start()
        return True


def _to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
