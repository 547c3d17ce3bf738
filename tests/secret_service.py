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

from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from keyring.backends import SecretService
from session_bus import private_session_bus

STARTUP_TIMEOUT_S = 20.0


@contextmanager
def private_secret_service(folder: Path) -> Iterator[SecretService.Keyring]:
    if shutil.which("gnome-keyring-daemon") is None:
        raise RuntimeError("gnome-keyring-daemon is missing: .ci/run installs gnome-keyring")
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
    with private_session_bus(env) as address:
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        with _unlocked_keyring(env, address) as backend:
            yield backend


@contextmanager
def _unlocked_keyring(env: dict[str, str], address: str) -> Iterator[SecretService.Keyring]:
    log = open(Path(env["HOME"]) / "gnome-keyring.log", "wb")  # noqa: SIM115 - closed below
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground"],
        stdin=subprocess.PIPE,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(b"test-keyring-password")
    daemon.stdin.close()
    previous = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        _wait_for_name(address, "org.freedesktop.secrets", daemon)
        backend = SecretService.Keyring()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:  # the daemon takes its bus name, then unlocks, after starting
            try:
                backend.set_password("DMDesk-tests", "probe", "ready")
                backend.delete_password("DMDesk-tests", "probe")
                break
            except Exception as error:
                if time.monotonic() > deadline or daemon.poll() is not None:
                    log.flush()
                    said = (Path(env["HOME"]) / "gnome-keyring.log").read_text(errors="replace")
                    raise RuntimeError(
                        f"gnome-keyring did not come up on {address}: {error!r}; it said: {said}"
                    ) from error
                time.sleep(0.05)
        yield backend
    finally:
        if previous is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous
        daemon.terminate()
        daemon.wait(5)
        log.close()


def _wait_for_name(address: str, name: str, daemon: subprocess.Popen[bytes]) -> None:
    """Until the daemon has taken its bus name (nothing is started on demand here)."""
    connection = open_dbus_connection(bus=address)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            reply = connection.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
            if reply.body[0] or daemon.poll() is not None or time.monotonic() > deadline:
                return  # the probe that follows says what went wrong, if anything did
            time.sleep(0.02)
    finally:
        connection.close()
