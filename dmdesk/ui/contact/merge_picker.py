"""Contact pane → Merge with…: find the other person by name or handle and make
them one with the person shown (undo parts them again)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Contact
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel

SEARCH_PAUSE_MS = 120


def identities_line(person: Contact) -> str:
    """ "Instagram @chloe.knits · WhatsApp +33 6 12…", as the list shows who is who."""
    return one_line(
        " · ".join(
            " ".join(filter(None, (i.platform.label, i.shown_as))) for i in person.identities
        )
    )


class MergePicker(QDialog):
    """Search people; Enter (or Merge) takes the selected one."""

    def __init__(self, reader: InboxReads, person: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge with…")
        self.resize(460, 420)
        self._reader = reader
        self._person = person
        intro = PlainLabel(
            f"Who else is {one_line(person.display_name, 80)}? Their conversations, notes and tags "
            "become one person's (Undo parts them again).",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Name or handle…")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        self.results.setWordWrap(False)
        self.empty = PlainLabel("", self)
        self.empty.setObjectName("Hint")
        buttons = QDialogButtonBox(self)
        self.merge_button = QPushButton("Merge", self)
        self.merge_button.setObjectName("Primary")
        self.merge_button.setDefault(True)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self._find)
        self.search.textChanged.connect(self._pause.start)
        self.results.itemDoubleClicked.connect(self.accept)
        self.results.currentItemChanged.connect(self._enable)
        self.search.installEventFilter(self)
        # Someone with the same first name is the likeliest: start there.
        self.search.setText(person.display_name.split(" ")[0] if person.display_name else "")
        self.search.selectAll()
        self._find()

    @property
    def chosen(self) -> Contact | None:
        item = self.results.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, Contact) else None

    def _find(self) -> None:
        words = self.search.text().strip()
        people = [p for p in self._reader.people_matching(words) if p.id != self._person.id]
        self.results.clear()
        for person in people:
            item = QListWidgetItem(
                f"{one_line(person.display_name, 80)}\n{identities_line(person)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.results.addItem(item)
        if people:
            self.results.setCurrentRow(0)
        self.empty.setText("" if people else "No one else by that name or handle.")
        self._enable()

    def _enable(self, *_: object) -> None:
        self.merge_button.setEnabled(self.chosen is not None)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Up and Down in the search box move through the results."""
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in moves
        ):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def accept(self) -> None:
        if self.chosen is not None:
            super().accept()
