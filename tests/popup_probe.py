"""Run by test_under_xvfb.py in a process of its own: the real window on
Xvfb, in the theme given, with the search's filter suggestions opened by typing
(xdotool). Prints one JSON line: the suggestions' background and the contrast of
their text against it, read off the screen as a person sees them."""

import json
import subprocess
import sys
from argparse import Namespace
from collections import Counter

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication

from dmdesk.app import OpenWorkspace, open_workspace
from dmdesk.ui.theme import apply_theme


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def main(data_dir: str, dark: bool) -> None:
    app = QApplication(sys.argv[:1])
    apply_theme(app, dark)
    args = Namespace(data_dir=data_dir, demo=True)
    folder, reader, demo = open_workspace(args)
    workspace = OpenWorkspace(folder, reader, demo=demo, args=args)
    window = workspace.window
    window.show()

    def type_filter() -> None:
        window.activateWindow()
        window.list_pane.search.setFocus()
        subprocess.run(["xdotool", "type", "--delay", "40", "is:"], check=True)
        QTimer.singleShot(300, look)

    def look(tries: int = 0) -> None:
        popup = window.list_pane.search.completer().popup()
        if not popup.isVisible() and tries < 50:
            QTimer.singleShot(100, lambda: look(tries + 1))
            return
        corner = popup.mapToGlobal(QPoint(0, 0))
        shot = app.primaryScreen().grabWindow(
            0, corner.x(), corner.y(), popup.width(), popup.height()
        )
        image = shot.toImage()
        pixels = Counter(
            image.pixelColor(x, y).getRgb()[:3]
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
        )
        background = pixels.most_common(1)[0][0]
        text = max(pixels, key=lambda rgb: abs(luminance(rgb) - luminance(background)))
        light, dark_side = sorted((luminance(background), luminance(text)), reverse=True)
        print(
            json.dumps(
                {
                    "visible": popup.isVisible(),
                    "background": luminance(background),
                    "contrast": (light + 0.05) / (dark_side + 0.05),
                }
            ),
            flush=True,
        )
        app.quit()

    QTimer.singleShot(1500, type_filter)
    app.exec()
    workspace.close()


if __name__ == "__main__":
    main(sys.argv[1], "--dark" in sys.argv)
