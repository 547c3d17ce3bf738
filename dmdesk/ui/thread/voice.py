"""Voice notes and audio files, played in their bubble: one player for the whole
window, so starting one pauses any other; play and pause, a position one can drag,
and 1x, 1.5x, 2x. QtMultimedia is imported when the first note plays, not at
start-up (the first paint stays light).

It plays only DMDesk's own copy of a file; what QtMultimedia cannot play here
(an unknown codec) says so, and the bubble offers to open it with the system's
player, with the same safety as any file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

SPEEDS = (1.0, 1.5, 2.0)
SOUND_CONTAINERS = frozenset(
    {"ogg", "m4a", "mp4", "mp3", "wav", "flac", "aac", "amr", "webm", "aiff"}
)
"""What a file's bytes must be for the player to read it: the containers platforms
send voice notes and audio in (an M4A written by an iPhone says "mp4" by its bytes).
Anything else (a program, a page, an archive named .ogg) is never handed to
FFmpeg, whose demuxers would try to read it."""
CANNOT_PLAY = "Can't be played here · click to open it with your player"
NOT_A_SOUND = "Not a sound, whatever its name says · click to open it"


def is_sound(file: Path) -> bool:
    """Whether the file's first bytes are one of the sound containers."""
    import filetype  # on the first note played, not at start-up

    try:
        with file.open("rb") as opened:
            head = opened.read(8192)
    except OSError:
        return False
    found = filetype.guess(head)
    return found is not None and found.extension in SOUND_CONTAINERS


@dataclass(frozen=True)
class Playing:
    """What the bubble of a note draws: where it is, how long, how fast, and why
    not, if it cannot play."""

    playing: bool = False
    position_ms: int = 0
    duration_ms: int = 0
    speed: float = 1.0
    problem: str = ""


class VoicePlayer(QObject):
    changed = Signal(int)
    """A message's note changed state (playing, its position, a problem)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: Any = None
        self._output: Any = None
        self._message_id: int | None = None
        self._file: Path | None = None
        self._speed = 1.0
        self._start_at = 0
        """Where the note being loaded starts playing, once it is read."""
        self._problems: dict[int, str] = {}
        self._positions: dict[int, int] = {}
        """Where each note was left, so playing it again goes on from there."""

    def state(self, message_id: int) -> Playing:
        problem = self._problems.get(message_id, "")
        if message_id != self._message_id or self._player is None:
            return Playing(
                position_ms=self._positions.get(message_id, 0), speed=self._speed, problem=problem
            )
        from PySide6.QtMultimedia import QMediaPlayer

        return Playing(
            playing=self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState,
            position_ms=self._start_at or int(self._player.position()),
            duration_ms=int(self._player.duration()),
            speed=self._speed,
            problem=problem,
        )

    def toggle(self, message_id: int, file: Path) -> None:
        """Play this note (pausing any other), or pause it if it plays."""
        player = self._ensure_player()
        from PySide6.QtMultimedia import QMediaPlayer

        if message_id == self._message_id and file == self._file:
            if player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
                player.pause()
            else:
                player.play()
            return
        if self._message_id is not None:
            self._positions[self._message_id] = int(player.position())
            player.stop()
            self.changed.emit(self._message_id)
        self._message_id, self._file = message_id, file
        self._problems.pop(message_id, None)
        if not is_sound(file):
            self._problems[message_id] = NOT_A_SOUND
            player.setSource(QUrl())
            self.changed.emit(message_id)
            return
        player.setSource(QUrl.fromLocalFile(str(file)))
        player.setPlaybackRate(self._speed)
        # The player takes a position only once the file is read: it goes there then.
        self._start_at = self._positions.get(message_id, 0)
        player.play()

    def seek(self, message_id: int, fraction: float, known_ms: int | None = None) -> None:
        """Go to ``fraction`` of the note; one not playing starts there when played
        (by the length the platform gave, ``known_ms``)."""
        fraction = max(0.0, min(1.0, fraction))
        if message_id == self._message_id and self._player is not None:
            self._player.setPosition(int(fraction * self._player.duration()))
        elif known_ms:
            self._positions[message_id] = int(fraction * known_ms)
            self.changed.emit(message_id)

    def next_speed(self, message_id: int) -> None:
        """1x, 1.5x, 2x and round again; kept for the next note too."""
        self._speed = SPEEDS[(SPEEDS.index(self._speed) + 1) % len(SPEEDS)]
        if self._player is not None:
            self._player.setPlaybackRate(self._speed)
        self.changed.emit(message_id)

    def say(self, message_id: int, words: str) -> None:
        """Why a note cannot play (its file could not be fetched)."""
        self._problems[message_id] = words
        self.changed.emit(message_id)

    def close(self) -> None:
        """Let go of the note before the window goes. QtMultimedia's decoding and
        audio threads are stopped here, inside a call that lets other threads take
        Python's lock; left to the window's deletion, the player would wait for
        those threads while they wait for that lock (a hang, seen in the tests)."""
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())

    def _ensure_player(self) -> Any:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(self._tell)
            self._player.playbackStateChanged.connect(self._tell)
            self._player.durationChanged.connect(self._tell)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.errorOccurred.connect(self._on_error)
        return self._player

    def _tell(self, *_: object) -> None:
        if self._message_id is not None:
            self.changed.emit(self._message_id)

    def _on_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._message_id is not None:
            self._positions[self._message_id] = 0
            self._player.setPosition(0)
        loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
        if status in loaded and self._start_at:
            self._player.setPosition(self._start_at)
            self._start_at = 0
        self._tell()

    def _on_error(self, _error: Any, _text: str) -> None:
        if self._message_id is not None:
            self._problems[self._message_id] = CANNOT_PLAY
            self._tell()
