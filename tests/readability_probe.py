"""Run by test_under_xvfb.py in a process of its own: the real window of the demo
workspace on Xvfb, in the theme given, opens every popup, menu, calendar and dialog
a person meets, the way a person opens them where that can be done (keys and
clicks through xdotool), and reads each off the screen as it is drawn (offscreen,
a transparent popup grabs as if it were not: only a real X server shows black).

For each piece of enabled text (a menu entry, a list row, a calendar day, a label,
a button, a field) the contrast is the one between the colour most of its area has
(its background) and the colour in it that stands out most from that (the core of
its letters). Prints one JSON line per surface with the lowest such contrast; WCAG
AA asks 4.5:1 of text. Disabled text is left out, as WCAG leaves it out.

    python tests/readability_probe.py DATA_DIR [--dark] [--shots DIR]

``--shots`` also saves each surface as a PNG (the closing notes' screenshots)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from argparse import ArgumentParser, Namespace
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from dmdesk.app import OpenWorkspace, open_workspace
from dmdesk.ui.kit.theme import apply_theme
from dmdesk.ui.notifications.center import NotificationCenter
from dmdesk.ui.shell.main_window import MainWindow
from dmdesk.ui.shell.tray import TrayIcon

WAIT_MS = 100
TRIES = 60  # six seconds for a surface to show
SETTLE_MS = 300  # drawn in full, its text and all
BORDER = 3  # a focus ring's 2 px and a little

Region = tuple[str, QRect]


def luminance(rgb: int) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    color = QColor.fromRgb(rgb)
    r, g, b = channel(color.red()), channel(color.green()), channel(color.blue())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: int, b: int) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def has_words(text: str) -> bool:
    """Letters or digits: an emoji on a button is a picture, not text to read."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def text_regions(top: QWidget) -> list[Region]:
    """Where ``top`` and its visible children draw enabled text, on the screen."""
    found: list[Region] = []

    def add(kind: str, text: str, widget: QWidget, rect: QRect, inset: int = 0) -> None:
        # Inside a button's or a field's border and rounded corners: the colours
        # around it would stand out from its fill more than its own letters do.
        rect = rect.adjusted(inset, inset, -inset, -inset)
        rect = rect.intersected(widget.visibleRegion().boundingRect())  # not scrolled away
        if not rect.isEmpty() and has_words(text):
            where = QRect(widget.mapToGlobal(rect.topLeft()), rect.size())
            found.append((f"{kind} {text[:30]!r}", where))

    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled():
            continue
        kind = type(widget).__name__
        if isinstance(widget, QMenu):
            for action in widget.actions():
                if action.isVisible() and action.isEnabled() and action.text():
                    add("menu entry", action.text(), widget, widget.actionGeometry(action))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, root, port = widget.model(), widget.rootIndex(), widget.viewport()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model keeps columnCount to itself: one
                columns = 1
            for row in range(min(model.rowCount(root), 300)):
                for column in range(columns):
                    index = model.index(row, column, root)
                    if not index.flags() & Qt.ItemFlag.ItemIsEnabled:
                        continue
                    rect = widget.visualRect(index)
                    if not port.rect().contains(rect):
                        continue  # cut off at the edge: no whole line of text to read
                    add(f"{kind} row {row}:{column}", str(index.data() or row), port, rect)
        elif isinstance(widget, QLabel) and widget.text():
            add("label", widget.text(), widget, widget.contentsRect())
        elif isinstance(widget, QAbstractButton) and widget.text():
            add(kind, widget.text(), widget, widget.rect(), BORDER)
        elif isinstance(widget, QLineEdit) and (widget.text() or widget.placeholderText()):
            add("field", widget.text() or widget.placeholderText(), widget, widget.rect(), BORDER)
        elif isinstance(widget, QComboBox | QAbstractSpinBox):
            add(kind, widget.objectName() or kind, widget, widget.rect(), BORDER)
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and widget.toPlainText():
            port = widget.viewport()
            add("text", widget.toPlainText(), port, port.rect())
    return found


def read_contrast(image: QImage, rect: QRect) -> tuple[float, int, int] | None:
    """(contrast, background, ink) of what is drawn in ``rect``; None if blank."""
    rect = rect.intersected(image.rect())
    counts = Counter(
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    )
    if not counts:
        return None
    background = counts.most_common(1)[0][0]
    # Two pixels at least: one stray pixel of an edge is not a letter.
    inks = [rgb for rgb, n in counts.items() if n >= 2 and rgb != background]
    if not inks:
        return None
    ink = max(inks, key=lambda rgb: contrast(rgb, background))
    return contrast(ink, background), background, ink


@dataclass
class Surface:
    name: str
    open: Callable[[], None]
    find: Callable[[], QWidget | None]
    close: Callable[[], None]
    then: Callable[[], None] = lambda: None
    """Once it shows: what a person does in it before looking (typing a name)."""


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def click(widget: QWidget, point: QPoint | None = None, button: str = "1") -> None:
    where = widget.mapToGlobal(point if point is not None else widget.rect().center())
    xdotool("mousemove", str(where.x()), str(where.y()), "click", button)


