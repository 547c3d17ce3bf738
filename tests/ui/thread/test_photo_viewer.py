"""The photo viewer: opened by a click or by Space/Enter on the selected message,
fitted, zoomed with the wheel and keys, ←/→ through the conversation's photos,
Save as…, Copy image and Open with the system's viewer, Esc closes; while it is
open its keys win over the window's."""

from __future__ import annotations

from pathlib import Path

import pytest
from picture_files import photo
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from test_photos_in_thread import cells, click, local, open_thread, states, written_with

from dmdesk.ui.thread.photos import PhotoState


@pytest.fixture
def album(qtbot, window, database, tmp_path):
    """A conversation with three photos in two messages, open in the window."""
    first = (local(photo(tmp_path / "front.jpg", 1600, 1200)),)
    chat = written_with(database, first, who="Mia")
    pane = open_thread(window, chat)
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.SHOWN])
    return window, pane, chat


def open_viewer(qtbot, pane):
    click(pane, cells(pane, 0)[0].rect.center())
    viewer = pane.viewer
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.canvas.isVisible())
    return viewer


def test_a_click_opens_the_photo_fitted_over_the_window_and_esc_closes(qtbot, album) -> None:
    window, pane, _chat = album
    viewer = open_viewer(qtbot, pane)
    assert viewer.geometry() == window.rect()  # over the whole window
    assert viewer.title.text() == "front.jpg" and viewer.position.text() == "1 of 1"
    assert viewer.canvas.zoom_level() < 1.0  # fitted: 1600 px in a smaller window
    assert not viewer.previous_button.isEnabled() and not viewer.next_button.isEnabled()
    QTest.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    assert pane.view.hasFocus() or window.focusWidget() is pane.view


def test_space_or_enter_on_the_selected_message_opens_it(qtbot, album) -> None:
    _window, pane, _chat = album
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        QTest.keyClick(pane.view, key)
        qtbot.waitUntil(lambda: pane.viewer.isVisible())
        QTest.keyClick(pane.viewer, Qt.Key.Key_Escape)


def test_zoom_with_keys_and_the_wheel_and_back_to_fit(qtbot, album) -> None:
    _window, pane, _chat = album
    viewer = open_viewer(qtbot, pane)
    fitted = viewer.canvas.zoom_level()
    QTest.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.canvas.zoom_level() == pytest.approx(fitted * 1.25)
    QTest.keyClick(viewer, Qt.Key.Key_1)
    assert viewer.canvas.zoom_level() == pytest.approx(1.0)  # the photo's own pixels
    QTest.keyClick(viewer, Qt.Key.Key_Minus)
    assert viewer.canvas.zoom_level() == pytest.approx(0.8)
    port = viewer.canvas.viewport()
    middle = QPointF(port.width() / 2, port.height() / 2)
    wheel = QWheelEvent(
        middle,
        port.mapToGlobal(middle),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QGuiApplication.sendEvent(port, wheel)
    assert viewer.canvas.zoom_level() == pytest.approx(0.8 * 1.25**2)
    QTest.keyClick(viewer, Qt.Key.Key_0)
    assert viewer.canvas.zoom_level() == pytest.approx(fitted)


def test_left_and_right_walk_the_conversations_photos(qtbot, window, database, tmp_path) -> None:
    files = tuple(local(photo(tmp_path / f"p{n}.jpg", 400 + n, 300)) for n in range(3))
    pane = open_thread(window, written_with(database, files, who="Noor"))
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.SHOWN] * 3)
    click(pane, cells(pane, 0)[1].rect.center())
    viewer = pane.viewer
    qtbot.waitUntil(lambda: viewer.canvas.isVisible())
    assert (viewer.title.text(), viewer.position.text()) == ("p1.jpg", "2 of 3")
    QTest.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.position.text() == "3 of 3"
    qtbot.waitUntil(lambda: viewer.canvas.item.pixmap().width() == 402)
    QTest.keyClick(viewer, Qt.Key.Key_Right)  # the last stays the last
    assert viewer.position.text() == "3 of 3"
    QTest.keyClick(viewer, Qt.Key.Key_Left)
    QTest.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.title.text() == "p0.jpg"
    qtbot.waitUntil(lambda: viewer.canvas.item.pixmap().width() == 400)


def test_while_it_is_open_the_windows_letters_do_nothing(qtbot, album) -> None:
    window, pane, chat = album
    viewer = open_viewer(qtbot, pane)
    archive = window.actions_by_name["archive"]
    keys = archive.shortcut().toString()
    QTest.keyClicks(viewer, keys.lower() if len(keys) == 1 else "e")
    assert window.list_pane.select_id(chat)  # still in the inbox: nothing was archived
    assert viewer.isVisible()


def test_save_as_copies_dmdesks_own_file(qtbot, album, tmp_path, monkeypatch) -> None:
    _window, pane, _chat = album
    viewer = open_viewer(qtbot, pane)
    target = tmp_path / "saved" / "front-copy.jpg"
    target.parent.mkdir()
    asked: list[str] = []

    def save_name(parent, title, where, kinds):
        asked.append(Path(where).name)
        return str(target), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    viewer.save_button.click()
    assert asked == ["front.jpg"]
    assert target.read_bytes() == (tmp_path / "front.jpg").read_bytes()


def test_copy_image_puts_a_png_on_the_clipboard(qtbot, album) -> None:
    _window, pane, _chat = album
    viewer = open_viewer(qtbot, pane)
    QTest.keyClick(viewer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().mimeData()
    image = QImage.fromData(bytes(copied.data("image/png").data()))
    assert (image.width(), image.height()) == (1600, 1200)
    # The offscreen platform's clipboard crashes at exit while it holds data of its
    # own kind (an X11 one does not): let go of it.
    QGuiApplication.clipboard().clear()


def test_open_with_hands_the_system_its_own_copy(qtbot, album, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    _window, pane, _chat = album
    viewer = open_viewer(qtbot, pane)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    viewer.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "front.jpg")]
