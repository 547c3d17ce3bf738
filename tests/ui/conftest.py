from argparse import Namespace
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings

from dmdesk.app import OpenWorkspace
from dmdesk.secrets import CredentialStore
from dmdesk.services.demo_workspace import seed_demo_workspace
from dmdesk.services.runtime import Services, build_services
from dmdesk.services.workers import Workers
from dmdesk.store.database import database_path, ensure_schema
from dmdesk.store.reads import InboxReader
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.shell.main_window import MainWindow
from dmdesk.ui.shell.sync_bridge import SyncBridge, SyncListenerAdapter


@pytest.fixture
def demo_db(database, db_path):
    # Seeded at the real time: the window judges Meta's reply window by the clock.
    seed_demo_workspace(database, datetime.now(UTC))
    return db_path


@pytest.fixture
def reader(demo_db) -> Iterator[InboxReader]:
    reader = InboxReader(demo_db)
    yield reader
    reader.close()


@pytest.fixture
def open_window(qtbot, demo_db, data_dir) -> Iterator[Callable[[], MainWindow]]:
    """Opens the real window over the demo workspace, without live sync (tests drive
    it); call it again after closing one to see what survives a restart."""
    opened: list[tuple[MainWindow, Workers, InboxReader, Future[Services]]] = []

    def open_one() -> MainWindow:
        workers = Workers()
        bridge = SyncBridge()
        tasks = TaskRunner(workers)
        services = workers.write(
            lambda: build_services(demo_db, workers, SyncListenerAdapter(bridge))
        )
        tasks.set_services(services)
        settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        reader = InboxReader(demo_db)
        window = MainWindow(reader, tasks, settings, demo=True)
        bridge.messages_ingested.connect(window.on_messages_ingested)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        opened.append((window, workers, reader, services))
        return window

    yield open_one
    for window, workers, reader, services in opened:
        window.close()
        services.result().close()  # the sync engine and outbox, as the app does
        workers.shutdown()
        reader.close()


@pytest.fixture
def window(open_window) -> MainWindow:
    return open_window()


@pytest.fixture
def open_workspace(qtbot, data_dir, secret_service):
    """Opens a workspace as the app does (window, services, live sync), with the
    test keyring; call it again to open another folder or the same one anew."""
    opened: list[OpenWorkspace] = []

    def open_one(folder=data_dir, demo=False, credentials=None) -> OpenWorkspace:
        ensure_schema(database_path(folder))
        workspace = OpenWorkspace(
            folder,
            InboxReader(database_path(folder)),
            demo=demo,
            args=Namespace(data_dir=str(data_dir)),
            credentials=credentials or CredentialStore(secret_service),
        )
        opened.append(workspace)
        qtbot.addWidget(workspace.window)
        with qtbot.waitActive(workspace.window):
            workspace.window.show()
            workspace.window.activateWindow()
        qtbot.waitUntil(lambda: workspace.services is not None, timeout=10_000)
        return workspace

    yield open_one
    for workspace in opened:
        workspace.close()
