"""Hands work to the background lanes and brings results back to the GUI thread.

The lanes themselves are created in ``services.workers``; this module only
turns a finished future into a call on the GUI thread, through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from dmdesk.services.workers import Workers

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(QObject):
    _finished = Signal(object, object, object, object)  # callback, result, errback, error
    failed = Signal(str)
    """A background job failed and nobody handled it; the text is for the user."""

    def __init__(self, workers: Workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = workers
        self._services: Future[Services] | None = None
        self._closed = False
        self._finished.connect(self._on_finished)

    def close(self) -> None:
        """The window is gone: jobs still finish (a write is never cut short), but
        their results are no longer shown."""
        self._closed = True

    @property
    def closed(self) -> bool:
        """The window is gone: start nothing new for it."""
        return self._closed

    def set_services(self, services: Future[Services]) -> None:
        self._services = services

    def services(self) -> Services:
        """The services, waiting for them if the writer lane is still building them.
        Only call this from a background job."""
        assert self._services is not None
        return self._services.result()

    def write(
        self,
        job: Callable[[Services], Any],
        done: Done | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Run ``job`` on the writer lane with the services; ``done`` gets its result."""
        future = self.workers.write(lambda: job(self.services()))
        self.watch(future, done, failed)

    def network(
        self,
        job: Callable[[Services], Any],
        done: Done | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Run ``job`` on the network pool: for work that waits on a platform or the
        keyring. Its database writes go through the writer lane themselves."""
        future = self.workers.network.submit(lambda: job(self.services()))
        self.watch(future, done, failed)

    def picture(
        self, job: Callable[[], Any], done: Done | None = None, failed: Failed | None = None
    ) -> None:
        """Run ``job`` on the pictures lane (decoding; it needs no services)."""
        self.watch(self.workers.pictures.submit(job), done, failed)

    def watch(
        self, future: Future[Any], done: Done | None = None, failed: Failed | None = None
    ) -> None:
        def relay(finished: Future[Any]) -> None:
            error = finished.exception()
            result = None if error else finished.result()
            self._finished.emit(done, result, failed, error)

        future.add_done_callback(relay)

    @Slot(object, object, object, object)
    def _on_finished(
        self, done: Done | None, result: Any, failed: Failed | None, error: Any
    ) -> None:
        if self._closed:
            if error is not None:
                log.error("background job failed after closing", exc_info=error)
            return
        if error is not None:
            if failed is not None:
                failed(error)
            else:
                log.error("background job failed", exc_info=error)
                self.failed.emit(f"Something went wrong: {error}")
            return
        if done is not None:
            done(result)
