"""Test set-up: Qt offscreen, and a private HOME and data folder for every test,
so nothing touches the keyring, settings or data of the person running them."""

from __future__ import annotations

import os
import time
from pathlib import Path

# Offscreen, on one 1920x1080 screen (the plugin's default, 800x800, is smaller than
# the window's minimum size, and restoring a saved geometry clamps it to the screen).
os.environ.setdefault(
    "QT_QPA_PLATFORM",
    f"offscreen:configfile={Path(__file__).with_name('offscreen-screen.json')}",
)

from collections.abc import Iterator

import keyring
import pytest
from fakes.notification_server import RecordingNotificationServer
from fakes.telegram_server import FakeTelegram
from keyring.backends import SecretService, fail
from matrix_homeserver import Homeserver, running_homeserver
from secret_service import private_secret_service
from session_bus import private_session_bus

from dmdesk.services.workers import Workers
from dmdesk.store.database import Database, database_path, ensure_schema


@pytest.fixture
def bus() -> Iterator[str]:
    """A private D-Bus session bus (its address), never the desktop's own."""
    with private_session_bus() as address:
        yield address


@pytest.fixture
def notification_server(bus: str) -> Iterator[RecordingNotificationServer]:
    """A notification daemon on ``bus`` that records what it is asked to show."""
    recorder = RecordingNotificationServer(bus)
    yield recorder
    recorder.close()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """The Bot API's shapes on 127.0.0.1, with a shop bot and its chats."""
    server = FakeTelegram()
    yield server
    server.stop()


@pytest.fixture
def workers() -> Iterator[Workers]:
    """The writer lane and network pool, shut down after the test."""
    pool = Workers()
    yield pool
    pool.shutdown()


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretService.Keyring]:
    """A real, unlocked Secret Service (gnome-keyring) on a private session bus."""
    with private_secret_service(tmp_path_factory.mktemp("secret-service")) as backend:
        yield backend


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """A real Synapse on 127.0.0.1, started once for the session when a test asks."""
    with running_homeserver(tmp_path_factory.mktemp("synapse")) as server:
        yield server


@pytest.fixture(autouse=True)
def no_real_keyring() -> Iterator[None]:
    """Code that asks keyring for its default backend finds none, so no test can
    reach the keyring of the person running the tests."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("DMDESK_DATA_DIR", raising=False)
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    path = database_path(data_dir)
    ensure_schema(path)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = Database(db_path)
    yield db
    db.close()


@pytest.fixture
def london(monkeypatch):
    """The owner's clock is London's, with its change to winter time (Sunday
    25 October 2026)."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
