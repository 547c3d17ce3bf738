"""Ctrl+K: every action by name, the quick replies, people and their
conversations, and the Preferences, filtered as you type, run with Enter. An
action runs as its menu entry does (``QAction.trigger``), so one the window has
disabled is shown greyed and does nothing; its keys are drawn as key caps."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.shell.actions import ACTIONS, shortcut_text
from dmdesk.ui.shell.key_caps import KEYS_ROLE, KeyCapDelegate

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class CommandPaletteDialog(QDialog):
    def __init__(
        self,
        actions: Mapping[str, QAction],
        extra_commands: Mapping[str, str],
        parent: QWidget | None = None,
    ):
        """``actions``: the window's, by name; ``extra_commands``: name and text of
        commands beyond the action table."""
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setModal(True)
        self.resize(520, 380)
        self.chosen: str | None = None
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Type a command…")
        self.query.setObjectName("SearchBox")
        source = QStandardItemModel(self)
        seen: set[str] = set()
        for spec in ACTIONS:
            if spec.name in ("palette",) or spec.text in seen:
                continue
            seen.add(spec.text)
            keys = shortcut_text(spec)
            item = QStandardItem(spec.text)
            item.setData(keys, KEYS_ROLE)  # drawn as key caps at the right
            item.setData(spec.name, NAME_ROLE)
            item.setEditable(False)
            action = actions.get(spec.name)
            item.setEnabled(action is None or action.isEnabled())  # greyed, not chosen
            source.appendRow(item)
        for name, text in extra_commands.items():
            item = QStandardItem(text)
            item.setData(name, NAME_ROLE)
            item.setEditable(False)
            source.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.results = QListView(self)
        self.results.setModel(self.proxy)
        self.results.setUniformItemSizes(True)
        self.results.setItemDelegate(KeyCapDelegate(self.results))
        self.nothing = PlainLabel(self)
        """Said instead of an empty list: what was typed finds nothing."""
        self.nothing.setObjectName("EmptyState")
        self.nothing.setWordWrap(True)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.nothing, 1)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.results.activated.connect(self._run)
        self.query.installEventFilter(self)
        self._select_first()

    def _on_query_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        found = self.proxy.rowCount() > 0
        self.results.setVisible(found)
        self.nothing.setVisible(not found)
        if not found:
            self.nothing.setText(
                f"Nothing matches “{one_line(text.strip(), 40)}”.\n"
                "Try an action, a person's name or a setting."
            )
        self._select_first()

    def _select_first(self) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentIndex(index)
                return

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.proxy.rowCount():
                    self.results.setCurrentIndex(self.proxy.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._run(self.results.currentIndex())
                return True
        return False

    def _run(self, index: object) -> None:
        from PySide6.QtCore import QModelIndex

        if (
            isinstance(index, QModelIndex)
            and index.isValid()
            and index.flags() & Qt.ItemFlag.ItemIsEnabled
        ):
            self.chosen = str(index.data(NAME_ROLE))
            self.accept()


def run_palette(
    actions: Mapping[str, QAction],
    extra: Mapping[str, tuple[str, Callable[[], None]]],
    handlers: Mapping[str, Callable[[], object]],
    parent: QWidget,
) -> None:
    """Show the palette over ``parent`` and run what is chosen: one of ``extra``
    (name: text and what it does), or an action as its menu entry runs it."""
    dialog = CommandPaletteDialog(
        actions, {name: text for name, (text, _) in extra.items()}, parent
    )
    if not dialog.exec() or not dialog.chosen:
        return
    if dialog.chosen in extra:
        extra[dialog.chosen][1]()
    elif dialog.chosen in actions:
        actions[dialog.chosen].trigger()  # a disabled one does nothing
    else:
        handlers[dialog.chosen]()
