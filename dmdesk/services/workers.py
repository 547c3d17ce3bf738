"""The one place that creates DMDesk's background threads.

- the writer lane: a single thread through which every database write goes,
  since SQLite has one writer;
- the network pool: sends and other short network jobs;
- the pictures lane: one thread that decodes photos for the thread's bubbles and
  the viewer (one, so a thread of big photos never takes both cores);
- one poller thread per account, started by the sync engine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Workers:
    def __init__(self, network_threads: int = 4) -> None:
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dmdesk-writer")
        self.network = ThreadPoolExecutor(
            max_workers=network_threads, thread_name_prefix="dmdesk-network"
        )
        self.pictures = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dmdesk-pictures")
        self._threads: list[threading.Thread] = []
        self._threads_lock = threading.Lock()

    def write(self, job: Callable[[], T]) -> Future[T]:
        """Run a database write on the writer lane."""
        return self.writer.submit(job)

    def start_loop(self, name: str, loop: Callable[[], None]) -> None:
        thread = threading.Thread(target=loop, name=name, daemon=True)
        # Started before it is listed: shutdown() on another thread may join it at once.
        thread.start()
        with self._threads_lock:
            self._threads.append(thread)

    def shutdown(self, grace: float = 1.0) -> None:
        """Finish queued writes (a draft typed just before quitting), then stop.

        Pollers get ``grace`` seconds in all to let go, not more: one may be in a
        long poll that waits up to 25 s for news (Matrix, Telegram). Cutting it
        off loses nothing, since a fetch is written together with its cursor, so
        the next start fetches again what was not written."""
        self.network.shutdown(wait=False, cancel_futures=True)
        self.pictures.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        with self._threads_lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.writer.shutdown(wait=True)
