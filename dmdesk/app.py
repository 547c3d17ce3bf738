"""Composition root: builds the store, the services and the window, and wires them.

Start-up order matters for speed: the window shows its first page (read with
the standard library's sqlite3) before SQLAlchemy is imported; the services
are then built on the writer lane while the user is already looking.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmdesk import APP_NAME, cli
from dmdesk.paths import PRIVATE_UMASK, data_dir, keep_private
from dmdesk.store.database import (
    DamagedDatabase,
    DatabaseError,
    check_intact,
    damaged,
    database_path,
    ensure_schema,
)
from dmdesk.store.reads import InboxReader

if TYPE_CHECKING:
    from dmdesk.desktop_bus import DesktopNotifier
    from dmdesk.secrets import CredentialStore
    from dmdesk.services.runtime import Services
    from dmdesk.services.sync import SyncListener
    from dmdesk.services.thumbnail_cache import ThumbnailCache
    from dmdesk.services.workers import Workers
    from dmdesk.ui.shell.main_window import MainWindow

FIRST_PAINT_PROBE = "DMDESK_PRINT_FIRST_PAINT"
"""Set in the environment, the app prints the wall-clock time of its first paint
and quits: the start-up benchmark reads it."""


def main(argv: list[str] | None = None) -> int:
    args = cli.parse_args(argv)
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)  # conversations are nobody else's business
    # A read-only or unreachable folder: opening it says what is wrong.
    with contextlib.suppress(OSError):
        keep_private(data_dir(args.data_dir))
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)
    if args.command:
        from dmdesk import commands

        return commands.run(args)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Alembic narrates every plugin it loads; our own log says when a migration ran.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    _install_desktop_entry_once()
    return run_gui(args)


def _desktop_entry(*, install: bool) -> int:
    from dmdesk import desktop_entry

    try:
        if install:
            desktop_entry.install()
            print(f"DMDesk is in the app menu: {desktop_entry.entry_path()}")
        else:
            desktop_entry.uninstall()
            print("DMDesk is out of the app menu; --install-desktop-entry puts it back.")
    except OSError as error:
        print(f"dmdesk: {error}", file=sys.stderr)
        return 1
    return 0


def _install_desktop_entry_once() -> None:
    """The first start on Linux puts DMDesk in the app menu; a failure only logs."""
    from dmdesk import desktop_entry

    try:
        if desktop_entry.install_on_first_start():
            logging.getLogger(__name__).info(
                "added to the app menu: %s", desktop_entry.entry_path()
            )
    except OSError as error:
        logging.getLogger(__name__).warning("not added to the app menu: %s", error)


def open_workspace(args: argparse.Namespace) -> tuple[Path, InboxReader, bool]:
    """The data folder to show, its reader, and whether it is the demo workspace.

    With no account yet, the demo workspace opens instead of an empty window, so
    a newcomer sees the real product at once. Raises DatabaseError or OSError."""
    demo = bool(args.demo)
    folder = data_dir(args.data_dir, demo=demo)
    reader, has_accounts = _open_reader(database_path(folder))
    if not demo and not has_accounts:
        reader.close()
        demo = True
        folder = data_dir(args.data_dir, demo=True)
        reader, has_accounts = _open_reader(database_path(folder))
    if demo and not has_accounts:
        _seed_demo(database_path(folder))
    return folder, reader, demo


def _open_reader(path: Path) -> tuple[InboxReader, bool]:
    """The file brought to the newest schema, its reader, and whether it has
    accounts; a file SQLite cannot read is DamagedDatabase. One found damaged
    while DMDesk ran is checked whole first."""
    from dmdesk.store.backups import damage_marker

    if damage_marker(path).exists():
        check_intact(path)  # DamagedDatabase: the dialog offers the newest copy
        damage_marker(path).unlink()
    ensure_schema(path)
    try:
        reader = InboxReader(path)
        return reader, bool(reader.accounts())
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from None


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dmdesk.store.backups import restore
    from dmdesk.ui.kit import plain_text
    from dmdesk.ui.kit.icons import app_icon
    from dmdesk.ui.kit.theme import apply_theme
    from dmdesk.ui.shell.damaged_data import offer_restore
    from dmdesk.ui.shell.preferences_menu import setting_on

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("dmdesk")
    app.setWindowIcon(app_icon())
    apply_theme(app, args.dark)

    try:
        folder, reader, demo = open_workspace(args)
    except DamagedDatabase as error:
        if not offer_restore(error, restore):
            return 1
        return run_gui(args)  # the restored copy opens as any start would
    except (DatabaseError, OSError) as error:
        plain_text.message_box(
            None, QMessageBox.Icon.Critical, APP_NAME, "DMDesk cannot open its data.", str(error)
        ).exec()
        return 1

    opened: list[OpenWorkspace] = []

    def open_own_workspace() -> None:
        """From the demo, once an account was added: the user's own workspace replaces it."""
        own = data_dir(args.data_dir)
        try:
            ensure_schema(database_path(own))
        except (DatabaseError, OSError) as error:
            plain_text.message_box(
                None,
                QMessageBox.Icon.Critical,
                APP_NAME,
                "DMDesk cannot open your workspace.",
                str(error),
            ).exec()
            return
        previous = opened.pop()
        workspace = OpenWorkspace(own, InboxReader(database_path(own)), demo=False, args=args)
        # One window that changes what it shows: the new one takes the old one's place
        # and size, in front, and the old one goes with its tray icon.
        workspace.window.restoreGeometry(previous.window.saveGeometry())
        show(workspace)
        workspace.window.raise_()
        workspace.window.activateWindow()
        previous.close()

    def show(workspace: OpenWorkspace, minimized: bool = False) -> None:
        opened.append(workspace)
        window = workspace.window
        window.own_workspace_requested.connect(open_own_workspace)
        if args.screenshot is not None:  # a picture of the window, nothing else
            window.show()
            return
        in_tray = window.install_tray() and (
            minimized or setting_on(window.settings, "tray/start_minimized", False)
        )
        if in_tray:
            assert window.tray is not None
            window.tray.window_shown(False)
            window.first_painted.emit()  # nothing paints: let the services start
        else:
            window.show()

    first = OpenWorkspace(folder, reader, demo=demo, args=args)
    _close_on_damage(app, lambda: opened[-1].reader.path if opened else None)
    _exit_after_first_paint(first.window, args.screenshot)
    show(first, minimized=bool(args.minimized))
    code = app.exec()
    for workspace in opened:
        workspace.close()
    return code


