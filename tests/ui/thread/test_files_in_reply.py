"""The reply takes files the way people give them: dropped from the file manager
on the thread or the reply box, pasted from the clipboard (a screenshot becomes a
PNG in the data folder), shown as chips with a thumbnail for photos, and checked
against each platform's limits before anything is sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from picture_files import bomb
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from test_reply_window import conversation_written, open_it

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.services.outgoing_files import MB
from dmdesk.ui.thread.composer import AttachmentChip, chip_thumbnail


def photo(path, width=120, height=80, color="#3a7bd5"):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


def drop(widget, paths, composer) -> bool:
    """Drag files over ``widget`` and let go, as a file manager does. The handlers
    are called as Qt's drag manager calls them (a sent event would not reach them
    without a drag in progress)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at, copy = QPoint(20, 20), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    entered = QDragEnterEvent(at, copy, data, buttons, keys)
    widget.dragEnterEvent(entered)
    welcomed = entered.isAccepted() and composer.editor.property("dropping") is True
    dropped = QDropEvent(QPointF(at), copy, data, buttons, keys)
    widget.dropEvent(dropped)
    return welcomed and dropped.isAccepted() and composer.editor.property("dropping") is False


def chips(composer) -> list[AttachmentChip]:
    return [c for c in composer.findChildren(AttachmentChip) if c.isVisible()]


def test_files_dropped_on_the_thread_are_attached_with_a_thumbnail_for_photos(
    qtbot, window, database, tmp_path
) -> None:
    chat = conversation_written(database, Platform.TELEGRAM, timedelta(minutes=5), "Ruth")
    composer = open_it(qtbot, window, chat)
    picture = photo(tmp_path / "broken-parcel.png")
    price_list = tmp_path / "price list.pdf"
    price_list.write_bytes(b"%PDF-1.4 a price list")
    assert drop(window.thread_pane, [picture, price_list], composer)
    assert [a.name for a in composer.attachments()] == ["broken-parcel.png", "price list.pdf"]
    shown = chips(composer)
    assert len(shown) == 2
    # Decoded on the pictures lane: the chip shows the photo once it is ready.
    qtbot.waitUntil(lambda: shown[0].picture.isVisible())
    assert shown[0].picture.pixmap().width() == 28  # the photo's own
    assert not shown[1].picture.isVisible()
    assert drop(composer, [picture], composer)  # the same file twice is one attachment
    assert len(composer.attachments()) == 2
    assert composer.send_button.isEnabled()


def test_a_pasted_screenshot_becomes_a_png_in_the_data_folder(
    qtbot, window, database, data_dir
) -> None:
    chat = conversation_written(database, Platform.TELEGRAM, timedelta(minutes=5), "Hugo")
    composer = open_it(qtbot, window, chat)
    screenshot = QImage(400, 300, QImage.Format.Format_ARGB32)
    screenshot.fill(QColor("#e04f5f"))
    # What Ctrl+V hands the text box (the offscreen platform has no real clipboard).
    pasted = QMimeData()
    pasted.setImageData(screenshot)
    composer.editor.insertFromMimeData(pasted)
    [attached] = composer.attachments()
    assert attached.kind is AttachmentKind.IMAGE and attached.name.startswith("Pasted image ")
    kept = QImage(attached.local_path)
    assert kept.size().width() == 400 and kept.pixel(10, 10) == QColor("#e04f5f").rgba()
    assert str(data_dir / "outgoing") in attached.local_path
    assert composer.editor.toPlainText() == ""
    address = QMimeData()
    address.setText("https://example.com/order/42")
    address.setUrls([QUrl("https://example.com/order/42")])
    composer.editor.insertFromMimeData(address)  # a web address stays text
    assert composer.editor.toPlainText() == "https://example.com/order/42"
    assert len(composer.attachments()) == 1


def test_a_file_pasted_into_a_note_is_not_attached_to_the_reply(qtbot, window, tmp_path) -> None:
    notes = window.contact_pane.note_editor
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo(tmp_path / "a.png")))])
    data.setText("a.png")
    notes.insertFromMimeData(data)
    assert notes.toPlainText() == "a.png"
    assert window.thread_pane.composer.attachments() == ()


# The file only says it is a JPEG: Qt's decoder says so too, and the chip shows
# the photo symbol instead of a thumbnail.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")
def test_a_photo_too_large_for_the_platform_is_said_before_sending(
    qtbot, window, database, tmp_path
) -> None:
    chat = conversation_written(database, Platform.TELEGRAM, timedelta(minutes=5), "Tara")
    composer = open_it(qtbot, window, chat)
    big = tmp_path / "huge.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\0" * (11 * MB))  # a photo of 11 MB
    composer.attach([big])
    composer.editor.setPlainText("Here it is")
    assert "Telegram takes photos up to 10 MB" in composer.problem.text()
    sent: list = []
    composer.send_requested.connect(lambda *args: sent.append(args))
    composer.request_send()
    assert sent == [] and composer.problem.isVisible()


def test_a_picture_of_50000_by_50000_pixels_gets_no_thumbnail_and_no_hang(tmp_path, qapp) -> None:
    # Only the header: a decoder asked to read it all would want 10 GB.
    assert chip_thumbnail(bomb(tmp_path / "bomb.png")) is None
