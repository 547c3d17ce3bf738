"""Photos in the thread: drawn in their bubble (a grid for several), decoded on the
pictures lane, placeholders of the right shape, files only the platform has
fetched when they are shown, a failure that says why and tries again on a click,
hostile pictures inert, and thumbnails kept on disk for the next time."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import fetched, ingest
from picture_files import bomb, photo
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from dmdesk.connectors.demo import DEMO_FILES
from dmdesk.domain import Attachment, AttachmentKind, Participant, Platform
from dmdesk.store import accounts as account_store
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread import photos as photos_module
from dmdesk.ui.thread.photos import PhotoState


def written_with(database, attachments: tuple[Attachment, ...], who: str = "Ruth") -> int:
    """A conversation on Telegram whose customer sent ``attachments`` a minute ago."""
    with database.transaction() as session:
        account = next(
            a for a in account_store.list_accounts(session) if a.platform is Platform.TELEGRAM
        )
    at = datetime.now(UTC) - timedelta(minutes=1)
    item = fetched(
        1,
        at,
        conversation=f"c-{who}",
        person=Participant(f"id-{who}", who),
        text="",
        attachments=attachments,
    )
    return ingest(database, account, [item], at).new_conversation_ids[0]


def local(path: Path, kind: AttachmentKind = AttachmentKind.IMAGE, **more) -> Attachment:
    return Attachment(kind, path.name, "image/jpeg", local_path=str(path), **more)


def open_thread(window, conversation_id: int):
    window.conversations.reload()
    assert window.list_pane.select_id(conversation_id)
    pane = window.thread_pane
    pane.view.doItemsLayout()
    return pane


def option_for(pane, row: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    pane.view.initViewItemOption(option)
    option.rect = pane.view.visualRect(pane.model.index(row))
    return option


def cells(pane, row: int):
    index = pane.model.index(row)
    bubble = pane.bubbles._geometry(option_for(pane, row), index)[0]
    return pane.bubbles.picture_cells(index.data(Roles.MESSAGE), bubble)


def states(pane, row: int) -> list[PhotoState]:
    message = pane.model.index(row).data(Roles.MESSAGE)
    return [
        pane.bubbles.photos.photo(
            message.id, c.attachment, c.rect.size().toSize(), crop=c.crop, ratio=1.0
        ).state
        for c in cells(pane, row)
    ]


def click(pane, point) -> None:
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())


def test_photos_are_drawn_in_their_bubble_decoded_off_the_gui_thread(
    qtbot, window, database, tmp_path, monkeypatch
) -> None:
    threads: list[str] = []
    real = photos_module.read_picture

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(photos_module, "read_picture", watched)
    one = photo(tmp_path / "parcel.jpg", 1600, 1200)
    chat = written_with(database, (local(one),))
    pane = open_thread(window, chat)
    (cell,) = cells(pane, 0)
    assert (cell.rect.width(), cell.rect.height()) == (280, 210)  # its shape, in the box
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.SHOWN])
    assert threads and all(name.startswith("dmdesk-pictures") for name in threads)
    message = pane.model.index(0).data(Roles.MESSAGE)
    shown = pane.bubbles.photos.photo(
        message.id, cell.attachment, QSize(280, 210), crop=False, ratio=1.0
    )
    assert shown.pixmap is not None and shown.pixmap.size() == QSize(280, 210)
    image = shown.pixmap.toImage()
    assert image.pixelColor(0, 0).alpha() == 0  # its corners are round
    assert image.pixelColor(140, 105) == QColor("#3a7bd5")


def test_several_photos_make_a_grid_and_past_four_the_last_says_how_many_more(
    qtbot, window, database, tmp_path
) -> None:
    files = tuple(local(photo(tmp_path / f"p{n}.jpg", 800, 600 + n * 100)) for n in range(6))
    pane = open_thread(window, written_with(database, files))
    grid = cells(pane, 0)
    assert len(grid) == 4 and all(c.crop for c in grid)
    assert {(c.rect.width(), c.rect.height()) for c in grid} == {(138, 138)}
    assert [c.more for c in grid] == [0, 0, 0, 2]
    three = open_thread(window, written_with(database, files[:3], who="Tess"))
    widths = [c.rect.width() for c in cells(three, 0)]
    assert widths == [138, 138, 280]  # the third alone on its row, as wide as two
    qtbot.waitUntil(lambda: states(three, 0) == [PhotoState.SHOWN] * 3)


def test_a_placeholder_has_the_photos_shape_so_the_thread_does_not_jump(
    qtbot, window, database, tmp_path
) -> None:
    tall = photo(tmp_path / "tall.jpg", 900, 1600)
    told = local(tall, width=900, height=1600)  # as Telegram or Matrix say it
    pane = open_thread(window, written_with(database, (told,)))
    before = pane.view.visualRect(pane.model.index(0)).height()
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.SHOWN])
    pane.view.doItemsLayout()
    assert pane.view.visualRect(pane.model.index(0)).height() == before


def test_a_photo_nobody_measured_is_measured_once_and_remembered(
    qtbot, window, database, db_path, tmp_path
) -> None:
    wide = photo(tmp_path / "wide.jpg", 2000, 500)
    pane = open_thread(window, written_with(database, (local(wide),)))
    assert cells(pane, 0)[0].rect.height() == 210  # guessed: a camera's 4:3
    with qtbot.waitSignal(pane.bubbles.photos.resized, timeout=5000):
        pass
    assert (cells(pane, 0)[0].rect.width(), cells(pane, 0)[0].rect.height()) == (280, 70)

    def stored() -> tuple:
        with sqlite3.connect(db_path) as connection:
            return connection.execute(
                "SELECT width, height FROM attachments WHERE local_path = ?", (str(wide),)
            ).fetchone()

    qtbot.waitUntil(lambda: stored() == (2000, 500))


@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")
def test_hostile_pictures_in_a_thread_are_inert_and_say_why(
    qtbot, window, database, tmp_path
) -> None:
    svg = tmp_path / "drawing.jpg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"></svg>')
    junk = tmp_path / "parcel.jpg"
    junk.write_bytes(b"MZ\x90\x00 a program")
    files = (local(bomb(tmp_path / "huge.png")), local(svg), local(junk))
    pane = open_thread(window, written_with(database, files))
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.NOT_SHOWN] * 3)
    message = pane.model.index(0).data(Roles.MESSAGE)
    words = [
        pane.bubbles.photos.photo(message.id, a, QSize(138, 138), crop=True, ratio=1.0).words
        for a in files
    ]
    assert "too large to show safely" in words[0]
    assert "SVG pictures from customers are not shown" in words[1]
    assert words[2] == "The picture is damaged."


def test_thumbnails_are_kept_on_disk_and_used_the_next_time(
    qtbot, open_window, database, data_dir, tmp_path, monkeypatch
) -> None:
    chat = written_with(database, (local(photo(tmp_path / "kept.jpg", 1600, 1200)),))
    first = open_window()
    pane = open_thread(first, chat)
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.SHOWN])
    assert list((data_dir / "thumbnails").glob("*.db"))
    first.close()
    from PySide6.QtGui import QPixmapCache

    QPixmapCache.clear()  # a new start: nothing in memory
    decoded: list[Path] = []
    real = photos_module.read_picture
    monkeypatch.setattr(
        photos_module,
        "read_picture",
        lambda path, *a, **k: decoded.append(path) or real(path, *a, **k),
    )
    again = open_thread(open_window(), chat)
    qtbot.waitUntil(lambda: states(again, 0) == [PhotoState.SHOWN])
    assert decoded == []  # from the disk cache, not decoded again


def test_the_memory_cache_is_bounded(window) -> None:
    from PySide6.QtGui import QPixmapCache

    assert QPixmapCache.cacheLimit() == photos_module.MEMORY_KIB


# --- files only the platform has: the demo's connector, through the real downloads ---


def demo_message_with(db_path: Path, name: str) -> tuple[int, int]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(
            "SELECT m.conversation_id, m.id FROM attachments a JOIN messages m "
            "ON m.id = a.message_id WHERE a.name = ?",
            (name,),
        ).fetchone()


def test_demo_photos_are_fetched_when_shown_and_open_in_the_viewer(
    qtbot, demo_db, open_workspace
) -> None:
    workspace = open_workspace(demo=True)
    window = workspace.window
    qtbot.waitUntil(lambda: workspace.services.sync.connector(1) is not None, timeout=10_000)
    conversation_id, message_id = demo_message_with(demo_db, "wearing-it.jpg")
    pane = open_thread(window, conversation_id)
    row = pane.model.row_of(message_id)
    pane.view.scrollTo(pane.model.index(row))
    qtbot.waitUntil(lambda: states(pane, row) == [PhotoState.SHOWN] * 2, timeout=10_000)
    click(pane, cells(pane, row)[1].rect.center())
    viewer = pane.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.title.text() == "wearing-it-back.jpg"
    total = len(pane.model.pictures())
    urls = [a.url for _m, a in pane.model.pictures()]
    at = urls.index(cells(pane, row)[1].attachment.url)
    assert viewer.position.text() == f"{at + 1} of {total}"
    qtbot.waitUntil(lambda: viewer.canvas.isVisible() and viewer.save_button.isEnabled())


def test_a_photo_that_cannot_be_fetched_says_why_and_tries_again_on_a_click(
    qtbot, demo_db, database, open_workspace
) -> None:
    with database.transaction() as session:
        account = next(
            a for a in account_store.list_accounts(session) if a.platform is Platform.TELEGRAM
        )
    gone = Attachment(AttachmentKind.IMAGE, "missing.jpg", url=f"{DEMO_FILES}missing.jpg")
    at = datetime.now(UTC) - timedelta(minutes=1)
    chat = ingest(
        database, account, [fetched(1, at, conversation="c-gone", text="", attachments=(gone,))], at
    ).new_conversation_ids[0]
    workspace = open_workspace(demo=True)
    qtbot.waitUntil(
        lambda: workspace.services.sync.connector(account.id) is not None, timeout=10_000
    )
    pane = open_thread(workspace.window, chat)
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.FAILED], timeout=10_000)
    message = pane.model.index(0).data(Roles.MESSAGE)
    failed = pane.bubbles.photos.photo(message.id, gone, QSize(280, 210), crop=False, ratio=1.0)
    assert "invented for the demo" in failed.words and "click to retry" in failed.words
    with qtbot.waitSignal(pane.bubbles.photos.changed, timeout=5000):
        click(pane, cells(pane, 0)[0].rect.center())  # tries again, and says so again
    qtbot.waitUntil(lambda: states(pane, 0) == [PhotoState.FAILED], timeout=10_000)
    assert pane.viewer is not None and not pane.viewer.isVisible()


def test_a_video_shows_its_poster_and_a_click_fetches_the_video(
    qtbot, demo_db, open_workspace
) -> None:
    workspace = open_workspace(demo=True)
    qtbot.waitUntil(lambda: workspace.services.sync.connector(1) is not None, timeout=10_000)
    conversation_id, message_id = demo_message_with(demo_db, "unboxing.mp4")
    pane = open_thread(workspace.window, conversation_id)
    row = pane.model.row_of(message_id)
    qtbot.waitUntil(lambda: states(pane, row) == [PhotoState.SHOWN], timeout=10_000)
    (cell,) = cells(pane, row)
    assert (cell.rect.width(), cell.rect.height()) == (280, 157)  # the poster's 16:9
    with qtbot.waitSignal(pane.download_requested) as asked:
        click(pane, cell.rect.center())
    assert asked.args[1].name == "unboxing.mp4"


def test_a_video_without_a_poster_is_a_chip_with_its_length_and_size(window) -> None:
    from dmdesk.ui.thread.bubble_delegate import BubbleDelegate

    video = Attachment(
        AttachmentKind.VIDEO,
        "unboxing.mp4",
        "video/mp4",
        url="tg-file:v",
        size=2_400_000,
        duration_ms=74_000,
    )
    assert not video.shows_inline
    assert BubbleDelegate._chip_text(video) == "🎬  unboxing.mp4  ·  1:14  ·  2.3 MB"