class OpenWorkspace:
    """One workspace on screen: its reader, lanes, services and window."""

    def __init__(
        self,
        folder: Path,
        reader: InboxReader,
        *,
        demo: bool,
        args: argparse.Namespace,
        credentials: CredentialStore | None = None,
    ) -> None:
        from PySide6.QtCore import QSettings

        from dmdesk.services.thumbnail_cache import THUMBNAILS_FOLDER, ThumbnailCache
        from dmdesk.services.workers import Workers
        from dmdesk.ui.kit.tasks import TaskRunner
        from dmdesk.ui.shell.main_window import MainWindow
        from dmdesk.ui.shell.sync_bridge import SyncBridge, SyncListenerAdapter

        self.reader = reader
        self.workers = Workers()
        bridge = SyncBridge()
        listener = SyncListenerAdapter(bridge)
        self.tasks = TaskRunner(self.workers)
        own = database_path(data_dir(args.data_dir)) if demo else None
        thumbnails = ThumbnailCache(folder / THUMBNAILS_FOLDER)
        # Queued first on the writer lane, so every write the window asks for finds the
        # services ready. Building them imports SQLAlchemy, which holds the GIL for a few
        # hundred milliseconds: it waits until the window has painted its first page.
        painted = threading.Event()
        services_future = self.workers.write(
            lambda: _build_services(
                folder,
                self.workers,
                listener,
                after=painted,
                own=own,
                credentials=credentials,
                thumbnails=thumbnails,
            )
        )
        self.tasks.set_services(services_future)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self.window = window = MainWindow(reader, self.tasks, settings, thumbnails, demo=demo)
        self._bridge = bridge
        window.first_painted.connect(painted.set)
        bridge.messages_ingested.connect(window.on_messages_ingested)
        bridge.message_status_changed.connect(window.on_message_status_changed)
        bridge.account_status_changed.connect(window.on_account_status_changed)
        self.services: Services | None = None

        def on_services_ready(services: Services) -> None:
            self.services = services
            if not demo:  # a copy a day, to restore should the file ever be damaged
                self.workers.network.submit(_back_up_daily, database_path(folder))
            window.on_services_ready(services)  # the away message, before any fetch
            # Reading tokens from the keyring can wait on an unlock prompt: not here.
            self.tasks.network(lambda s: s.connections.start_sync())
            if sys.platform == "linux":
                self.tasks.network(lambda _: _desktop_notifier(), _use_notifier)

        def _use_notifier(notifier: DesktopNotifier | None) -> None:
            if notifier is not None and not window.is_closed:
                window.notifications.use_desktop_notifier(notifier)

        self.tasks.watch(
            services_future,
            on_services_ready,
            lambda error: window.toast.show_message(f"Sync could not start: {error}"),
        )

    def close(self) -> None:
        self._bridge.blockSignals(True)  # sync may still report while it stops
        # Closed for good, tray icon and all: a window kept in the tray would come
        # back from its old icon over a closed database (switching workspace).
        self.window.close_for_good()
        if self.services is not None:
            self.services.close()
        self.workers.shutdown()
        self.reader.close()


