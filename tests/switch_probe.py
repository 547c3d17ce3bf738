"""Run by test_tray_under_xvfb.py in a process of its own: the app as it starts
(run_gui, on the demo workspace), then what switching to the own workspace does
on a real X server with a tray host. Prints one JSON line of what it saw."""

import json
import sys
from argparse import Namespace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from dmdesk.app import run_gui
from dmdesk.ui.shell.main_window import MainWindow


def shown_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def main(data_dir: str) -> None:
    app = QApplication(sys.argv[:1])
    seen: dict[str, object] = {}
    ticks = 0

    def later(step) -> None:
        def guarded() -> None:
            try:
                step()
            except BaseException as error:  # say it and leave, rather than hang in exec()
                print(json.dumps({"error": repr(error)}), flush=True)
                app.exit(1)

        QTimer.singleShot(100, guarded)

    def until(condition, then) -> None:
        nonlocal ticks
        ticks += 1
        if condition() or ticks > 150:
            then()
        else:
            later(lambda: until(condition, then))

    def demo_shown() -> None:
        (demo,) = shown_windows()
        seen["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()
        seen["demo_active"] = demo.isActiveWindow()
        demo.setGeometry(180, 120, 1000, 640)  # where the owner had put it
        seen["demo_frame"] = demo.geometry().getRect()
        demo.own_workspace_requested.emit()  # what adding an account or an import does
        until(lambda: bool(shown_windows()) and shown_windows()[0] is not demo, own_shown)

    def own_shown() -> None:
        windows = shown_windows()
        seen["windows"] = len(windows)
        own = windows[0]
        seen["title"] = own.windowTitle()
        seen["own_frame"] = own.geometry().getRect()
        screen = QGuiApplication.primaryScreen().availableGeometry()
        seen["on_screen"] = screen.contains(own.frameGeometry())
        until(own.isActiveWindow, lambda: look_at(own))

    def look_at(own: MainWindow) -> None:
        seen["active"] = own.isActiveWindow()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen["tray_icons"] = sum(1 for w in windows if w.tray is not None and w.tray.isVisible())
        print(json.dumps(seen), flush=True)
        own.quit_app()

    until(lambda: len(shown_windows()) == 1 and shown_windows()[0].isActiveWindow(), demo_shown)
    args = Namespace(data_dir=data_dir, demo=False, dark=False, screenshot=None, minimized=False)
    sys.exit(run_gui(args))


if __name__ == "__main__":
    main(sys.argv[1])
