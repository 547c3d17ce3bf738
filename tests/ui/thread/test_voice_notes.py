"""Voice notes play in their bubble: play and pause, a bar one drags, 1x/1.5x/2x,
one at a time, Space on a selected note; OGG/Opus (Telegram, WhatsApp) and
M4A/AAC (iPhones) with QtMultimedia, from DMDesk's own copy only. A file that
cannot be played here says so and opens, with its risk said, like any file."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import fetched, ingest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from test_photos_in_thread import open_thread, option_for, written_with

from dmdesk.domain import Attachment, AttachmentKind, Platform
from dmdesk.store import accounts as account_store
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread import bubble_delegate
from dmdesk.ui.thread.bubble_delegate import BubbleDelegate
from dmdesk.ui.thread.voice import CANNOT_PLAY, NOT_A_SOUND

MEDIA = Path(__file__).resolve().parents[2] / "media"
NOTE_MS = 1500
"""How long tests/media's notes are (scripts/make_test_audio.py)."""
QT_CANNOT_READ = "^Could not open media"
"""What QtMultimedia logs for a file FFmpeg cannot read, besides telling the player."""


def note(folder: Path, name: str = "voice-note.ogg", mime: str = "audio/ogg") -> Attachment:
    """One of the committed notes, as DMDesk's own copy in the data folder."""
    copy = folder / name
    shutil.copyfile(MEDIA / Path(name).with_stem("voice-note").name, copy)
    return Attachment(
        AttachmentKind.AUDIO, name, mime, local_path=str(copy), size=copy.stat().st_size
    )


def voice_row(pane, row: int = 0):
    """The note's row in its bubble: the rectangle with its play button, bar and speed."""
    index = pane.model.index(row)
    pane.view.scrollTo(index)
    option = option_for(pane, row)
    bubbles = pane.bubbles
    bubble, text_rect, document, _top = bubbles._geometry(option, index)
    message = index.data(Roles.MESSAGE)
    (found,) = [
        rect
        for rect, a in bubbles._chips(message, bubble, text_rect, document)
        if bubbles.is_voice(a)
    ]
    return BubbleDelegate.voice_parts(found)


def press(pane, point: QPointF) -> None:
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())


def message_id(pane, row: int = 0) -> int:
    return pane.model.index(row).data(Roles.MESSAGE).id


def test_a_voice_note_plays_in_its_bubble_and_pauses(qtbot, window, database, data_dir) -> None:
    chat = written_with(database, (note(data_dir),))
    pane = open_thread(window, chat)
    player = pane.bubbles.voices
    button, _bar, _speed = voice_row(pane)
    mid = message_id(pane)
    assert not player.state(mid).playing
    press(pane, button.center())
    qtbot.waitUntil(lambda: player.state(mid).position_ms > 200, timeout=10_000)
    state = player.state(mid)
    assert state.playing
    assert abs(state.duration_ms - NOTE_MS) < 100
    press(pane, button.center())
    qtbot.waitUntil(lambda: not player.state(mid).playing)
    paused_at = player.state(mid).position_ms
    assert 200 < paused_at < NOTE_MS


def test_an_iphone_m4a_plays_too(qtbot, window, database, data_dir) -> None:
    chat = written_with(database, (note(data_dir, "voice-note.m4a", "audio/mp4"),))
    pane = open_thread(window, chat)
    player = pane.bubbles.voices
    button, _bar, _speed = voice_row(pane)
    press(pane, button.center())
    mid = message_id(pane)
    qtbot.waitUntil(lambda: player.state(mid).position_ms > 200, timeout=10_000)
    assert abs(player.state(mid).duration_ms - NOTE_MS) < 150
    # It played to its end: the note is back at its start, ready to play again.
    qtbot.waitUntil(lambda: not player.state(mid).playing, timeout=10_000)
    assert player.state(mid).position_ms == 0


def two_notes(database, data_dir: Path) -> int:
    """Ruth sent two voice notes a minute apart."""
    with database.transaction() as session:
        account = next(
            a for a in account_store.list_accounts(session) if a.platform is Platform.TELEGRAM
        )
    at = datetime.now(UTC) - timedelta(minutes=2)
    items = [
        fetched(n, at + timedelta(minutes=n), conversation="c-ruth", text="", attachments=(sent,))
        for n, sent in enumerate((note(data_dir, "first.ogg"), note(data_dir, "second.ogg")))
    ]
    return ingest(database, account, items, at + timedelta(minutes=1)).new_conversation_ids[0]


def test_one_note_plays_at_a_time_and_each_is_taken_up_where_it_was_left(
    qtbot, window, database, data_dir
) -> None:
    pane = open_thread(window, two_notes(database, data_dir))
    player = pane.bubbles.voices
    a, b = message_id(pane, 0), message_id(pane, 1)
    press(pane, voice_row(pane, 0)[0].center())
    qtbot.waitUntil(lambda: player.state(a).position_ms > 300, timeout=10_000)
    press(pane, voice_row(pane, 1)[0].center())
    qtbot.waitUntil(lambda: player.state(b).playing, timeout=10_000)
    left_at = player.state(a).position_ms
    assert not player.state(a).playing and left_at > 300
    press(pane, voice_row(pane, 0)[0].center())
    qtbot.waitUntil(lambda: player.state(a).playing, timeout=10_000)
    assert not player.state(b).playing
    assert player.state(a).position_ms >= left_at - 50


