"""Composition root: builds the store, the services and the window, and wires them.

Start-up order matters for speed: the window shows its first page (read with
the standard library's sqlite3) before SQLAlchemy is imported; the services
are then built on the writer lane while the user is already looking.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from dmdesk import APP_NAME, cli
from dmdesk.paths import data_dir
from dmdesk.store.database import DatabaseError, database_path, ensure_schema
from dmdesk.store.reads import InboxReader

log = logging.getLogger(__name__)
FIRST_PAINT_PROBE = "DMDESK_PRINT_FIRST_PAINT"
"""Set in the environment, the app prints the wall-clock time of its first paint
and quits: the start-up benchmark reads it."""


def main(argv: list[str] | None = None) -> int:
    args = cli.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run_gui(args)


def _open_workspace(folder: Path) -> InboxReader:
    path = database_path(folder)
    ensure_schema(path)
    return InboxReader(path)


def run_gui(args: object) -> int:
    import os

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dmdesk.services.workers import Workers
    from dmdesk.ui.icons import app_icon
    from dmdesk.ui.main_window import MainWindow
    from dmdesk.ui.sync_bridge import SyncBridge, SyncListenerAdapter
    from dmdesk.ui.tasks import TaskRunner
    from dmdesk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("dmdesk")
    app.setWindowIcon(app_icon())
    apply_theme(app, getattr(args, "dark", None))

    demo = bool(getattr(args, "demo", False))
    try:
        folder = data_dir(getattr(args, "data_dir", None), demo=demo)
        reader = _open_workspace(folder)
        if not demo and not reader.accounts():
            # No account yet: show the real product on invented data instead of
            # an empty window. Adding an account will switch to the real workspace.
            reader.close()
            demo = True
            folder = data_dir(getattr(args, "data_dir", None), demo=True)
            reader = _open_workspace(folder)
        if demo and not reader.accounts():
            _seed_demo(database_path(folder))
    except (DatabaseError, OSError) as error:
        QMessageBox.critical(None, APP_NAME, f"DMDesk cannot open its data.\n\n{error}")
        return 1

    workers = Workers()
    bridge = SyncBridge()
    tasks = TaskRunner(workers)
    services_future = workers.write(
        lambda: _build_services(database_path(folder), workers, SyncListenerAdapter(bridge))
    )
    tasks.set_services(services_future)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(reader, tasks, settings, demo=demo)
    started: list[object] = []

    def on_services_ready(services: object) -> None:
        from dmdesk.services.runtime import Services, connectors_for

        assert isinstance(services, Services)
        started.append(services)
        services.sync.start(connectors_for(services.accounts))
        window.on_services_ready(services)

    tasks.watch(
        services_future,
        on_services_ready,
        lambda error: window.toast.show_message(f"Sync could not start: {error}"),
    )
    bridge.messages_ingested.connect(window.on_messages_ingested)
    bridge.message_status_changed.connect(window.on_message_status_changed)
    bridge.account_status_changed.connect(window.on_account_status_changed)

    screenshot = getattr(args, "screenshot", None)
    if os.environ.get(FIRST_PAINT_PROBE):

        def report_first_paint() -> None:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, window.close)

        window.first_painted.connect(report_first_paint)
    elif screenshot is not None:

        def save_screenshot() -> None:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            ok = window.grab().save(str(screenshot))
            print(f"screenshot {'saved to' if ok else 'FAILED for'} {screenshot}", flush=True)
            window.close()

        window.first_painted.connect(lambda: QTimer.singleShot(400, save_screenshot))

    window.show()
    code = app.exec()
    for services in started:
        services.close()  # type: ignore[attr-defined]
    workers.shutdown()
    reader.close()
    return code


def _build_services(path: Path, workers: object, listener: object) -> object:
    from dmdesk.services.runtime import build_services

    return build_services(path, workers, listener)  # type: ignore[arg-type]


def _seed_demo(path: Path) -> None:
    from datetime import UTC, datetime

    from dmdesk.services.demo_workspace import seed_demo_workspace
    from dmdesk.store.database import Database

    database = Database(path)
    try:
        seed_demo_workspace(database, datetime.now(UTC))
    finally:
        database.close()
