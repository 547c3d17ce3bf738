from collections.abc import Iterator

import pytest
from factories import NOW
from PySide6.QtCore import QSettings

from dmdesk.services.demo_workspace import seed_demo_workspace
from dmdesk.services.runtime import build_services
from dmdesk.services.workers import Workers
from dmdesk.store.reads import InboxReader
from dmdesk.ui.main_window import MainWindow
from dmdesk.ui.sync_bridge import SyncBridge, SyncListenerAdapter
from dmdesk.ui.tasks import TaskRunner


@pytest.fixture
def demo_db(database, db_path):
    seed_demo_workspace(database, NOW)
    return db_path


@pytest.fixture
def reader(demo_db) -> Iterator[InboxReader]:
    reader = InboxReader(demo_db)
    yield reader
    reader.close()


@pytest.fixture
def window(qtbot, demo_db, reader, data_dir) -> Iterator[MainWindow]:
    """The real window over a demo workspace, without live sync (tests drive it)."""
    workers = Workers()
    bridge = SyncBridge()
    tasks = TaskRunner(workers)
    tasks.set_services(
        workers.write(lambda: build_services(demo_db, workers, SyncListenerAdapter(bridge)))
    )
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(reader, tasks, settings, demo=True)
    bridge.messages_ingested.connect(window.on_messages_ingested)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    yield window
    window.close()
    workers.shutdown()
