"""A person's tags as coloured chips, each with its ✕, and a box to add more that
suggests the tags already in use as you type (Enter or a comma adds one,
Backspace in the empty box takes the last one off)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QFrame, QHBoxLayout, QLineEdit, QToolButton, QWidget

from dmdesk.domain import clean_tag
from dmdesk.ui.kit.flow_layout import FlowLayout
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.kit.tag_colors import tag_colors


class TagChip(QFrame):
    removed = Signal(str)

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("TagChip")
        fill, text = tag_colors(tag)
        self.setStyleSheet(
            f"#TagChip {{ background: {fill.name()}; border-radius: 11px; }}"
            f"#TagChip QLabel, #TagChip QToolButton {{ color: {text.name()}; "
            "background: transparent; border: none; }"
        )
        self.label = PlainLabel(tag, self)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setAccessibleName(f"Remove the tag {tag}")
        self.remove.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Backspace in the box does it
        row = QHBoxLayout(self)
        row.setContentsMargins(9, 2, 4, 2)
        row.setSpacing(2)
        row.addWidget(self.label)
        row.addWidget(self.remove)
        self.remove.clicked.connect(lambda: self.removed.emit(self.tag))


class TagChips(QWidget):
    changed = Signal(object)
    """The whole list of tags, after the owner added or removed one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self._known: list[str] = []
        self._chips: list[TagChip] = []
        self.flow = FlowLayout(self)
        self.entry = QLineEdit(self)
        self.entry.setObjectName("TagEntry")
        self.entry.setPlaceholderText("Add a tag…")
        self.entry.setMinimumWidth(110)
        self.entry.setAccessibleName("Add a tag")
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        popup = completer.popup()
        assert popup is not None  # a completer makes its popup when it is made
        self._popup = popup
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._add_chosen)
        self.entry.setCompleter(completer)
        self.flow.addWidget(self.entry)
        self.entry.textEdited.connect(self._on_edited)
        self.entry.installEventFilter(self)

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self._tags)

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self._tags = list(tags)
        self._rebuild()

    def set_known(self, known: list[str]) -> None:
        """The tags in use anywhere, the most used first: what the box suggests."""
        self._known = known
        self._suggest()

    def _rebuild(self) -> None:
        for chip in self._chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        self.flow.removeWidget(self.entry)
        for tag in self._tags:
            chip = TagChip(tag, self)
            chip.removed.connect(self._remove)
            self.flow.addWidget(chip)
            self._chips.append(chip)
        self.flow.addWidget(self.entry)
        self._suggest()
        self.updateGeometry()

    def _suggest(self) -> None:
        mine = {t.casefold() for t in self._tags}
        self._suggestions.setStringList([t for t in self._known if t.casefold() not in mine])

    def _add(self, text: str) -> None:
        tag = clean_tag(text)
        if tag and tag.casefold() not in {t.casefold() for t in self._tags}:
            # Spelt as it is elsewhere, so "Wholesale" joins "wholesale".
            known = {t.casefold(): t for t in self._known}
            self._tags.append(known.get(tag.casefold(), tag))
            self._rebuild()
            self.changed.emit(list(self._tags))

    def _add_typed(self) -> None:
        for part in self.entry.text().split(","):
            self._add(part)
        self.entry.clear()

    def _add_chosen(self, text: str) -> None:
        self._add(text)
        self.entry.clear()  # after the completer has written its choice in

    def _on_edited(self, text: str) -> None:
        if "," in text:  # a comma ends a tag, as in most tag boxes
            self._add_typed()

    def _remove(self, tag: str) -> None:
        self._tags = [t for t in self._tags if t != tag]
        self._rebuild()
        self.changed.emit(list(self._tags))
        self.entry.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._popup.currentIndex().isValid()
        ):
            # Enter with no suggestion picked adds what was typed, popup or not.
            self._popup.hide()
            self._add_typed()
            return True
        if watched is self.entry and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # Enter adds the tag; the window's Enter opens nothing
                return True
        if watched is self.entry and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # The line edit ignores Enter while suggestions show: it adds anyway.
                self._popup.hide()
                self._add_typed()
                return True
            if event.key() == Qt.Key.Key_Backspace and not self.entry.text() and self._tags:
                self._remove(self._tags[-1])
                return True
        return super().eventFilter(watched, event)
