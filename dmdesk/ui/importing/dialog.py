"""File → Import…: bring a platform's data download into DMDesk.

Four steps on one dialog: choose the download; read it (progress, Cancel); look
at what it holds and say who you are in it; import (progress, Cancel) and see
the summary. Reading runs on the network pool; writing on the writer lane (or,
from the demo, into the user's own workspace, which the app then opens).
"""

from __future__ import annotations

import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dmdesk.services.import_media import MEDIA_LIMIT_BYTES
from dmdesk.services.importing import WHAT_WE_READ
from dmdesk.ui.kit.plain_text import PlainLabel
from dmdesk.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from dmdesk.services.importing import (
        Answer,
        Importer,
        ImportPreview,
        ImportQuestion,
        ImportSummary,
    )
    from dmdesk.services.runtime import Services

CHOOSE, WORKING, PREVIEW, DONE, QUESTION = range(5)


class _Progress(QObject):
    """Carries progress from a background thread to the dialog (a queued signal),
    at most ten times a second."""

    changed = Signal(int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self._shown = 0.0

    def __call__(self, done: int, total: int, messages: int) -> None:
        now = time.monotonic()
        if now - self._shown >= 0.1 or done >= total:
            self._shown = now
            self.changed.emit(done, total, messages)


class ImportDialog(QDialog):
    imported = Signal(bool)
    """An import landed; True when it went to the user's own workspace from the demo."""

    def __init__(
        self,
        tasks: TaskRunner,
        *,
        demo: bool,
        media_limit: int = MEDIA_LIMIT_BYTES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._media_limit = media_limit
        self.setWindowTitle("Import history")
        self.resize(620, 440)
        self._tasks = tasks
        self._demo = demo
        self._importer: Importer | None = None
        self._preview: ImportPreview | None = None
        self._cancel = threading.Event()
        self._busy = False
        self._close_when_stopped = False
        self._progress = _Progress()
        self._progress.changed.connect(self._show_progress)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._working_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._done_page())
        self.pages.addWidget(self._question_page())
        self._path: Path | None = None
        self._answers: tuple[Answer, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(self.pages)

    # --- pages --------------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        title = PlainLabel("Bring in your message history", page)
        title.setObjectName("ContactName")
        intro = PlainLabel(
            "Every platform lets you download your own data. Import that download and "
            "your past conversations are here on day one, with no account approval.\n\n"
            f"{WHAT_WE_READ}\n\nChoose the .zip as downloaded, its unpacked folder, or "
            "one file (a WhatsApp chat .txt, Telegram's result.json). Importing the same "
            "download again adds nothing.",
            page,
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.demo_note = PlainLabel(
            "You are in the demo workspace: the history goes to your own workspace, "
            "which DMDesk then opens.",
            page,
        )
        self.demo_note.setObjectName("Banner")
        self.demo_note.setWordWrap(True)
        self.demo_note.setVisible(self._demo)
        self.error = PlainLabel(page)
        self.error.setObjectName("Warning")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.file_button = QPushButton("Choose .zip or file…", page)
        self.file_button.setObjectName("Primary")
        self.file_button.clicked.connect(self._choose_file)
        self.folder_button = QPushButton("Choose folder…", page)
        self.folder_button.clicked.connect(self._choose_folder)
        close = QPushButton("Close", page)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.demo_note)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        return page

    def _working_page(self) -> QWidget:
        page = QWidget(self)
        self.working_title = PlainLabel(page)
        self.working_title.setObjectName("ContactName")
        self.working_detail = PlainLabel(page)
        self.working_detail.setObjectName("Muted")
        self.working_detail.setWordWrap(True)
        self.bar = QProgressBar(page)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.count = PlainLabel(page)
        self.count.setObjectName("Hint")
        self.cancel_button = QPushButton("Cancel", page)
        self.cancel_button.clicked.connect(self._cancel_work)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.working_title)
        layout.addWidget(self.working_detail)
        layout.addSpacing(12)
        layout.addWidget(self.bar)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        self.preview_title = PlainLabel(page)
        self.preview_title.setObjectName("ContactName")
        form = QFormLayout()
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        self.facts: dict[str, QLabel] = {}
        for key, label in (
            ("download", "Download"),
            ("threads", "Conversations"),
            ("messages", "Messages"),
            ("dates", "From – to"),
            ("media", "Photos and files"),
            ("skipped", "Not imported"),
        ):
            value = PlainLabel(page)
            value.setWordWrap(True)
            value.setObjectName(f"fact_{key}")
            self.facts[key] = value
            form.addRow(f"{label}:", value)
        self.owner = QComboBox(page)
        self.owner.setMinimumWidth(260)
        self.owner.currentIndexChanged.connect(self._owner_chosen)
        form.addRow("You are:", self.owner)
        self.owner_hint = PlainLabel(page)
        self.owner_hint.setObjectName("Hint")
        self.owner_hint.setWordWrap(True)
        form.addRow("", self.owner_hint)
        self.import_button = QPushButton("Import", page)
        self.import_button.setObjectName("Primary")
        self.import_button.clicked.connect(self._run)
        back = QPushButton("Choose another…", page)
        back.clicked.connect(self._back_to_choose)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview_title)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        self.done_title = PlainLabel("Imported", page)
        self.done_title.setObjectName("ContactName")
        self.summary = PlainLabel(page)
        self.summary.setWordWrap(True)
        close = QPushButton("Show conversations", page)
        close.setObjectName("Primary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_title)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _question_page(self) -> QWidget:
        """What only the user can say about the download (where it is from, which
        order its dates are in): a button per answer, then it is read again."""
        page = QWidget(self)
        title = PlainLabel("One question first", page)
        title.setObjectName("ContactName")
        self.question = PlainLabel(page)
        self.question.setWordWrap(True)
        self.question_detail = PlainLabel(page)
        self.question_detail.setObjectName("Muted")
        self.question_detail.setWordWrap(True)
        self.answer_buttons = QHBoxLayout()
        self.answers: list[QPushButton] = []
        back = QPushButton("Choose another…", page)
        back.clicked.connect(self._back_to_choose)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addLayout(self.answer_buttons)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addSpacing(6)
        layout.addWidget(self.question_detail)
        layout.addSpacing(12)
        layout.addWidget(self.question)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    # --- choosing -----------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a data download",
            _start_folder(),
            "Data downloads (*.zip *.json *.js *.csv *.txt);;All files (*)",
        )
        if path:
            self.read_download(Path(path))

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, "Choose the unpacked download", _start_folder()
        )
        if path:
            self.read_download(Path(path))

    def read_download(self, path: Path, answers: tuple[Answer, ...] = ()) -> None:
        """Read the download at ``path`` and show what it holds (``answers``: what the
        user said to its questions so far)."""
        self._close_importer()
        self._cancel.clear()
        self._path, self._answers = path, answers
        self._work(
            "Reading the download…",
            str(path),
            lambda services: self._read(services, path, answers),
            self._show_preview,
        )

    def _read(
        self, services: Services, path: Path, answers: tuple[Answer, ...]
    ) -> tuple[Importer, ImportPreview]:
        service = services.import_service(self._media_limit)
        try:
            return service.read(path, progress=self._progress, cancel=self._cancel, answers=answers)
        finally:
            service.close()

    def _ask(self, question: ImportQuestion) -> None:
        self.question.setText(question.question)
        self.question_detail.setText(str(self._path or ""))
        for button in self.answers:
            button.deleteLater()
        self.answers = []
        for answer in question.answers:
            button = QPushButton(answer.label, self.pages.widget(QUESTION))
            button.clicked.connect(partial(self._answered, answer))
            self.answer_buttons.addWidget(button)
            self.answers.append(button)
        self.pages.setCurrentIndex(QUESTION)
        if self.answers:
            self.answers[0].setFocus()

    def _answered(self, answer: Answer) -> None:
        if self._path is not None:
            self.read_download(self._path, (*self._answers, answer))

    def _show_preview(self, result: tuple[Importer, ImportPreview]) -> None:
        self._importer, preview = result
        self._preview = preview
        self.preview_title.setText(preview.format_label)
        self.facts["download"].setText(str(self._importer.source.path))
        self.facts["threads"].setText(f"{preview.threads:,}")
        self.facts["messages"].setText(f"{preview.messages:,}")
        self.facts["dates"].setText(
            f"{preview.first.astimezone():%d %b %Y} – {preview.last.astimezone():%d %b %Y}"
            if preview.first and preview.last
            else "—"
        )
        self.facts["media"].setText(f"{preview.media_files:,}")
        skipped = ", ".join(f"{what} ({count:,})" for what, count in preview.skipped.items())
        self.facts["skipped"].setText(skipped or "nothing")
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem("Choose who you are…", None)
        chosen = 0
        for person in preview.people:
            if preview.owner is not None and person.id == preview.owner.id:
                person = preview.owner  # the download's profile says more (a handle)
            shown = person.name or person.handle or person.id
            if person.handle and person.name:
                shown += f" ({person.handle})"
            self.owner.addItem(shown, person)
            if preview.owner is not None and person.id == preview.owner.id:
                chosen = self.owner.count() - 1
        if preview.owner is not None and not chosen:
            self.owner.addItem(preview.owner.name or preview.owner.handle, preview.owner)
            chosen = self.owner.count() - 1
        self.owner.setCurrentIndex(chosen)
        self.owner.blockSignals(False)
        self._owner_chosen()
        self.pages.setCurrentIndex(PREVIEW)
        self.import_button.setFocus()

    def _owner_chosen(self, *_: object) -> None:
        preview = self._preview
        person = self.owner.currentData()
        self.import_button.setEnabled(person is not None and bool(preview and preview.messages))
        if preview is not None and not preview.messages:
            self.owner_hint.setText("There are no messages in this download to import.")
        elif person is None:
            self.owner_hint.setText(
                "The download does not say which of these people you are. Your messages "
                "show as sent by you; everyone else's as received."
            )
        elif preview is not None and preview.owner is not None and person == preview.owner:
            self.owner_hint.setText(f"Found from {preview.owner_reason}.")
        else:
            self.owner_hint.setText("Your messages show as sent by you.")

    # --- importing ----------------------------------------------------------------------

    def _run(self) -> None:
        importer, owner = self._importer, self.owner.currentData()
        if importer is None or owner is None:
            return
        self._cancel.clear()

        def write(services: Services) -> ImportSummary:
            service = services.import_service(self._media_limit)
            try:
                return service.run(importer, owner, self._progress, self._cancel)
            finally:
                service.close()

        self._work(
            "Importing…",
            f"{self._preview.messages:,} messages" if self._preview else "",
            write,
            self._show_summary,
            # Into this workspace: on the writer lane, with every other write.
            # From the demo, into another file: the network pool.
            on_writer_lane=not self._demo,
        )

    def _show_summary(self, summary: ImportSummary) -> None:
        self._close_importer()
        self.summary.setText("\n".join(summary.lines()))
        self.pages.setCurrentIndex(DONE)
        self.imported.emit(self._demo)

    # --- running work -------------------------------------------------------------------

    def _work(
        self,
        title: str,
        detail: str,
        job: Any,
        done: Any,
        *,
        on_writer_lane: bool = False,
    ) -> None:
        self._busy = True
        self.working_title.setText(title)
        self.working_detail.setText(detail)
        self.bar.setValue(0)
        self.count.setText("")
        self.cancel_button.setEnabled(True)
        self.error.hide()
        self.pages.setCurrentIndex(WORKING)

        def finished(result: Any) -> None:
            self._busy = False
            done(result)
            if self._close_when_stopped:
                self.reject()

        run = self._tasks.write if on_writer_lane else self._tasks.network
        run(job, finished, self._failed)

    def _show_progress(self, done: int, total: int, messages: int) -> None:
        self.bar.setValue(min(1000, done * 1000 // max(total, 1)))
        self.count.setText(f"{messages:,} messages")

    def _failed(self, error: BaseException) -> None:
        from dmdesk.services.importing import (
            ImportCancelled,
            ImportFailed,
            ImportFormatError,
            ImportQuestion,
        )

        self._busy = False
        if isinstance(error, ImportQuestion) and not self._close_when_stopped:
            self._close_importer()
            self._ask(error)
            return
        if isinstance(error, ImportCancelled):
            text = "Cancelled. Nothing was changed."
        elif isinstance(error, ImportFormatError | ImportFailed):
            text = str(error)
        else:
            text = f"The import stopped: {error}. Nothing was changed."
        self._back_to_choose()
        self.error.setText(text)
        self.error.show()
        if self._close_when_stopped:
            self.reject()

    def _cancel_work(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.working_detail.setText("Stopping… nothing will be changed.")

    def _back_to_choose(self) -> None:
        self._close_importer()
        self.error.hide()
        self.pages.setCurrentIndex(CHOOSE)
        self.file_button.setFocus()

    def _close_importer(self) -> None:
        if self._importer is not None:
            self._importer.source.close()
            self._importer = None

    def reject(self) -> None:
        if self._busy:
            self._close_when_stopped = True  # closed once the work has stopped
            self._cancel_work()
            return
        self._close_importer()
        super().reject()


def _start_folder() -> str:
    """Where downloads land: the Downloads folder if there is one."""
    downloads = Path.home() / "Downloads"
    return str(downloads if downloads.is_dir() else Path.home())
