"""Run by test_tray_under_xvfb.py in a process of its own (Qt's platform is
chosen once per process): the real window under Xvfb with a tray host.
Prints one JSON line of what it saw."""

import json
import sys
from argparse import Namespace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from dmdesk.app import OpenWorkspace, open_workspace


def main(data_dir: str) -> None:
    app = QApplication(sys.argv[:1])
    seen: dict[str, object] = {}
    waited = 0

    def probe() -> None:
        try:
            look()
        except BaseException as error:  # say it and leave, rather than hang in exec()
            print(json.dumps({"error": repr(error)}), flush=True)
            app.exit(1)

    def look() -> None:
        nonlocal waited
        if not QSystemTrayIcon.isSystemTrayAvailable() and waited < 100:
            waited += 1
            QTimer.singleShot(100, probe)  # the tray host may still be starting
            return
        folder, reader, demo = open_workspace(Namespace(data_dir=data_dir, demo=False))
        workspace = OpenWorkspace(folder, reader, demo=demo, args=Namespace(data_dir=data_dir))
        window = workspace.window
        seen["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()
        seen["installed"] = window.install_tray()
        window.show()
        tray = window.tray
        assert tray is not None
        seen["tray_visible"] = tray.isVisible()
        seen["menu"] = [a.text() for a in tray.menu.actions() if a.text() and a.isVisible()]
        seen["pause_choices"] = [a.text() for a in tray.pause_menu.actions()]
        seen["tooltip"] = tray.toolTip()
        window.close()  # hides to the tray instead of quitting
        seen["hidden_not_closed"] = (not window.isVisible()) and not window.is_closed
        seen["menu_after_close"] = tray.show_action.text()
        tray.toggle_requested.emit()
        seen["shown_again"] = window.isVisible()
        window.quit_app()
        seen["closed_on_quit"] = window.is_closed
        print(json.dumps(seen), flush=True)
        workspace.close()

    QTimer.singleShot(0, probe)
    sys.exit(app.exec())


if __name__ == "__main__":
    main(sys.argv[1])
