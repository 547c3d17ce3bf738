"""The window's writes: each runs on the writer lane, and ``applied`` says when one
has landed and the panes show it (saved searches recount on it, tests wait on it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from dmdesk.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services


class Writes(QObject):
    applied = Signal()

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks

    def write(
        self, job: Callable[[Services], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        """Run ``job`` with the services on the writer lane; then ``done`` with its
        result, on the GUI thread."""

        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.applied.emit()

        self._tasks.write(job, finished)
