"""Screenshots of what a stranger's file and link do on a click: a customer's
imported WhatsApp chat holds ``invoice\u202efdp.exe`` (a program whose name reads
as a PDF) and a link whose text starts like PayPal's. The real workspace window
is opened on this Xvfb display, and xdotool clicks the chip and the link where
they are drawn, as a person would; each question is grabbed from the screen.

Run by make.sh on its Xvfb display: python docs/screenshots/stranger_scene.py OUT_DIR [--dark]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from argparse import Namespace
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from dmdesk.app import OpenWorkspace, open_workspace
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import apply_theme

SHOP = "Juniper & Thread"
PROGRAM = "invoice\u202efdp.exe"
CHAT = (
    f"02/12/2026, 09:12 - Ana Lima: Hi! Here is the invoice for the wool order\n"
    f"02/12/2026, 09:12 - Ana Lima: {PROGRAM} (file attached)\n"
    f"02/12/2026, 09:14 - {SHOP}: Thanks Ana, I'll have a look\n"
    "02/12/2026, 09:20 - Ana Lima: Please pay here today: "
    "https://www.paypal.com@pay-secure.example/invoice/2291\n"
)


def imported_workspace(folder: Path) -> Path:
    """Ana's chat export (the folder unzipping it makes), imported as the shop."""
    export = folder / "WhatsApp Chat with Ana Lima"
    export.mkdir(parents=True)
    (export / "WhatsApp Chat with Ana Lima.txt").write_text(CHAT)
    # The file as a phone saves it: the right-to-left override is gone from its name.
    (export / PROGRAM.replace("\u202e", "")).write_bytes(b"MZ\x90\x00" + bytes(60))
    data = folder / "data"
    subprocess.run(
        [sys.executable, "-m", "dmdesk", "import", "--data-dir", str(data), "--me", SHOP,
         "--dates", "dmy",
         str(export / "WhatsApp Chat with Ana Lima.txt")],
        check=True, capture_output=True,
    )  # fmt: skip
    return data


def main() -> None:
    out, dark = Path(sys.argv[1]), "--dark" in sys.argv
    suffix = "-dark" if dark else ""
    work = Path(tempfile.mkdtemp(prefix="dmdesk-stranger-"))
    data = imported_workspace(work)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("DMDesk")
    apply_theme(app, dark)
    args = Namespace(demo=False, data_dir=str(data), dark=dark, screenshot=None, minimized=False)
    folder, reader, demo = open_workspace(args)
    workspace = OpenWorkspace(folder, reader, demo=demo, args=args)
    window = workspace.window
    window.resize(1280, 800)
    window.show()
    steps: list = []

    def later(ms: int, step) -> None:
        QTimer.singleShot(ms, step)

    def on_screen(row: int, spot: str) -> QPoint:
        """Where the chip, or the link, of the thread's message at ``row`` is drawn."""
        view = window.thread_pane.view
        index = window.messages.index(row)
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(index)
        option.font = view.font()
        delegate = view.itemDelegate()
        bubble, text_rect, document, _ = delegate._geometry(option, index)
        if spot == "chip":
            ((chip, _),) = delegate._chips(index.data(Roles.MESSAGE), bubble, text_rect, document)
            point = chip.center().toPoint()
        else:  # the link: the first spot of the text where the delegate finds one
            point = next(
                QPoint(x, y)
                for y in range(int(text_rect.top()), int(text_rect.bottom()), 4)
                for x in range(int(text_rect.left()), int(text_rect.right()), 6)
                if delegate.link_at(option, index, QPointF(x, y))
            )
        return view.viewport().mapToGlobal(point)

    def click(point: QPoint) -> None:
        subprocess.Popen(["xdotool", "mousemove", str(point.x()), str(point.y()), "click", "1"])

    def grab_dialog(name: str) -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            later(100, lambda: grab_dialog(name))
            return
        frame = box.frameGeometry().adjusted(-40, -40, 40, 40)
        area = frame.intersected(window.frameGeometry().adjusted(-40, -40, 40, 40))
        shot = app.primaryScreen().grabWindow(0, area.x(), area.y(), area.width(), area.height())
        shot.save(str(out / name))
        box.reject()
        later(400, steps.pop(0))

    def open_chat() -> None:
        window.focus_list()
        window.list_pane.select_row(0)
        later(1200, steps.pop(0))

    def click_chip() -> None:
        click(on_screen(1, "chip"))
        later(300, lambda: grab_dialog(f"stranger-file{suffix}.png"))

    def click_link() -> None:
        click(on_screen(window.messages.rowCount() - 1, "link"))
        later(300, lambda: grab_dialog(f"stranger-link{suffix}.png"))

    steps.extend([click_chip, click_link, app.quit])
    later(2500, open_chat)
    app.exec()
    workspace.close()


if __name__ == "__main__":
    main()