def _exit_after_first_paint(window: MainWindow, screenshot: Path | None) -> None:
    """For the benchmark (time of first paint) and --screenshot (a PNG of the window)."""
    from PySide6.QtCore import QTimer

    if os.environ.get(FIRST_PAINT_PROBE):

        def report_first_paint() -> None:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, window.close)

        window.first_painted.connect(report_first_paint)
    elif screenshot is not None:
        window.show_at_standard_size()

        def save_screenshot() -> None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            saved = window.grab().save(str(screenshot))
            print(f"screenshot {'saved to' if saved else 'FAILED for'} {screenshot}", flush=True)
            window.close()

        # A moment for the thread's deferred scroll-to-bottom and the services.
        window.first_painted.connect(lambda: QTimer.singleShot(400, save_screenshot))


def _desktop_notifier() -> DesktopNotifier | None:
    """The session's notification server, if it answers (else the tray's messages)."""
    from dmdesk.desktop_bus import DesktopNotifier

    notifier = DesktopNotifier()
    if notifier.available():
        return notifier
    notifier.close()
    return None


SERVICES_WAIT_FOR_PAINT_S = 3.0
"""How long building the services defers to the first paint before going ahead anyway."""


def _build_services(
    folder: Path,
    workers: Workers,
    listener: SyncListener,
    *,
    after: threading.Event,
    own: Path | None,
    credentials: CredentialStore | None,
    thumbnails: ThumbnailCache,
) -> Services:
    after.wait(SERVICES_WAIT_FOR_PAINT_S)
    from dmdesk.services.runtime import build_services

    return build_services(
        database_path(folder),
        workers,
        listener,
        credentials,
        own_workspace=own,
        thumbnails=thumbnails,
    )


def _close_on_damage(app: Any, current: Callable[[], Path | None]) -> None:
    """A damaged page met while DMDesk runs (opening a conversation, a search):
    say so plainly, mark the file, and close; the next start checks it and offers
    the newest copy back. Other errors go on to Python's own hook."""
    from PySide6.QtWidgets import QMessageBox

    from dmdesk.store.backups import damage_marker, is_damage
    from dmdesk.ui.kit.plain_text import message_box

    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        path = current()
        if not is_damage(error) or path is None:
            previous(kind, error, trace)
            return
        sys.excepthook = previous  # once: the rest of the closing may meet it again
        with contextlib.suppress(OSError):
            damage_marker(path).touch()
        logging.getLogger(__name__).error("the data file is damaged: %s", error)
        message_box(
            None,
            QMessageBox.Icon.Critical,
            f"{APP_NAME}: damaged data",
            "Part of DMDesk's data cannot be read: the file is damaged.",
            "DMDesk closes now, so nothing more is written into it. Start it again: it "
            f"checks the file and offers the newest copy it made.\n\n{error}",
            QMessageBox.StandardButton.Ok,
        ).exec()
        app.quit()

    sys.excepthook = hook


def _back_up_daily(path: Path) -> None:
    from dmdesk.store.backups import back_up_daily

    try:
        back_up_daily(path)
    except (sqlite3.Error, OSError) as error:
        logging.getLogger(__name__).warning("the daily copy of the data failed: %s", error)


def _seed_demo(path: Path) -> None:
    from datetime import UTC, datetime

    from dmdesk.services.demo_workspace import seed_demo_workspace
    from dmdesk.store.database import Database

    database = Database(path)
    try:
        seed_demo_workspace(database, datetime.now(UTC))
    finally:
        database.close()
