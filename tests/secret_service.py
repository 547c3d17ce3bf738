"""A real Secret Service for the tests: gnome-keyring on a private D-Bus session
bus, with its files in a temporary folder. Never the keyring of the person
running the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from keyring.backends import SecretService

STARTUP_TIMEOUT_S = 10.0


@contextmanager
def private_secret_service(folder: Path) -> Iterator[SecretService.Keyring]:
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: .ci/run installs dbus and gnome-keyring")
    env = dict(os.environ)
    for name, sub in {
        "HOME": "home",
        "XDG_RUNTIME_DIR": "run",
        "XDG_DATA_HOME": "data",
        "XDG_CACHE_HOME": "cache",
        "XDG_CONFIG_HOME": "config",
    }.items():
        path = folder / sub
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(path)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(b"test-keyring-password")
    daemon.stdin.close()
    previous = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        backend = SecretService.Keyring()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:  # the daemon takes its bus name, then unlocks, after starting
            try:
                backend.set_password("DMDesk-tests", "probe", "ready")
                backend.delete_password("DMDesk-tests", "probe")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield backend
    finally:
        if previous is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous
        for process in (daemon, bus):
            process.terminate()
            process.wait(5)
        bus.stdout.close()
