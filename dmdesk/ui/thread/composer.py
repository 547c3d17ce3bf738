"""The reply box under the thread, and the care it takes before anything is sent:
quick replies filled in for the person, placeholders still to fill highlighted,
the platform's length limit, files to attach, emoji, and the opt-out guard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QImage,
    QImageWriter,
    QPainter,
    QPixmap,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from dmdesk.domain import (
    MESSAGE_LIMITS,
    TEXT_ONLY_PLATFORMS,
    Attachment,
    AttachmentKind,
    Contact,
    ConversationSummary,
    Message,
    MessageLimit,
    Platform,
    Profile,
    QuickReply,
    ReplyTiming,
)
from dmdesk.services.business_hours import opening_words
from dmdesk.services.messaging_window import (
    HUMAN_AGENT_WINDOW,
    ReplyWindow,
    WindowKind,
    reply_window,
)
from dmdesk.services.outgoing_files import AttachmentError, attachment_for, file_problems
from dmdesk.services.quick_reply_fill import values_for
from dmdesk.services.snooze_times import when_words
from dmdesk.ui.kit.formatting import ATTACHMENT_SYMBOLS, file_size, one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.pictures import read_picture, rounded
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text, ask
from dmdesk.ui.kit.text_edits import SubmittingTextEdit, local_files
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.quick_replies.highlighting import UnfilledHighlighter
from dmdesk.ui.quick_replies.popup import QuickReplyPopup
from dmdesk.ui.quick_replies.template_gaps import (
    gap_spans,
    gaps,
    mark_unknown_placeholders,
)
from dmdesk.ui.thread.answering import AnsweringBar
from dmdesk.ui.thread.send_menu import SendMenu

COMMON_EMOJI = [
    "😊",
    "🙂",
    "😄",
    "😍",
    "🥰",
    "😉",
    "🙏",
    "👍",
    "👋",
    "👌",
    "🙌",
    "👏",
    "💪",
    "🤗",
    "🤔",
    "😅",
    "😢",
    "😮",
    "❤️",
    "💛",
    "💚",
    "💙",
    "💜",
    "🧡",
    "✨",
    "🎉",
    "🎁",
    "🌸",
    "🌿",
    "☀️",
    "⭐",
    "🔥",
    "✅",
    "📦",
    "🚚",
    "🧶",
    "🧵",
    "☕",
]
"""What a shop answers with most; the system's own picker has the rest."""
EMOJI_COLUMNS = 8
PASTE_PNG_QUALITY = 80
"""For PNG, Qt's quality is the inverse of zlib's level: 80 is light compression."""
THUMBNAIL = 28
"""A photo chip's thumbnail, in pixels."""
NEAR_LIMIT = 0.9
"""From this share of a platform's limit on, the counter says how it counts."""


