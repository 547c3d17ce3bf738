"""The right pane: the person behind the conversation, and your notes on them.

Every field saves as soon as it is edited; there is no Save button.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import partial

from PySide6.QtCore import QDate, QRectF, Qt, Signal, SignalInstance
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import (
    Contact,
    ConversationSummary,
    MergeSuggestion,
    Note,
    PersonConversation,
)
from dmdesk.ui.contact.tag_chips import TagChips
from dmdesk.ui.kit.date_picker import DatePicker
from dmdesk.ui.kit.formatting import one_line, relative_time
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.painting import draw_avatar
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text, literal_label
from dmdesk.ui.kit.text_edits import SubmittingTextEdit
from dmdesk.ui.kit.theme import current_theme


def section_title(text: str) -> QLabel:
    label = PlainLabel(text.upper())
    label.setObjectName("SectionTitle")
    return label


class NoteCard(QFrame):
    edit_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, note: Note, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoteCard")
        self.note = note
        text = PlainLabel(note.text, self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        edited = " · edited" if note.updated_at != note.created_at else ""
        when = PlainLabel(note.created_at.astimezone().strftime("%d %b %Y, %H:%M") + edited, self)
        when.setObjectName("Hint")
        color = current_theme().muted_text
        edit = QPushButton(icon("note", color), "", self)
        edit.setToolTip("Edit note")
        edit.setFlat(True)
        remove = QPushButton(icon("trash", color), "", self)
        remove.setToolTip("Delete note")
        remove.setFlat(True)
        for button in (edit, remove):
            button.setFixedSize(26, 26)
        row = QHBoxLayout()
        row.addWidget(when, 1)
        row.addWidget(edit)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 6)
        layout.addWidget(text)
        layout.addLayout(row)
        edit.clicked.connect(lambda: self.edit_requested.emit(self.note))
        remove.clicked.connect(lambda: self.delete_requested.emit(self.note))


class ContactPane(QWidget):
    conversation_chosen = Signal(int)
    """Another of the person's conversations, picked from the list of them."""
    merge_requested = Signal(int)  # contact id: find who else they are
    export_requested = Signal(int)  # contact id: everything about them, as a .zip
    forget_requested = Signal(int)  # contact id: delete everything of them, for good
    suggestion_taken = Signal(int, int)  # the person shown, the one suggested: merge
    suggestion_refused = Signal(int, int)  # the same two: "Not the same"
    split_requested = Signal(int)  # identity id: take it out into its own contact
    renamed = Signal(int, str)
    tags_changed = Signal(int, object)  # contact id, list[str]
    stage_changed = Signal(int, str)  # contact id, stage ("" for none)
    follow_up_changed = Signal(int, object)  # contact id, date | None
    do_not_message_changed = Signal(int, bool)
    note_added = Signal(int, str)
    note_edited = Signal(int, str)  # note id, text
    note_deleted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._contact: Contact | None = None

        self.avatar = PlainLabel(self)
        self.avatar.setFixedSize(56, 56)
        self.avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLineEdit(self)
        self.name.setObjectName("ContactName")
        self.name.setFrame(False)
        self.handles = PlainLabel(self)
        self.handles.setObjectName("Muted")
        self.handles.setWordWrap(True)
        self.person_menu = QMenu(self)
        self.person_button = QToolButton(self)
        self.person_button.setText("⋯")
        self.person_button.setToolTip("Merge with another person, or separate one of theirs")
        self.person_button.setAccessibleName("Person")
        self.person_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.person_button.setMenu(self.person_menu)
        self.person_button.setAutoRaise(True)
        self.person_button.setObjectName("IconMenuButton")  # no arrow: the dots say it
        self.suggestion = QFrame(self)
        self.suggestion.setObjectName("SuggestionCard")
        self.suggestion_text = PlainLabel(self.suggestion)
        self.suggestion_text.setWordWrap(True)
        self.suggestion_reason = PlainLabel(self.suggestion)
        self.suggestion_reason.setObjectName("Hint")
        self.suggestion_reason.setWordWrap(True)
        self.suggestion_merge = QPushButton("Merge", self.suggestion)
        self.suggestion_merge.setObjectName("Primary")
        self.suggestion_not_same = QPushButton("Not the same", self.suggestion)
        card = QVBoxLayout(self.suggestion)
        card.setContentsMargins(10, 8, 10, 8)
        card.addWidget(self.suggestion_text)
        card.addWidget(self.suggestion_reason)
        choices = QHBoxLayout()
        choices.addWidget(self.suggestion_merge)
        choices.addWidget(self.suggestion_not_same)
        choices.addStretch(1)
        card.addLayout(choices)
        self._suggested: MergeSuggestion | None = None
        self.suggestion_merge.clicked.connect(lambda: self._answer(self.suggestion_taken))
        self.suggestion_not_same.clicked.connect(lambda: self._answer(self.suggestion_refused))
        self.conversations_title = section_title("Conversations")
        self.conversations_box = QVBoxLayout()
        self.conversations_box.setSpacing(2)
        self._conversation_buttons: list[QPushButton] = []

        self.tags = TagChips(self)
        self.stage = QComboBox(self)
        self.stage.setAccessibleName("Stage")
        self.stage.setToolTip("Where they stand (S then a number)")
        self.set_stages(())
        self.follow_up_enabled = QCheckBox("Follow up on", self)
        self.follow_up = QDateEdit(self)
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("d MMM yyyy")
        self.follow_up.setCalendarWidget(DatePicker(self.follow_up))
        self.do_not_message = QCheckBox("Do not message (opted out)", self)

        self.note_editor = SubmittingTextEdit(self)
        self.note_editor.setPlaceholderText("Add a note…  (Ctrl+Enter)")
        self.note_editor.setFixedHeight(64)
        self.note_editor.setTabChangesFocus(True)
        self.notes_box = QVBoxLayout()
        self.notes_box.setSpacing(8)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.avatar)
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.handles)
        top.addLayout(names, 1)
        top.addWidget(self.person_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(self.suggestion)
        column.addSpacing(8)
        column.addWidget(self.conversations_title)
        column.addLayout(self.conversations_box)
        column.addWidget(section_title("Stage"))
        column.addWidget(self.stage)
        column.addWidget(section_title("Tags"))
        column.addWidget(self.tags)
        column.addWidget(section_title("Follow-up"))
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_enabled)
        follow.addWidget(self.follow_up, 1)
        column.addLayout(follow)
        column.addWidget(self.do_not_message)
        column.addSpacing(8)
        column.addWidget(section_title("Notes"))
        column.addWidget(self.note_editor)
        column.addLayout(self.notes_box)
        column.addStretch(1)
        self.group_label = PlainLabel(self)
        self.group_label.setWordWrap(True)
        self.group_label.setObjectName("Muted")
        column.addWidget(self.group_label)
        self._editable = [
            self.name,
            self.stage,
            self.tags,
            self.follow_up_enabled,
            self.follow_up,
            self.do_not_message,
            self.note_editor,
        ]

        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setObjectName("ContactScroll")
        body.setObjectName("ContactBody")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.name.editingFinished.connect(self._on_name_edited)
        self.tags.changed.connect(self._on_tags_edited)
        self.stage.activated.connect(self._on_stage_chosen)
        self.follow_up_enabled.toggled.connect(self._on_follow_up_edited)
        self.follow_up.dateChanged.connect(self._on_follow_up_edited)
        self.do_not_message.toggled.connect(self._on_do_not_message_toggled)
        self.note_editor.submitted.connect(self._on_note_submitted)
        self.show_contact(None, [], None)

    @property
    def contact(self) -> Contact | None:
        return self._contact

    def show_contact(
        self,
        contact: Contact | None,
        notes: list[Note],
        conversation: ConversationSummary | None,
        conversations: Sequence[PersonConversation] = (),
        suggestions: Sequence[MergeSuggestion] = (),
    ) -> None:
        """``conversations``: every conversation with the person, on every platform;
        ``suggestions``: who else they may be (the first is offered)."""
        self._contact = None  # no signals while filling the fields
        for widget in self._editable:
            widget.setVisible(contact is not None)
            widget.setEnabled(contact is not None)
        title = contact.display_name if contact else (conversation.title if conversation else "")
        self.name.setText(title)
        self.name.setReadOnly(contact is None)
        self.name.setVisible(bool(title))
        self._paint_avatar(title)
        if contact is not None:
            self.handles.setText(
                "\n".join(
                    " · ".join(filter(None, (i.platform.label, i.shown_as)))
                    for i in contact.identities
                )
            )
            self.tags.set_tags(contact.tags)
            self._show_stage(contact.stage)
            self.follow_up_enabled.setChecked(contact.follow_up_on is not None)
            self.follow_up.setEnabled(contact.follow_up_on is not None)
            day = contact.follow_up_on or date.today()
            self.follow_up.setDate(QDate(day.year, day.month, day.day))
            self.do_not_message.setChecked(contact.do_not_message)
            self.group_label.setText("")
        else:
            self.handles.setText(conversation.platform.label if conversation else "")
            members = conversation.participants if conversation else ()
            self.group_label.setText(
                "Group members:\n" + "\n".join(f"• {p.display_name or p.handle}" for p in members)
                if conversation and conversation.is_group
                else ""
            )
        for section in self.findChildren(QLabel, "SectionTitle"):
            section.setVisible(contact is not None)
        self._show_person_menu(contact)
        self._show_suggestion(suggestions[0] if contact is not None and suggestions else None)
        self._show_conversations(
            conversations if contact is not None else (), conversation.id if conversation else None
        )
        self._show_notes(notes)
        self._contact = contact

    def _show_person_menu(self, contact: Contact | None) -> None:
        self.person_menu.clear()
        self.person_button.setVisible(contact is not None)
        if contact is None:
            return
        merge = self.person_menu.addAction("Merge with another person…")
        merge.triggered.connect(lambda: self.merge_requested.emit(contact.id))
        export = self.person_menu.addAction(
            literal_label(f"Export everything about {one_line(contact.display_name, 60)}…")
        )
        export.triggered.connect(lambda: self.export_requested.emit(contact.id))
        if len(contact.identities) >= 2:
            self.person_menu.addSeparator()
            for identity in contact.identities:
                shown = " ".join(filter(None, (identity.platform.label, identity.shown_as)))
                separate = literal_label(f"Separate {one_line(shown, 80)}")
                action = self.person_menu.addAction(separate)
                action.triggered.connect(partial(self.split_requested.emit, identity.id))
        self.person_menu.addSeparator()
        forget = self.person_menu.addAction(
            literal_label(f"Forget {one_line(contact.display_name, 60)}…")
        )
        forget.triggered.connect(lambda: self.forget_requested.emit(contact.id))

    def _show_suggestion(self, suggestion: MergeSuggestion | None) -> None:
        self._suggested = suggestion
        self.suggestion.setVisible(suggestion is not None)
        if suggestion is None:
            return
        self.suggestion_text.setText(
            f"Maybe the same person: {one_line(suggestion.person.display_name, 80)} "
            f"on {suggestion.platform.label}"
        )
        self.suggestion_reason.setText(f"Because of {one_line(suggestion.reason, 120)}.")

    def _answer(self, answer: SignalInstance) -> None:
        if self._contact is not None and self._suggested is not None:
            answer.emit(self._contact.id, self._suggested.person.id)
            self.suggestion.hide()

    def _show_conversations(
        self, conversations: Sequence[PersonConversation], current: int | None
    ) -> None:
        """The person's conversations on every platform, when there is more than one:
        a click (or Space) opens one."""
        for button in self._conversation_buttons:
            button.hide()
            button.deleteLater()
        self._conversation_buttons = []
        shown = len(conversations) > 1
        self.conversations_title.setVisible(shown)
        if not shown:
            return
        now = datetime.now(UTC)
        for item in conversations:
            where = " · ".join(
                filter(
                    None,
                    (
                        item.platform.label,
                        _ago(relative_time(item.last_activity_at, now)),
                        "in Trash" if item.trashed else "archived" if item.archived else "",
                    ),
                )
            )
            button = QPushButton(literal_label(where), self)
            button.setObjectName("PersonConversation")
            button.setFlat(True)
            button.setCheckable(True)
            button.setChecked(item.id == current)
            button.setToolTip(as_rich_text(item.title))
            button.clicked.connect(partial(self._choose_conversation, item.id, button))
            self.conversations_box.addWidget(button)
            self._conversation_buttons.append(button)

    def _choose_conversation(self, conversation_id: int, button: QPushButton) -> None:
        button.setChecked(True)  # the one open stays marked
        self.conversation_chosen.emit(conversation_id)

    def _paint_avatar(self, name: str) -> None:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(56 * ratio), int(56 * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        if name:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw_avatar(painter, QRectF(0, 0, 56, 56), name, name)
            painter.end()
        self.avatar.setPixmap(pixmap)

    def _show_notes(self, notes: list[Note]) -> None:
        while self.notes_box.count():
            item = self.notes_box.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                # Hidden now: a menu or dialog opened next runs an event loop that
                # does not delete it, and it would show the last person's notes.
                widget.hide()
                widget.deleteLater()
        for note in notes:
            card = NoteCard(note)
            card.edit_requested.connect(self._on_note_edit_requested)
            card.delete_requested.connect(self._on_note_delete_requested)
            self.notes_box.addWidget(card)

    # --- edits -----------------------------------------------------------------------------

    def _on_name_edited(self) -> None:
        if (
            self._contact
            and self.name.text().strip()
            and self.name.text().strip() != self._contact.display_name
        ):
            self.renamed.emit(self._contact.id, self.name.text().strip())

    def _on_tags_edited(self, tags: list[str]) -> None:
        if self._contact is not None and tuple(tags) != self._contact.tags:
            self.tags_changed.emit(self._contact.id, tags)

    def set_stages(self, stages: tuple[str, ...]) -> None:
        """The workspace's stages, numbered as S then a number sets them."""
        chosen = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem("No stage", "")
        for number, name in enumerate(stages, 1):
            self.stage.addItem(f"{number}  {name}", name)
        self.stage.blockSignals(False)
        self._show_stage(chosen or "")

    def _show_stage(self, stage: str) -> None:
        row = self.stage.findData(stage)
        if row < 0 and stage:  # a stage since taken out of the list: still theirs
            self.stage.addItem(stage, stage)
            row = self.stage.count() - 1
        self.stage.blockSignals(True)
        self.stage.setCurrentIndex(max(0, row))
        self.stage.blockSignals(False)

    def _on_stage_chosen(self, _row: int) -> None:
        stage = self.stage.currentData() or ""
        if self._contact is not None and stage != self._contact.stage:
            self.stage_changed.emit(self._contact.id, stage)

    def _on_follow_up_edited(self, *_: object) -> None:
        self.follow_up.setEnabled(self.follow_up_enabled.isChecked())
        if self._contact is None:
            return
        chosen = self.follow_up.date()
        value = (
            date(chosen.year(), chosen.month(), chosen.day())
            if self.follow_up_enabled.isChecked()
            else None
        )
        self.follow_up_changed.emit(self._contact.id, value)

    def _on_do_not_message_toggled(self, checked: bool) -> None:
        if self._contact is not None:
            self.do_not_message_changed.emit(self._contact.id, checked)

    def _on_note_submitted(self) -> None:
        text = self.note_editor.toPlainText().strip()
        if self._contact is not None and text:
            self.note_added.emit(self._contact.id, text)
            self.note_editor.clear()

    def _on_note_edit_requested(self, note: Note) -> None:
        dialog = note_dialog(self, note.text)
        if dialog.exec() and (text := dialog.textValue()).strip() and text != note.text:
            self.note_edited.emit(note.id, text.strip())

    def _on_note_delete_requested(self, note: Note) -> None:
        self.note_deleted.emit(note.id)


def _ago(when: str) -> str:
    """ "3h" as "3 h ago"; days and dates as they are ("Yesterday", "12 Nov")."""
    return f"{when[:-1]} {when[-1]} ago" if when[:-1].isdigit() else when


def note_dialog(parent: QWidget, text: str) -> QInputDialog:
    """Editing a note: a roomy box whose lines wrap, as the note reads in the pane
    (the stock multi-line dialog is narrow and scrolls sideways)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Edit note")
    dialog.setLabelText("Note")
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    for editor in dialog.findChildren(QPlainTextEdit):
        editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        editor.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    dialog.resize(480, 280)
    return dialog
