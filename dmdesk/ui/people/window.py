"""Go → People (``g c``): everyone DMDesk knows, as a table that sorts by any
column that has an order and filters by name or handle, tag, stage and
platform. Enter (or a double click) opens the person's latest conversation;
the selected people can be tagged or moved to a stage together (undoable);
the table as filtered goes out as CSV, and a CSV of tags, stages and notes
comes in, checked whole first (services/people_csv.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Platform, StageChange, clean_tag
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.people_csv import PeopleCsvError, PeopleImportCheck
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.plain_text import PlainLabel, literal_label, message_box, warn
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast
from dmdesk.ui.people.delegate import MarksDelegate
from dmdesk.ui.people.model import PeopleTableModel

FILTER_PAUSE_MS = 150


def people_phrase(count: int) -> str:
    """'1 person', '2,400 people'."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


class PeopleTable(QTableView):
    """Enter opens the current person, as a double click does."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)


class PeopleWindow(QWidget):
    open_conversation = Signal(int)
    people_changed = Signal()
    """Tags or stages written from here: the main window reads its rows again."""

    def __init__(
        self, reader: InboxReads, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("People — DMDesk")
        self.resize(1180, 720)
        self._reader = reader
        self._tasks = tasks
        self.model = PeopleTableModel(reader)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Name or handle…")
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox(self)
        self.stage = QComboBox(self)
        self.platform = QComboBox(self)
        self.platform.addItem("All platforms", None)
        for platform in Platform:
            self.platform.addItem(platform.label, platform.value)
        self.count = PlainLabel("", self)
        self.count.setObjectName("Muted")

        self.table = PeopleTable(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(MarksDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("People")
        for column, width in ((1, 150), (2, 190), (3, 120), (4, 110), (5, 110), (6, 110)):
            self.table.setColumnWidth(column, width)
        for column in (7, 8):
            self.table.setColumnWidth(column, 80)

        self.tag_button = QPushButton("Tag…", self)
        self.stage_button = QToolButton(self)
        self.stage_button.setText("Move to stage")
        self.stage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.stage_menu = QMenu(self.stage_button)
        self.stage_button.setMenu(self.stage_menu)
        self.export_button = QPushButton("Export CSV…", self)
        self.import_button = QPushButton("Import CSV…", self)
        self.toast = Toast(self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for box in (self.tag, self.stage, self.platform):
            filters.addWidget(box, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        for button in (self.tag_button, self.stage_button, self.export_button, self.import_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(FILTER_PAUSE_MS)
        self._pause.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._pause.start)
        for box in (self.tag, self.stage, self.platform):
            box.activated.connect(self._apply_filters)
        self.table.open_current.connect(self._open_current)
        self.table.doubleClicked.connect(lambda _index: self._open_current())
        self.table.selectionModel().selectionChanged.connect(self._fit_actions)
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.tag_button.clicked.connect(self._tag_selected)
        self.export_button.clicked.connect(self._export)
        self.import_button.clicked.connect(self._import)

    def refresh(self) -> None:
        """Read the filters' choices and the table afresh (on showing)."""
        self._fill_filters()
        self.model.reload()
        self._fit_actions()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.table.setFocus()

    # --- filters ------------------------------------------------------------------

    def _fill_filters(self) -> None:
        tag, stage = self.tag.currentData(), self.stage.currentData()
        self.tag.clear()
        self.tag.addItem("All tags", "")
        for known in self._reader.known_tags():
            self.tag.addItem(one_line(known, 40), known)
        self.stage.clear()
        self.stage.addItem("All stages", "")
        self.stage_menu.clear()
        stages = self._reader.stages()
        for number, name in enumerate(stages, 1):
            self.stage.addItem(one_line(name, 40), name)
            action = self.stage_menu.addAction(literal_label(f"{number}  {one_line(name, 40)}"))
            action.triggered.connect(lambda _=False, n=name: self._stage_selected(n))
        self.stage_menu.addSeparator()
        none = self.stage_menu.addAction("No stage")
        none.triggered.connect(lambda: self._stage_selected(""))
        self.tag.setCurrentIndex(max(0, self.tag.findData(tag or "")))
        self.stage.setCurrentIndex(max(0, self.stage.findData(stage or "")))

    def _apply_filters(self) -> None:
        platform = self.platform.currentData()
        self.model.set_query(
            replace(
                self.model.query,
                text=self.search.text().strip(),
                tag=self.tag.currentData() or "",
                stage=self.stage.currentData() or "",
                platform=Platform(platform) if platform else None,
            )
        )
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show_count(self, *_: object) -> None:
        total = self.model.total
        self.count.setText(people_phrase(total))

    # --- the selected people --------------------------------------------------------

    def selected(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [p.contact_id for r in rows if (p := self.model.person_at(r)) is not None]

    def _fit_actions(self, *_: object) -> None:
        chosen = bool(self.selected())
        self.tag_button.setEnabled(chosen)
        self.stage_button.setEnabled(chosen)

    def _open_current(self) -> None:
        person = self.model.person_at(self.table.currentIndex().row())
        if person is not None and person.latest_conversation_id is not None:
            self.open_conversation.emit(person.latest_conversation_id)

    def _tag_selected(self) -> None:
        people = self.selected()
        if not people:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Tag people")
        dialog.setLabelText(f"Add a tag to {people_phrase(len(people))}:")
        dialog.setComboBoxEditable(True)
        dialog.setComboBoxItems(self._reader.known_tags())
        dialog.setTextValue("")
        if not dialog.exec() or not (tag := clean_tag(dialog.textValue())):
            return
        self._write(
            lambda s: s.inbox.add_tag(people, tag),
            lambda count: f"Tagged {people_phrase(count)} {tag}",
        )

    def _stage_selected(self, stage: str) -> None:
        people = self.selected()
        if not people:
            return

        def landed(change: StageChange | None) -> None:
            self._after_write()
            if change is not None:
                self.toast.show_message(change.description, lambda: self._undo(change))

        self._tasks.write(lambda s: s.inbox.set_stage(people, stage), landed)

    def _undo(self, change: StageChange) -> None:
        def undone(_: object) -> None:
            self._after_write()
            self.toast.show_message(f"Undone: {change.description}")

        self._tasks.write(lambda s: s.inbox.undo(change), undone)

    def _write(self, job: Callable[..., object], said: Callable[[int], str]) -> None:
        def landed(count: int) -> None:
            self._after_write()
            self.toast.show_message(said(count))

        self._tasks.write(job, landed)

    def _after_write(self) -> None:
        chosen = self.selected()
        self._fill_filters()
        self.model.reload()
        for row in range(self.model.rowCount()):
            person = self.model.person_at(row)
            if person is not None and person.contact_id in chosen:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select
                    | self.table.selectionModel().SelectionFlag.Rows,
                )
        self.people_changed.emit()

    # --- CSV ---------------------------------------------------------------------------

    def _export(self) -> None:
        downloads = Path.home() / "Downloads"
        folder = downloads if downloads.is_dir() else Path.home()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export people", str(folder / "People (DMDesk).csv"), "CSV files (*.csv)"
        )
        if not path:
            return
        query, target = self.model.query, Path(path)
        self._tasks.network(
            lambda s: s.people.export_csv(query, target),
            lambda count: self.toast.show_message(
                f"Exported {people_phrase(count)} to {target.name}"
            ),
            lambda error: self.toast.show_message(f"Not exported: {error}"),
        )

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import tags, stages and notes", str(Path.home()), "CSV files (*.csv)"
        )
        if not path:
            return
        source = Path(path)

        def checked(check: PeopleImportCheck) -> None:
            if not check.rows:
                warn(self, "Nothing to import", "\n".join([check.summary, *check.problems[:20]]))
                return
            box = message_box(
                self,
                QMessageBox.Icon.Question,
                "Import tags, stages and notes",
                check.summary,
                "\n".join(check.problems[:20])
                + (f"\n… and {len(check.problems) - 20} more" if len(check.problems) > 20 else ""),
            )
            box.setStandardButtons(
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
            )
            box.button(QMessageBox.StandardButton.Ok).setText(
                f"Import {len(check.rows):,} line{'s' if len(check.rows) != 1 else ''}"
            )
            if box.exec() != QMessageBox.StandardButton.Ok:
                return
            self._write(
                lambda s: s.people.apply_import(check),
                lambda count: f"Imported {count:,} line{'s' if count != 1 else ''}",
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, PeopleCsvError):
                warn(self, "Cannot import this file", str(error))
            else:
                self.toast.show_message(f"Not imported: {error}")

        self._tasks.write(lambda s: s.people.check_import(source), checked, failed)

    def activate_index(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        self._open_current()
