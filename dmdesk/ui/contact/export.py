"""Contact pane → ⋯ → Export everything about…: one person's data request, as a
.zip chosen where to save, written off the GUI thread (services/person_export.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from dmdesk.services.inbox_reads import InboxReads
from dmdesk.services.person_export import PersonExported, export_person_file
from dmdesk.services.undo import count_phrase
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.kit.toast import Toast


def export_person(
    parent: QWidget, reader: InboxReads, tasks: TaskRunner, toast: Toast, contact_id: int
) -> None:
    person = reader.contact(contact_id)
    if person is None:
        return
    downloads = Path.home() / "Downloads"
    folder = downloads if downloads.is_dir() else Path.home()
    name = "".join(c if c.isalnum() or c in " .-_" else "_" for c in person.display_name)
    path, _ = QFileDialog.getSaveFileName(
        parent,
        f"Export everything about {person.display_name}",
        str(folder / f"{name.strip(' .') or 'person'} (DMDesk).zip"),
        "Zip archives (*.zip)",
    )
    if not path:
        return
    target = Path(path)

    def done(result: PersonExported) -> None:
        toast.show_message(
            f"Exported {count_phrase(result.conversations, 'conversation')}, "
            f"{count_phrase(result.messages, 'message')} and "
            f"{count_phrase(result.files, 'file')} to {target.name}"
        )

    tasks.network(
        lambda services: export_person_file(services.database.path, contact_id, target),
        done,
        lambda error: toast.show_message(f"Not exported: {error}"),
    )
