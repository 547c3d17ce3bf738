"""The quick-reply library: write, order and share the answers you give every day.

Edits are saved as you type, like notes. The preview shows the selected reply
filled in for the person whose conversation is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
    QValidator,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Platform, Profile, QuickReply
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.quick_reply_fill import PLACEHOLDER, VARIABLES, fill
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.plain_text import PlainLabel, ask, warn
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.quick_replies.delegate import QuickReplyDelegate
from dmdesk.ui.quick_replies.highlighting import TemplateHighlighter, UnfilledHighlighter
from dmdesk.ui.quick_replies.model import QuickReplyListModel
from dmdesk.ui.quick_replies.reply_files import ReplyFiles

SAVE_DELAY_MS = 400
NEW_REPLY = QuickReply("New quick reply", "Hi {first_name|there}, ")


class KeywordValidator(QValidator):
    """Keywords are typed after "/" in the composer: lower case, no spaces or punctuation.

    Rather than refusing a capital letter outright, it is lowered, so typing
    "Shipping" gives "shipping" instead of a silently swallowed "S".
    """

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        lowered = text.lower()
        if all(c.isascii() and (c.isalnum() or c in "-_") for c in lowered):
            return QValidator.State.Acceptable, lowered, pos
        return QValidator.State.Invalid, text, pos


class QuickReplyLibraryDialog(QDialog):
    library_changed = Signal()
    """A change to the library or the profile has been stored."""

    def __init__(
        self,
        reader: InboxReads,
        tasks: TaskRunner,
        values: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick replies")
        self.resize(920, 620)
        self._reader = reader
        self._tasks = tasks
        self._values = dict(values)
        self._filling_form = False
        muted = current_theme().muted_text

        profile = reader.profile()
        self.my_name = QLineEdit(profile.my_name, self)
        self.my_name.setPlaceholderText("Your name, for {my_name}")
        self.business = QLineEdit(profile.business, self)
        self.business.setPlaceholderText("Your business, for {business}")
        signed = QHBoxLayout()
        signed.addWidget(PlainLabel("You are", self))
        signed.addWidget(self.my_name, 1)
        signed.addWidget(PlainLabel("of", self))
        signed.addWidget(self.business, 1)

        self.model = QuickReplyListModel(self)
        self.model.set_values(self._values)
        self.list = QListView(self)
        self.list.setObjectName("QuickReplyList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(QuickReplyDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMinimumWidth(320)
        self.new_button = self._button("New", "quick-reply", "New quick reply (Ctrl+N)")
        self.duplicate_button = self._button("Duplicate", "", "A copy to start from")
        self.delete_button = self._button("Delete", "trash", "Delete this quick reply")
        self.up_button = self._tool("↑", "Move up (Alt+Up)")
        self.down_button = self._tool("↓", "Move down (Alt+Down)")
        self.import_button = self._button("Import…", "", "Add quick replies from a file")
        self.export_button = self._button("Export…", "", "Save every quick reply to a file")
        list_buttons = QHBoxLayout()
        for widget in (self.new_button, self.duplicate_button, self.delete_button):
            list_buttons.addWidget(widget)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.import_button)
        file_buttons.addWidget(self.export_button)
        file_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(list_buttons)
        left.addWidget(self.list, 1)
        left.addLayout(file_buttons)

        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.keyword = QLineEdit(self)
        self.keyword.setMaxLength(50)
        self.keyword.setPlaceholderText("optional, e.g. shipping: type /shipping")
        self.keyword.setValidator(KeywordValidator(self.keyword))
        self.platform_buttons: dict[Platform, QToolButton] = {}
        platforms = QHBoxLayout()
        platforms.setSpacing(4)
        for platform in Platform:
            button = QToolButton(self)
            button.setText(platform.label)
            button.setCheckable(True)
            button.setObjectName("PlatformToggle")
            button.toggled.connect(self._on_form_edited)
            self.platform_buttons[platform] = button
            platforms.addWidget(button)
        platforms.addStretch(1)
        self.platforms_hint = PlainLabel("None chosen: every platform.", self)
        self.platforms_hint.setObjectName("Hint")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("TemplateBody")
        self._body_highlighter = TemplateHighlighter(self.body.document())
        self.variables_button = QToolButton(self)
        self.variables_button.setText("Insert variable")
        self.variables_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.variables_button.setMenu(self._variables_menu())
        self.variables_hint = PlainLabel(self)
        self.variables_hint.setObjectName("Warning")
        self.variables_hint.setWordWrap(True)
        self.preview_title = PlainLabel(self)
        self.preview_title.setObjectName("SectionTitle")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setObjectName("Preview")
        self.preview.setMaximumHeight(130)
        self._preview_highlighter = UnfilledHighlighter(self.preview.document())
        self.status = PlainLabel(self)
        self.status.setObjectName("Hint")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Keyword  /", self.keyword)
        platform_box = QVBoxLayout()
        platform_box.addLayout(platforms)
        platform_box.addWidget(self.platforms_hint)
        form.addRow("Platforms", platform_box)
        self.files = ReplyFiles(self)
        form.addRow("Files", self.files)
        body_header = QHBoxLayout()
        body_header.addWidget(PlainLabel("Text", self))
        body_header.addStretch(1)
        body_header.addWidget(self.variables_button)
        self.editor = QWidget(self)
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        right.addLayout(body_header)
        right.addWidget(self.body, 1)
        right.addWidget(self.variables_hint)
        right.addWidget(self.preview_title)
        right.addWidget(self.preview)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.editor, 3)
        close = QPushButton("Done", self)
        close.setObjectName("Primary")
        close.clicked.connect(self.accept)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(signed)
        layout.addLayout(columns, 1)
        layout.addLayout(footer)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save_current)
        self.list.selectionModel().currentChanged.connect(self._on_list_current_changed)
        for field in (self.name, self.keyword):
            field.textEdited.connect(self._on_form_edited)
        self.body.textChanged.connect(self._on_form_edited)
        for field in (self.my_name, self.business):
            field.editingFinished.connect(self._save_profile)
        self.files.attach_requested.connect(self.attach_files)
        self.files.detach_requested.connect(self.detach_file)
        self.new_button.clicked.connect(self.add_reply)
        self.duplicate_button.clicked.connect(self.duplicate_reply)
        self.delete_button.clicked.connect(self.delete_reply)
        self.up_button.clicked.connect(lambda: self.move_reply(-1))
        self.down_button.clicked.connect(lambda: self.move_reply(1))
        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button.clicked.connect(self.choose_export_file)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_reply)
        QShortcut(QKeySequence("Alt+Up"), self, lambda: self.move_reply(-1))
        QShortcut(QKeySequence("Alt+Down"), self, lambda: self.move_reply(1))
        self._icons_color = muted
        self.reload()
        self.list.setCurrentIndex(self.model.index(0))
        self._show_current()
        self.list.setFocus()

    def _button(self, text: str, icon_name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        if icon_name:
            button.setIcon(icon(icon_name, current_theme().text))
        button.setToolTip(tip)
        return button

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        return button

    def _variables_menu(self) -> QMenu:
        menu = QMenu(self)
        for name, meaning in VARIABLES.items():
            action = menu.addAction(f"{{{name}}}    {meaning}")
            action.triggered.connect(lambda _=False, n=name: self._insert_variable(n))
        return menu

    def _insert_variable(self, name: str) -> None:
        self.body.insertPlainText("{" + name + "}")
        self.body.setFocus()

    # --- the list ----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.model.set_replies(self._reader.quick_replies())
        row = self.model.row_of(keep)
        self.list.setCurrentIndex(self.model.index(max(row, 0)))
        self._show_current()

    def current(self) -> QuickReply | None:
        return self.model.reply_at(self.list.currentIndex().row())

    def _on_list_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._flush()
        self._show_current()

    def _show_current(self) -> None:
        reply = self.current()
        self._filling_form = True
        try:
            self.editor.setEnabled(reply is not None)
            self.duplicate_button.setEnabled(reply is not None)
            self.delete_button.setEnabled(reply is not None)
            self.name.setText(reply.name if reply else "")
            self.keyword.setText(reply.keyword if reply else "")
            for platform, button in self.platform_buttons.items():
                button.setChecked(bool(reply and platform in reply.platforms))
            self.body.setPlainText(reply.body if reply else "")
            self.files.show_files(reply.files if reply else ())
        finally:
            self._filling_form = False
        self._show_preview()

    def _show_preview(self) -> None:
        who = self._values.get("name") or "the open conversation"
        self.preview_title.setText(f"PREVIEW FOR {who.upper()}")
        body = self.body.toPlainText()
        self.preview.setPlainText(fill(body, self._values))
        unknown = sorted({m.group(0) for m in PLACEHOLDER.finditer(body)} - self._known(body))
        self.variables_hint.setText(
            f"DMDesk cannot fill {', '.join(unknown)}: whoever sends it will have to."
            if unknown
            else ""
        )
        self.variables_hint.setVisible(bool(unknown))

    @staticmethod
    def _known(body: str) -> set[str]:
        return {m.group(0) for m in PLACEHOLDER.finditer(body) if m.group(1) in VARIABLES}

    # --- editing -----------------------------------------------------------------------------

    def _form_reply(self) -> QuickReply | None:
        current = self.current()
        if current is None:
            return None
        return replace(
            current,
            name=" ".join(self.name.text().split()),
            keyword=self.keyword.text(),
            body=self.body.toPlainText(),
            platforms=tuple(p for p, b in self.platform_buttons.items() if b.isChecked()),
        )

    def _on_form_edited(self, *_: object) -> None:
        if self._filling_form:
            return
        self._show_preview()
        self._save_timer.start()

    def _flush(self) -> None:
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_current()

    def _save_current(self) -> None:
        reply = self._form_reply()
        if reply is None:
            return
        if not reply.name:
            self.status.setText("A quick reply needs a name; it is saved once it has one.")
            return
        self.model.replace(reply)
        self._write(lambda s: s.quick_replies.save(reply), lambda _: self._saved())

    def _saved(self) -> None:
        self.status.setText("Saved.")

    def _save_profile(self) -> None:
        profile = Profile(self.my_name.text().strip(), self.business.text().strip())
        self._values["my_name"], self._values["business"] = profile.my_name, profile.business
        self.model.set_values(self._values)
        self._show_preview()
        self._write(lambda s: s.quick_replies.set_profile(profile))

    def add_reply(self) -> None:
        self._flush()
        self._write(lambda s: s.quick_replies.save(NEW_REPLY), lambda saved: self._focus_new(saved))

    def _focus_new(self, reply: QuickReply) -> None:
        self.reload(select_id=reply.id)
        self.name.setFocus()
        self.name.selectAll()

    def duplicate_reply(self) -> None:
        self._flush()
        reply = self._form_reply()
        if reply is not None:
            self._write(lambda s: s.quick_replies.duplicate(reply), self._focus_new)

    def delete_reply(self) -> None:
        reply = self.current()
        if reply is None or reply.id is None:
            return
        if not ask(
            self,
            "Delete quick reply?",
            f"Delete “{one_line(reply.name, 80)}”? Replies already sent stay as they are.",
            "Delete",
        ):
            return
        self._save_timer.stop()
        reply_id = reply.id
        row = self.list.currentIndex().row()
        neighbour = self.model.reply_at(row + 1) or self.model.reply_at(row - 1)
        self._write(
            lambda s: s.quick_replies.delete(reply_id),
            lambda _: self.reload(select_id=neighbour.id if neighbour else None),
        )

    def attach_files(self, paths: list[Path]) -> None:
        """Copy files into the workspace and onto the reply shown."""
        reply = self.current()
        if reply is None or reply.id is None:
            return
        self._flush()
        reply_id = reply.id
        self._write(
            lambda s: s.quick_replies.attach(reply_id, paths),
            lambda _: self.reload(select_id=reply_id),
            lambda error: self._refuse("The file was not attached", str(error)),
        )

    def detach_file(self, local_path: str) -> None:
        reply = self.current()
        if reply is None or reply.id is None:
            return
        reply_id = reply.id
        self._write(
            lambda s: s.quick_replies.detach(reply_id, local_path),
            lambda _: self.reload(select_id=reply_id),
        )

    def move_reply(self, step: int) -> None:
        self._flush()
        replies = self.model.replies()
        row = self.list.currentIndex().row()
        target = row + step
        if not (0 <= row < len(replies) and 0 <= target < len(replies)):
            return
        replies[row], replies[target] = replies[target], replies[row]
        self.model.set_replies(replies)
        self.list.setCurrentIndex(self.model.index(target))
        ids = [r.id for r in replies if r.id is not None]
        self._write(lambda s: s.quick_replies.reorder(ids))

    # --- files -------------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import quick replies",
            str(Path.home()),
            "Quick replies (*.json *.zip);;All files (*)",
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """A JSON file, or a .zip export with the replies' files."""
        self._flush()

        def refused(error: BaseException) -> None:
            if isinstance(error, OSError):
                self._refuse("DMDesk cannot read that file", error.strerror or str(error))
            else:
                self._refuse("Nothing was imported", str(error))

        self._write(lambda s: s.quick_replies.import_path(path), self._imported, refused)

    def _imported(self, summary: object) -> None:
        self.reload()
        self.status.setText(str(summary))

    def choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export quick replies",
            str(Path.home() / "quick-replies.json"),
            "Quick replies (*.json)",
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        self._flush()

        count = self.model.rowCount()
        self._write(
            lambda s: s.quick_replies.export_to(path),
            lambda written: self.status.setText(
                f"Exported {count} quick replies to {written.name}"
                + (", with their files." if written.suffix == ".zip" else ".")
            ),
            lambda error: self._refuse("The file was not saved", str(error)),
        )

    def _refuse(self, title: str, detail: str) -> None:
        self.status.setText(f"{title}. {detail}")
        warn(self, title, f"{title}.\n\n{detail}")

    # --- plumbing ----------------------------------------------------------------------------

    def _write(self, job: Any, done: Any = None, failed: Any = None) -> None:
        def finished(result: object) -> None:
            if done is not None:
                done(result)
            self.library_changed.emit()

        self._tasks.write(job, finished, failed)

    def done(self, result: int) -> None:
        self._flush()
        self._save_profile_if_changed()
        super().done(result)

    def _save_profile_if_changed(self) -> None:
        stored = self._reader.profile()
        if (self.my_name.text().strip(), self.business.text().strip()) != (
            stored.my_name,
            stored.business,
        ):
            self._save_profile()
