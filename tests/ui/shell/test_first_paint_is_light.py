"""The first paint comes before SQLAlchemy: the window reads with plain sqlite3,
and the services (SQLAlchemy, the connectors) are built on the writer lane only
once it has painted. One import at the top of a window module can undo that and
double the start (a saved search's name helper once pulled in the store)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from dmdesk.services.workers import Workers
from dmdesk.store.reads import InboxReader
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.shell.main_window import MainWindow

app = QApplication([])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(InboxReader(sys.argv[1]), TaskRunner(Workers()), settings, demo=True)
loaded = {}
def painted():
    loaded.update({name: name in sys.modules for name in ("sqlalchemy", "alembic")})
    app.quit()
window.first_painted.connect(painted)
window.show()
QTimer.singleShot(20_000, app.quit)
app.exec()
print(sorted(name for name, present in loaded.items() if present), len(loaded))
"""


def test_the_window_paints_without_loading_sqlalchemy(demo_db, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(demo_db), str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[-2] == "[] 2"
