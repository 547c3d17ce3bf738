"""Quitting: queued writes are finished, and a poller waiting in a long poll is
not waited for (what it fetched is written with its cursor, or fetched again)."""

import threading

from dmdesk.services.workers import Workers


def test_shutdown_finishes_queued_writes_and_lets_a_long_poll_go() -> None:
    workers = Workers()
    news = threading.Event()  # a long poll: nothing comes before quitting
    workers.start_loop("poller", lambda: news.wait(60))
    release = threading.Event()
    workers.write(release.wait)  # the writer is busy, so the next write queues
    written: list[str] = []
    workers.write(lambda: written.append("draft"))
    release.set()
    workers.shutdown(grace=0.05)
    assert written == ["draft"]
    (poller,) = [t for t in threading.enumerate() if t.name == "poller"]
    assert poller.is_alive() and poller.daemon  # let go, not joined for a minute
    news.set()