def test_the_bar_is_dragged_and_the_speed_goes_round_1x_1_5x_2x(
    qtbot, window, database, data_dir
) -> None:
    pane = open_thread(window, two_notes(database, data_dir))
    player = pane.bubbles.voices
    a, b = message_id(pane, 0), message_id(pane, 1)
    button, bar, speed = voice_row(pane, 0)
    press(pane, button.center())
    qtbot.waitUntil(lambda: player.state(a).playing, timeout=10_000)
    press(pane, speed.center())  # the speed pill plays on, faster
    assert player.state(a).speed == 1.5 and player.state(a).playing
    assert player._player.playbackRate() == 1.5
    press(pane, speed.center())
    assert player.state(a).speed == 2.0
    press(pane, speed.center())
    assert player.state(a).speed == 1.0
    press(pane, speed.center())
    # Dragged from the start of the bar to its middle: the note is there.
    viewport = pane.view.viewport()
    y = int(bar.center().y())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(int(bar.left()) + 2, y))
    QTest.mouseMove(viewport, QPoint(int(bar.center().x()), y))
    qtbot.waitUntil(lambda: abs(player._player.position() - NOTE_MS / 2) < 250, timeout=5000)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(int(bar.center().x()), y))
    assert player.state(a).position_ms >= NOTE_MS / 2 - 250
    # The chosen speed is kept for the next note.
    press(pane, voice_row(pane, 1)[0].center())
    qtbot.waitUntil(lambda: player.state(b).playing, timeout=10_000)
    assert player.state(b).speed == 1.5 and player._player.playbackRate() == 1.5


def test_space_on_a_selected_voice_note_plays_and_pauses_it(
    qtbot, window, database, data_dir
) -> None:
    pane = open_thread(window, written_with(database, (note(data_dir),)))
    player = pane.bubbles.voices
    mid = message_id(pane)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0))
    QTest.keyClick(pane.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state(mid).playing, timeout=10_000)
    QTest.keyClick(pane.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not player.state(mid).playing)
    assert pane.viewer is None or not pane.viewer.isVisible()


def hostile(folder: Path, name: str, data: bytes) -> Attachment:
    path = folder / name
    path.write_bytes(data)
    return Attachment(AttachmentKind.AUDIO, name, "audio/ogg", local_path=str(path), size=len(data))


def test_a_program_named_as_a_voice_note_is_never_played_and_opens_with_its_risk_said(
    qtbot, window, database, data_dir, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        bubble_delegate, "open_file", lambda _parent, path, _name: opened.append(path)
    )
    program = hostile(data_dir, "voice.ogg", b"\x7fELF\x02\x01\x01" + bytes(200))
    pane = open_thread(window, written_with(database, (program,)))
    player = pane.bubbles.voices
    mid = message_id(pane)
    press(pane, voice_row(pane)[0].center())
    assert player.state(mid).problem == NOT_A_SOUND
    assert player._player.source().isEmpty()  # FFmpeg never read it
    press(pane, voice_row(pane)[0].center())  # the bubble said: click to open it
    assert opened == [Path(program.local_path)]  # open_file asks first (tests/ui/kit)


@pytest.mark.qt_log_ignore(QT_CANNOT_READ)
def test_a_note_this_computer_cannot_decode_says_so_and_offers_the_system_player(
    qtbot, window, database, data_dir, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        bubble_delegate, "open_file", lambda _parent, path, _name: opened.append(path)
    )
    # An Ogg page header and then nothing any codec reads.
    broken = hostile(data_dir, "broken.ogg", b"OggS\x00\x02" + bytes(range(256)) * 8)
    pane = open_thread(window, written_with(database, (broken,)))
    player = pane.bubbles.voices
    mid = message_id(pane)
    press(pane, voice_row(pane)[0].center())
    qtbot.waitUntil(lambda: player.state(mid).problem == CANNOT_PLAY, timeout=10_000)
    assert not player.state(mid).playing
    press(pane, voice_row(pane)[0].center())
    assert opened == [Path(broken.local_path)]


def in_the_inbox(window, db_path: Path, name: str) -> tuple[int, int]:
    """A demo conversation in the inbox (not snoozed or archived) with a file ``name``."""
    window.conversations.reload()
    with sqlite3.connect(db_path) as connection:
        found = connection.execute(
            "SELECT m.conversation_id, m.id FROM attachments a JOIN messages m "
            "ON m.id = a.message_id WHERE a.name = ?",
            (name,),
        ).fetchall()
    return next((c, m) for c, m in found if window.conversations.row_of(c) >= 0)


def test_the_demo_voice_note_is_fetched_into_the_data_folder_and_played_from_there(
    qtbot, demo_db, data_dir, open_workspace
) -> None:
    workspace = open_workspace(demo=True)
    qtbot.waitUntil(lambda: workspace.services.sync.connector(1) is not None, timeout=10_000)
    conversation_id, mid = in_the_inbox(workspace.window, demo_db, "voice-message.ogg")
    pane = open_thread(workspace.window, conversation_id)
    row = pane.model.row_of(mid)
    player = pane.bubbles.voices
    assert player.state(mid).duration_ms == 0 and not player.state(mid).problem
    press(pane, voice_row(pane, row)[0].center())  # fetched first, then played
    qtbot.waitUntil(lambda: player.state(mid).position_ms > 200, timeout=10_000)
    source = Path(player._player.source().toLocalFile())
    assert player._player.source().isLocalFile()
    assert source.is_relative_to(data_dir) and source.read_bytes()[:4] == b"OggS"
    assert abs(player.state(mid).duration_ms - 4000) < 100