class AttachmentChip(QFrame):
    removed = Signal(object)  # Attachment

    def __init__(
        self, attachment: Attachment, thumbnail: QPixmap | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Chip")
        self.attachment = attachment
        self._label = PlainLabel(self)
        remove = QToolButton(self)
        remove.setIcon(icon("close", current_theme().muted_text))
        remove.setToolTip(as_rich_text(f"Remove {one_line(attachment.name, 60)}"))
        remove.setAutoRaise(True)
        remove.setIconSize(QSize(14, 14))
        self.picture = QLabel(self)
        self.picture.setFixedSize(THUMBNAIL, THUMBNAIL)
        self._layout = QHBoxLayout(self)
        self._layout.addWidget(self.picture)
        self._layout.addWidget(self._label)
        self._layout.addWidget(remove)
        remove.clicked.connect(lambda: self.removed.emit(self.attachment))
        self.show_thumbnail(thumbnail)

    def show_thumbnail(self, thumbnail: QPixmap | None) -> None:
        """The photo's own small square once it is decoded; the file's symbol before."""
        symbol = "" if thumbnail is not None else f"{ATTACHMENT_SYMBOLS[self.attachment.kind]}  "
        name = one_line(self.attachment.name, 40)
        self._label.setText(f"{symbol}{name}   {file_size(self.attachment.size)}")
        self.picture.setVisible(thumbnail is not None)
        if thumbnail is not None:
            self.picture.setPixmap(thumbnail)
        self._layout.setContentsMargins(4 if thumbnail is not None else 8, 2, 2, 2)


def chip_thumbnail(path: Path) -> QImage | None:
    """A small square of the photo, cropped to fill and rounded (any thread); None
    for a picture too large, damaged, or not one DMDesk draws (kit/pictures.py)."""
    picture = read_picture(path, QSize(THUMBNAIL, THUMBNAIL), crop=True)
    if picture.image is None:
        return None
    square = QImage(THUMBNAIL, THUMBNAIL, QImage.Format.Format_ARGB32_Premultiplied)
    square.fill(Qt.GlobalColor.transparent)
    painter = QPainter(square)
    painter.drawImage(
        (THUMBNAIL - picture.image.width()) // 2,
        (THUMBNAIL - picture.image.height()) // 2,
        picture.image,
    )
    painter.end()
    return rounded(square, 5)


class Composer(QWidget):
    send_requested = Signal(str, object, object, object)
    """Text, tuple[Attachment, ...], ReplyTiming, and the id of the message it answers
    (or None)."""
    # The user asked to send (now, later, or with a reminder) and every check passed.
    quick_reply_used = Signal(object)  # QuickReply
    history_only_changed = Signal(bool)
    """The conversation shown has no account to send from (imported history)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conversation: ConversationSummary | None = None
        self._history_only = False
        self._contact: Contact | None = None
        self._profile = Profile()
        self._attachments: list[Attachment] = []
        muted = current_theme().muted_text

        self.editor = SubmittingTextEdit(self)
        self.editor.setObjectName("Composer")
        self.editor.setPlaceholderText("Write a reply…   ( / for quick replies )")
        self.editor.setFixedHeight(84)
        self.editor.setTabChangesFocus(True)
        self.editor.tab_handler = self._on_editor_tab
        self.editor.files_handler = self.attach
        self.editor.image_handler = self.attach_image
        self.pasted_folder: Path | None = None
        """Where pasted images are kept as files, to go from (the data folder's)."""
        self.picture_lane: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None
        """Runs a decode off the GUI thread and calls back on it (the window's
        pictures lane); without one, chips decode their thumbnails at once."""
        self._thumbnails: dict[str, QPixmap | None] = {}
        """Chip thumbnails made, by file: a chip shown again needs no new decode."""
        self.setAcceptDrops(True)
        self.editor.setAccessibleName("Reply")
        self._highlighter = UnfilledHighlighter(self.editor.document())
        self.popup = QuickReplyPopup(self.editor, self.values)

        self.answering = AnsweringBar(self)
        """Which message the reply answers, if one (the bubble's menu, or Q)."""
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.chips.addStretch(1)

        self.emoji_button = self._tool_button("emoji", "Emoji", muted)
        self.emoji_button.setMenu(self._emoji_menu())
        self.emoji_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.emoji_button.setObjectName("IconMenuButton")  # the icon says it all: no arrow
        self.attach_button = self._tool_button("paperclip", "Attach files or images", muted)
        self.quick_reply_button = self._tool_button(
            "quick-reply", "Quick replies: type / in the reply box", muted
        )

        self.window_note = PlainLabel(self)
        self.window_note.setObjectName("Hint")
        self.window_note.setWordWrap(True)
        self.window_note.hide()
        self._last_incoming_at: datetime | None = None
        self._window_timer = QTimer(self)
        self._window_timer.setInterval(60_000)  # the minutes left tick down
        self._window_timer.timeout.connect(self._show_reply_window)
        self._window_timer.start()
        self.opt_out = PlainLabel("⚠ This person asked not to be messaged.", self)
        self.opt_out.setObjectName("Warning")
        self.send_anyway = QCheckBox("Send anyway", self)
        self.send_anyway.setToolTip("They wrote first, or you have their OK to message them.")
        self.problem = PlainLabel(self)
        self.problem.setObjectName("Warning")
        self.problem.setWordWrap(True)  # a long reason wraps instead of widening the pane
        self.problem.hide()
        self.counter = PlainLabel(self)
        self.counter.setObjectName("Hint")
        self.hint = PlainLabel("Ctrl+Enter to send", self)
        self.hint.setObjectName("Hint")
        self.send_button = QPushButton(icon("send", "#ffffff"), "Send", self)
        self.send_button.setObjectName("Primary")
        self.send_button.setToolTip("Send (Ctrl+Enter)")
        self.send_button.setEnabled(False)
        self.send_menu = SendMenu(self)
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("SendMore")
        self.more_button.setIcon(icon("chevron-down", "#ffffff"))
        self.more_button.setToolTip("Send later, or send and be reminded  (Ctrl+Shift+Enter)")
        self.more_button.setAccessibleName("More ways to send")
        self.more_button.setEnabled(False)

        guard = QHBoxLayout()
        guard.addWidget(self.opt_out)
        guard.addWidget(self.send_anyway)
        guard.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(4)
        for button in (self.emoji_button, self.attach_button, self.quick_reply_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.counter)
        bottom.addSpacing(8)
        bottom.addWidget(self.hint)
        bottom.addWidget(self.send_button)
        bottom.addSpacing(-2)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(self.window_note)
        layout.addLayout(guard)
        layout.addWidget(self.answering)
        layout.addLayout(self.chips)
        layout.addWidget(self.editor)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)

        self.editor.textChanged.connect(self._refresh)
        self.editor.submitted.connect(self.request_send)
        self.editor.alternate_submitted.connect(self.open_send_menu)
        self.send_button.clicked.connect(lambda: self.request_send())
        self.send_menu.chosen.connect(self.request_send)
        self.more_button.clicked.connect(self.open_send_menu)
        self.send_anyway.toggled.connect(self._refresh)
        self.attach_button.clicked.connect(self.choose_files)
        self.quick_reply_button.clicked.connect(self.open_quick_replies)
        self.popup.inserted.connect(self.quick_reply_used)
        self.popup.inserted.connect(self._attach_quick_reply_files)
        self.set_conversation(None, None, Profile())

    def _tool_button(self, icon_name: str, tip: str, color: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name, color))
        button.setIconSize(QSize(18, 18))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _emoji_menu(self) -> QMenu:
        menu = QMenu(self)
        grid_widget = QWidget(menu)
        grid_widget.setObjectName("EmojiGrid")
        grid = QGridLayout(grid_widget)
        grid.setSpacing(2)
        grid.setContentsMargins(6, 6, 6, 6)
        for number, emoji in enumerate(COMMON_EMOJI):
            button = QToolButton(grid_widget)
            button.setText(emoji)
            button.setAutoRaise(True)
            button.setFixedSize(34, 34)
            button.clicked.connect(lambda _=False, e=emoji: self._insert_emoji(e, menu))
            grid.addWidget(button, number // EMOJI_COLUMNS, number % EMOJI_COLUMNS)
        action = QWidgetAction(menu)
        action.setDefaultWidget(grid_widget)
        menu.addAction(action)
        return menu

    def _insert_emoji(self, emoji: str, menu: QMenu) -> None:
        menu.close()
        self.editor.insertPlainText(emoji)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what the reply is for --------------------------------------------------------------

    def set_conversation(
        self,
        conversation: ConversationSummary | None,
        contact: Contact | None,
        profile: Profile,
        *,
        history_only: bool = False,
    ) -> None:
        """Who the reply is for (filling, limit, opt-out); clears the files and override.
        ``history_only``: an imported conversation, with no account to send from."""
        self._conversation = conversation
        self._history_only = history_only
        self._profile = profile
        self.answering.clear()
        self.history_only_changed.emit(history_only)
        self._attachments.clear()
        self._show_chips()
        self.send_anyway.setChecked(False)
        self._last_incoming_at = None  # until the window says when they last wrote
        self._show_reply_window()
        self.set_contact(contact)

    def set_last_incoming(self, when: datetime | None) -> None:
        """When the person last wrote: where Meta's reply window runs, it counts from it."""
        self._last_incoming_at = when
        self._show_reply_window()
        self._refresh()

    def reply_window(self, at: datetime | None = None) -> ReplyWindow:
        """The platform's reply window now, or at the time a reply is to go."""
        if self._conversation is None or self._history_only:
            return ReplyWindow(WindowKind.NONE)
        return reply_window(
            self._conversation.platform, self._last_incoming_at, at or datetime.now(UTC)
        )

    def set_contact(self, contact: Contact | None) -> None:
        """Fresh details of the same person (a tag or the opt-out changed)."""
        self._contact = contact
        self.set_do_not_message(bool(contact and contact.do_not_message))

    def set_profile(self, profile: Profile) -> None:
        self._profile = profile

    def set_do_not_message(self, flagged: bool) -> None:
        if not flagged:
            self.send_anyway.setChecked(False)
        self.opt_out.setVisible(flagged)
        self.send_anyway.setVisible(flagged)
        self._refresh()

    def set_quick_replies(self, replies: list[QuickReply]) -> None:
        platform = self._conversation.platform if self._conversation else None
        self.popup.set_replies([r for r in replies if platform is None or r.applies_to(platform)])

    def values(self) -> Mapping[str, str]:
        now = datetime.now(UTC)
        hours = self.send_menu.hours  # the shop's schedule, where it has one
        opens = hours.next_open(now) if hours is not None else None
        return values_for(
            self._contact,
            self._conversation,
            self._profile,
            date.today(),
            opening_words(opens, now) if opens is not None else "",
        )

    def insert_quick_reply(self, reply: QuickReply) -> None:
        """Put a reply, filled in, at the cursor; the user reads it before sending."""
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.popup.insert(reply)

    def _attach_quick_reply_files(self, reply: QuickReply) -> None:
        """A quick reply's files go with its words (the platform's limits are then
        checked as for any file: X takes text only, and says so)."""
        if reply.files:
            self.attach([Path(a.local_path) for a in reply.files])

    def open_quick_replies(self) -> None:
        """Start a "/" at the cursor, which opens the popup."""
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.editor.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        self.editor.insertPlainText("/" if not before or before[-1].isspace() else " /")

    # --- files ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Attach files",
            str(Path.home()),
            "Images (*.png *.jpg *.jpeg *.gif *.webp *.heic);;All files (*)",
        )
        self.attach([Path(name) for name in names])

    def attach(self, paths: list[Path]) -> None:
        problems = []
        for path in paths:
            try:
                attachment = attachment_for(path)
            except AttachmentError as error:
                problems.append(str(error))
                continue
            if attachment.local_path not in {a.local_path for a in self._attachments}:
                self._attachments.append(attachment)
        self._show_chips()
        self._refresh()
        if problems:
            self._show_problems(problems)

    def attach_image(self, image: QImage) -> None:
        """A pasted image (a screenshot): kept as a PNG in the data folder, then
        attached like a file."""
        if self.pasted_folder is None:
            self._show_problems(["DMDesk has nowhere to keep a pasted image yet."])
            return
        folder = self.pasted_folder
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().astimezone()
        path = folder / f"Pasted image {stamp:%Y-%m-%d at %H.%M.%S}.png"
        number = 2
        while path.exists():
            path = folder / f"Pasted image {stamp:%Y-%m-%d at %H.%M.%S} ({number}).png"
            number += 1
        writer = QImageWriter(str(path), b"png")
        # Light compression: a screenshot saves in a blink, and stays well under limits.
        writer.setQuality(PASTE_PNG_QUALITY)
        if not writer.write(image):
            self._show_problems([f"The pasted image could not be kept in {folder}."])
            return
        self.attach([path])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.drag_entered(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.show_drop_target(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.dropped(event)

    def drag_entered(self, event: QDragEnterEvent) -> None:
        """Files dragged over the reply (or the thread above it) are welcome while a
        reply can be written: the reply box says so with a dashed edge."""
        if local_files(event.mimeData()) and self.editor.isEnabled():
            event.acceptProposedAction()
            self.show_drop_target(True)

    def dropped(self, event: QDropEvent) -> None:
        self.show_drop_target(False)
        files = local_files(event.mimeData())
        if files and self.editor.isEnabled():
            event.acceptProposedAction()
            self.attach(files)
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_drop_target(self, shown: bool) -> None:
        self.editor.setProperty("dropping", shown)
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)

    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(self._attachments)

    def _remove_attachment(self, attachment: Attachment) -> None:
        self._attachments = [a for a in self._attachments if a != attachment]
        self._show_chips()
        self._refresh()

    def _show_chips(self) -> None:
        while self.chips.count() > 1:
            item = self.chips.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        for attachment in self._attachments:
            chip = AttachmentChip(attachment, self._thumbnails.get(attachment.local_path), self)
            chip.removed.connect(self._remove_attachment)
            self.chips.insertWidget(self.chips.count() - 1, chip)
            chip.show()
            self._make_thumbnail(attachment)

    def _make_thumbnail(self, attachment: Attachment) -> None:
        """Decode a photo chip's thumbnail, off the GUI thread where the window gives
        a lane, once per file."""
        path = attachment.local_path
        if attachment.kind is not AttachmentKind.IMAGE or not path or path in self._thumbnails:
            return
        self._thumbnails[path] = None

        def made(image: QImage | None) -> None:
            thumbnail = QPixmap.fromImage(image) if image is not None else None
            self._thumbnails[path] = thumbnail
            for chip in self.findChildren(AttachmentChip):
                if chip.attachment.local_path == path:
                    chip.show_thumbnail(thumbnail)

        if self.picture_lane is None:
            made(chip_thumbnail(Path(path)))
        else:
            self.picture_lane(lambda: chip_thumbnail(Path(path)), made)

    # --- checks and sending -----------------------------------------------------------------

    def problems(self) -> list[str]:
        """Why the reply cannot go yet, in plain words; empty when it can."""
        if self._history_only and self._conversation is not None:
            return [self._history_note(self._conversation.platform)]
        text = self.editor.toPlainText()
        found = []
        left = gaps(self.editor.document())
        if left:
            names = ", ".join(dict.fromkeys("{" + g.name + "}" for g in left))
            found.append(f"Fill in {names} first.")
        limit = MESSAGE_LIMITS.get(self._conversation.platform) if self._conversation else None
        if limit is not None and self._conversation is not None:
            length = limit.measure(text)
            if length > limit.maximum:
                found.append(
                    f"Too long for {self._conversation.platform.label}: "
                    f"{length:,} of {limit.maximum:,}{self._counting_note(text, limit)}."
                )
        if self.opt_out.isVisibleTo(self) and not self.send_anyway.isChecked():
            found.append('They asked not to be messaged: tick "Send anyway" to send.')
        if (
            self._attachments
            and self._conversation is not None
            and self._conversation.platform in TEXT_ONLY_PLATFORMS
        ):
            found.append(
                f"DMDesk sends text only on {self._conversation.platform.label}: remove the "
                "files and send them from its app."
            )
        elif self._conversation is not None:
            found += file_problems(self._attachments, self._conversation.platform)
        if self.reply_window().kind is WindowKind.CLOSED and self._conversation is not None:
            found.append(f"{self._conversation.platform.label} will not take a reply here now.")
        return found

    @staticmethod
    def _history_note(platform: Platform) -> str:
        return (
            f"Imported history: connect your {platform.label} account (File → Accounts) "
            "to reply from DMDesk."
        )

    def _show_reply_window(self) -> None:
        window = self.reply_window()
        platform = self._conversation.platform if self._conversation else None
        note = window.describe(platform, datetime.now(UTC)) if platform else ""
        if self._history_only and platform is not None:
            note = self._history_note(platform)
        self.window_note.setText(note)
        self.window_note.setVisible(bool(note))
        style = "Hint" if window.kind in (WindowKind.OPEN, WindowKind.NONE) else "Warning"
        if self.window_note.objectName() != style:
            self.window_note.setObjectName(style)
            self.window_note.style().unpolish(self.window_note)
            self.window_note.style().polish(self.window_note)

    def _refresh(self) -> None:
        text = self.editor.toPlainText()
        has_content = bool(text.strip() or self._attachments)
        self.send_button.setEnabled(has_content and self._conversation is not None)
        self.more_button.setEnabled(self.send_button.isEnabled())
        self._show_problems(self.problems() if has_content else [])
        limit = MESSAGE_LIMITS.get(self._conversation.platform) if self._conversation else None
        if limit is None or not text:
            self.counter.setText("")
            return
        length = limit.measure(text)
        # The owner reads characters; where the platform counts otherwise, and it
        # matters (near the limit), say so.
        note = self._counting_note(text, limit) if length >= NEAR_LIMIT * limit.maximum else ""
        self.counter.setText(f"{length:,} / {limit.maximum:,}{note}")
        self.counter.setProperty("over", length >= limit.maximum)
        self.counter.style().unpolish(self.counter)
        self.counter.style().polish(self.counter)

    def _on_editor_tab(self, forward: bool) -> bool:
        """Tab goes to the next {placeholder} to fill (Shift+Tab back); with none
        left, forward to the Send button, which shows that it has the focus."""
        cursor = self.editor.textCursor()
        here = cursor.selectionEnd() if forward else cursor.selectionStart()
        positions = gap_spans(self.editor.document())
        chosen = (
            next(((s, e) for s, e in positions if s >= here), None)
            if forward
            else next(((s, e) for s, e in reversed(positions) if e <= here), None)
        )
        if chosen is not None:
            cursor.setPosition(chosen[0])
            cursor.setPosition(chosen[1], QTextCursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
            return True
        if forward and self.send_button.isEnabled():
            self.send_button.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _counting_note(self, text: str, limit: MessageLimit) -> str:
        if limit.measure(text) == len(text) or self._conversation is None:
            return ""  # every character counts as one: nothing to explain
        return f" · {self._conversation.platform.label} counts accents and emoji as more than one"

    def _show_problems(self, problems: list[str]) -> None:
        self.problem.setText(" ".join(problems))
        self.problem.setVisible(bool(problems))

    def open_send_menu(self) -> None:
        """Ctrl+Shift+Enter: the other ways to send, over the Send button."""
        if not self.more_button.isEnabled():
            return
        # Above the buttons, its right edge on theirs: the reply box is at the
        # window's foot, and a menu below it would hang off the window.
        self.send_menu.fill()
        size = self.send_menu.sizeHint()
        corner = self.more_button.mapToGlobal(self.more_button.rect().topRight())
        self.send_menu.popup(corner - QPoint(size.width(), size.height()))

    def request_send(self, timing: ReplyTiming | None = None) -> None:
        timing = timing or ReplyTiming()
        text = self.editor.toPlainText()
        if self._conversation is None or not (text.strip() or self._attachments):
            return
        problems = self.problems()
        if timing.send_at is not None:
            problems += self._later_problems(timing.send_at)
        if problems:
            self._show_problems(problems)
            return
        if timing.send_at is not None and not self._later_window_agreed(timing.send_at):
            return
        answered = self.answering.message
        self.send_requested.emit(
            text, tuple(self._attachments), timing, answered.id if answered else None
        )
        self.answering.clear()
        self.editor.blockSignals(True)
        self.editor.clear()
        self.editor.blockSignals(False)
        self._attachments.clear()
        self._show_chips()
        self.send_anyway.setChecked(False)
        self._refresh()

    def _later_problems(self, at: datetime) -> list[str]:
        """What keeps a reply from going at ``at``: Meta's 7 days, counted from the
        customer's last message."""
        window = self.reply_window(at)
        if window.kind is not WindowKind.CLOSED or self._conversation is None:
            return []
        platform = self._conversation.platform.label
        last, now = self._last_incoming_at, datetime.now(UTC)
        until = f" (until {when_words(last + HUMAN_AGENT_WINDOW, now)})" if last else ""
        return [
            f"{platform} lets a business reply only within 7 days of the person's last "
            f"message{until}: {when_words(at, now)} is too late. Send it sooner."
        ]

    def _later_window_agreed(self, at: datetime) -> bool:
        """Past the 24 hours by ``at``: it goes with the Human Agent tag, if the owner
        agrees (an answer from a person, no promotions)."""
        if self.reply_window(at).kind is not WindowKind.HUMAN_AGENT:
            return True
        if self.reply_window().kind is WindowKind.HUMAN_AGENT:
            return True  # already past it: the composer says so
        return ask(
            self.window(),
            "Past the 24-hour window",
            f"By {when_words(at, datetime.now(UTC))} the 24-hour window will have closed. "
            "It can still go, with the Human Agent tag: for a person's answer to their "
            "question, not for promotions.",
            "Schedule with the tag",
        )

    def answer(self, message: Message) -> None:
        """Reply to this message: the bar above the text says so, the text has focus."""
        if self._conversation is None:
            return
        self.answering.answer(message, self._conversation.platform)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_text(self, text: str) -> None:
        """Show a saved draft without it counting as typing."""
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        mark_unknown_placeholders(self.editor.document())
        self.editor.blockSignals(False)
        self._refresh()
