"""A private D-Bus session bus for a test: never the bus of the person running it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def private_session_bus(env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a dbus-daemon; yields its address."""
    if shutil.which("dbus-daemon") is None:
        raise RuntimeError("dbus-daemon is missing: .ci/run installs dbus")
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert bus.stdout is not None
    try:
        yield bus.stdout.readline().strip()
    finally:
        bus.terminate()
        bus.wait(5)
        bus.stdout.close()