def keys(*names: str) -> None:
    xdotool("key", "--delay", "60", *names)


def typed(text: str) -> None:
    xdotool("type", "--delay", "40", text)


def popup() -> QWidget | None:
    return QApplication.activePopupWidget()


def modal() -> QWidget | None:
    return QApplication.activeModalWidget()


def surfaces(window: MainWindow) -> list[Surface]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lists, thread, contact = window.list_pane, window.thread_pane, window.contact_pane
    composer = thread.composer
    tray = TrayIcon(window, NotificationCenter.pause_choices)

    def later(step: Callable[[], object]) -> Callable[[], None]:
        """For a dialog that runs its own loop: opened once this step returns."""
        return lambda: QTimer.singleShot(0, step)

    def focus_list() -> None:
        window.activateWindow()
        window.focus_list()

    def escape() -> None:
        keys("Escape")

    def row_center(view: QAbstractItemView, row: int) -> QPoint:
        return view.visualRect(view.model().index(row, 0)).center()

    def menu_bar_entry(title: str) -> None:
        bar = window.menuBar()
        (action,) = [a for a in bar.actions() if a.text().replace("&", "") == title]
        click(bar, bar.actionGeometry(action).center())

    def search_for(text: str) -> None:
        window.activateWindow()
        lists.search.setFocus()
        typed(text)

    def clear_search() -> None:
        escape()
        lists.search.clear()
        focus_list()

    def open_calendar() -> None:
        if not contact.follow_up_enabled.isChecked():
            click(contact.follow_up_enabled)
        date = contact.follow_up
        click(date, QPoint(date.width() - 10, date.height() // 2))

    def open_quick_replies() -> None:
        thread.focus_composer()
        typed("/")

    def close_quick_replies() -> None:
        escape()
        composer.editor.clear()
        focus_list()

    def tooltip() -> QWidget | None:
        # Qt's own class, which Python knows only as the QLabel it is.
        shown = [w for w in app.topLevelWidgets() if w.metaObject().className() == "QTipLabel"]
        return next((w for w in shown if w.isVisible()), None)

    def hover_search() -> None:
        where = lists.search.mapToGlobal(lists.search.rect().center())
        xdotool("mousemove", str(where.x()), str(where.y()))
        xdotool("mousemove", str(where.x() + 4), str(where.y()))  # resting on it

    def move_away() -> None:
        xdotool("mousemove", "5", "5")

    def trash_first_then_delete_forever() -> None:
        focus_list()
        keys("numbersign", "g", "t", "shift+Delete")

    def after_delete_question() -> None:
        escape()
        keys("g", "i")

    def after_a_while(find: Callable[[], QWidget | None]) -> Callable[[], QWidget | None]:
        """Shown once it has had time to change by itself (a view that emptied itself
        did so within a second)."""
        since: list[float] = []

        def found() -> QWidget | None:
            since.append(since[0] if since else time.monotonic())
            return find() if time.monotonic() - since[0] > 1.5 else None

        return found

    preferences = window.preferences
    (quiet,) = [a for a in preferences.actions() if a.text().startswith("Quiet hours")]
    return [
        Surface("main window", focus_list, lambda: window, lambda: None),
        Surface("unread view", lambda: (focus_list(), keys("g", "u")),
                after_a_while(lambda: window), lambda: keys("g", "i")),
        Surface("filter suggestions", lambda: search_for("is:"),
                lambda: lists.search.completer().popup(), clear_search),
        Surface("conversation menu",
                lambda: click(lists.list.viewport(), row_center(lists.list, 0), "3"),
                popup, escape),
        Surface("Conversation menu in the menu bar", lambda: menu_bar_entry("Conversation"),
                popup, lambda: keys("Escape", "Escape")),
        Surface("message menu",
                lambda: click(thread.view.viewport(),
                              row_center(thread.view, thread.model.rowCount() - 1), "3"),
                popup, escape),
        Surface("contact name's edit menu", lambda: click(contact.name, button="3"),
                popup, escape),
        Surface("follow-up calendar", open_calendar,
                lambda: contact.follow_up.calendarWidget().window(),
                lambda: (escape(), click(contact.follow_up_enabled))),
        Surface("quick replies popup", open_quick_replies, lambda: composer.popup.completer.popup(),
                close_quick_replies),
        Surface("command palette finding a person", lambda: (focus_list(), keys("ctrl+k")),
                modal, escape, then=lambda: typed("ben")),
        Surface("keyboard shortcuts", lambda: (focus_list(), keys("question")), modal, escape),
        Surface("save-search name", lambda: (search_for("wool"), keys("ctrl+s")), modal,
                lambda: (escape(), clear_search())),
        Surface("note editor", lambda: click(_note_edit_button(contact)), modal, escape),
        Surface("quiet hours", later(quiet.trigger), modal, escape),
        Surface("preferences menu", lambda: preferences.popup(window.geometry().center()),
                popup, escape),
        Surface("tray menu", lambda: tray.menu.popup(window.geometry().center()), popup, escape),
        Surface("accounts", lambda: (focus_list(), keys("ctrl+shift+a")), modal, escape),
        Surface("import history", lambda: (focus_list(), keys("ctrl+shift+o")), modal, escape),
        Surface("quick reply library", lambda: (focus_list(), keys("ctrl+shift+q")), modal,
                escape),
        Surface("delete-forever question", trash_first_then_delete_forever, modal,
                after_delete_question),
        Surface("tooltip", hover_search, tooltip, move_away),
        Surface("undo toast", lambda: (focus_list(), keys("e")), lambda: window.toast,
                lambda: keys("z")),
        Surface("People menu in the menu bar", lambda: menu_bar_entry("People"),
                popup, lambda: keys("Escape", "Escape")),
        Surface("people table", lambda: (focus_list(), keys("g", "c")),
                lambda: window._people if window._people and window._people.isVisible() else None,
                lambda: window._people.close()),
        Surface("stages", later(window.actions_by_name["edit_stages"].trigger), modal, escape),
        Surface("forget question", later(window.actions_by_name["forget_person"].trigger),
                modal, escape),
    ]  # fmt: skip


def _note_edit_button(contact: QWidget) -> QWidget:
    return next(b for b in contact.findChildren(QAbstractButton) if b.toolTip() == "Edit note")


def main() -> None:
    parser = ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--only", help="the surfaces to visit, by name, comma-separated")
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("DMDesk")
    apply_theme(app, options.dark)
    args = Namespace(data_dir=options.data_dir, demo=True)
    folder, reader, demo = open_workspace(args)
    workspace = OpenWorkspace(folder, reader, demo=demo, args=args)
    window = workspace.window
    window.resize(1280, 760)
    window.move(0, 0)
    window.show()
    tour = surfaces(window)
    if options.only:
        tour = [s for s in tour if s.name in options.only.split(",")]

    def report(**seen: object) -> None:
        print(json.dumps(seen), flush=True)

    def next_surface() -> None:
        if not tour:
            app.quit()
            return
        surface = tour.pop(0)
        window.activateWindow()
        when_active(surface, 0)

    def when_active(surface: Surface, tries: int) -> None:
        """Keys go where X's focus is: without a window manager, a closed dialog
        leaves it nowhere, and Qt asks it back only once this step returns."""
        if QApplication.activeWindow() is not window and tries < TRIES:
            QTimer.singleShot(WAIT_MS, lambda: when_active(surface, tries + 1))
            return
        try:
            surface.open()
        except Exception as error:  # said, and the tour goes on
            report(surface=surface.name, shown=False, error=repr(error))
            QTimer.singleShot(WAIT_MS, next_surface)
            return
        wait_for(surface, 0)

    def wait_for(surface: Surface, tries: int) -> None:
        widget = surface.find()
        if widget is None or not widget.isVisible():
            if tries < TRIES:
                QTimer.singleShot(WAIT_MS, lambda: wait_for(surface, tries + 1))
                return
            report(surface=surface.name, shown=False)
            finish(surface)
            return
        surface.then()
        QTimer.singleShot(SETTLE_MS, lambda: measure(surface, widget))

    def measure(surface: Surface, widget: QWidget) -> None:
        screen = app.primaryScreen().grabWindow(0).toImage()
        frame = (
            widget.frameGeometry()
            if widget.isWindow()
            else QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        )
        if options.shots:
            name = surface.name.replace(" ", "-").replace("'", "")
            theme = "dark" if options.dark else "light"
            screen.copy(frame.adjusted(-24, -24, 24, 24)).save(
                str(options.shots / f"{name}-{theme}.png")
            )
        readings = []
        for where, rect in text_regions(widget):
            reading = read_contrast(screen, rect)
            if reading is not None:
                readings.append((reading, where))
        lowest = min(readings, default=None)
        background = screen.pixelColor(frame.center()).name() if frame.isValid() else None
        report(
            surface=surface.name,
            shown=True,
            regions=len(readings),
            lowest=round(lowest[0][0], 2) if lowest else None,
            where=lowest[1] if lowest else None,
            background=QColor.fromRgb(lowest[0][1]).name() if lowest else background,
            ink=QColor.fromRgb(lowest[0][2]).name() if lowest else None,
            window_background=luminance(screen.pixel(frame.topLeft() + QPoint(4, 4))),
        )
        finish(surface)

    def finish(surface: Surface) -> None:
        try:
            surface.close()
        except Exception as error:
            report(surface=surface.name, closed=False, error=repr(error))
        QTimer.singleShot(400, next_surface)

    QTimer.singleShot(1500, next_surface)
    app.exec()
    workspace.close()


if __name__ == "__main__":
    main()
