"""Where a download is read from: a folder, or the ``.zip`` as the platform gave it.

A zip is read member by member through ``zipfile`` (nothing is unpacked to
disk), and a single file stands for the folder it is in, so a chat export's
attachments next to it are found. Every byte read is counted, which is how an
import reports its progress.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from dmdesk.importers.bounds import CUT_NOTE, TEXT_BYTES, JsonGuard
from dmdesk.importers.errors import ImportFormatError

BOMB_RATIO = 400
"""A zip member that unpacks to this many times its packed size (and is big) is a
zip bomb: deflate rarely packs real data 50 to 1, and its limit is about 1,030."""
BOMB_MIN_BYTES = 64 << 20
"""Small members may pack as tightly as they like (a file of spaces)."""


X_DM_FILE = re.compile(r"direct-messages?(?:-group)?(?:-part\d+)?\.js")
X_MEDIA_FOLDERS = ("direct_messages_media", "direct_messages_group_media")


class TooBig(ImportFormatError):
    """A file of the download is bigger than DMDesk takes (the text says which)."""


class DownloadSource:
    """The files of one download, by their path inside it ("messages/inbox/a/message_1.json")."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bytes_read = 0
        self.chosen_file: str | None = None
        """Set when the user picked one file: formats look at it first."""
        self._zip: zipfile.ZipFile | None = None
        self._sizes: dict[str, int] = {}
        if not path.exists():
            raise ImportFormatError(f"{path}: there is no such file or folder")
        if path.is_dir():
            self._root = path
            self._read_folder()
        elif zipfile.is_zipfile(path):
            self._root = path
            self._read_zip()
        elif path.is_file() and _in_meta_thread_folder(path):
            self._read_meta_thread(path)
        elif path.is_file():
            self._root = path.parent
            self.chosen_file = path.name
            self._sizes = {path.name: path.stat().st_size}
            self._read_siblings()
        else:
            raise ImportFormatError(f"{path}: this is neither a file, a folder nor a .zip")

    def _read_folder(self) -> None:
        for file in self._root.rglob("*"):
            if file.is_file():
                self._sizes[file.relative_to(self._root).as_posix()] = file.stat().st_size

    def _read_siblings(self) -> None:
        """Attachments of a chat export lie next to it, in the folder unzipping it
        made (named after the file, or iOS's ``_chat.txt``); nothing deeper is looked
        at. A file picked from a folder of the user's own (Downloads) brings in
        nothing else from there: a customer who typed ``<attached: taxes.pdf>``
        would otherwise pull in the user's own taxes.pdf."""
        assert self.chosen_file is not None
        chosen = PurePosixPath(self.chosen_file)
        if X_DM_FILE.fullmatch(chosen.name):
            self._read_x_companions()
            return
        if not (self._root.name == chosen.stem or chosen.name == "_chat.txt"):
            return
        for file in self._root.iterdir():
            if file.is_file():
                self._sizes.setdefault(file.name, file.stat().st_size)

    def _read_x_companions(self) -> None:
        """An X archive's messages file picked on its own: the owner's account.js
        and the DMs' media folders beside it, by the names X gives them."""
        account = self._root / "account.js"
        if account.is_file():
            self._sizes[account.name] = account.stat().st_size
        for folder in X_MEDIA_FOLDERS:
            for file in (self._root / folder).glob("*"):
                if file.is_file():
                    self._sizes[f"{folder}/{file.name}"] = file.stat().st_size

    def _read_meta_thread(self, path: Path) -> None:
        """A ``message_1.json`` picked in its ``messages/<section>/<thread>/`` folder:
        that thread, with its other message files and its photos, named from the
        folder above ``messages/`` as in the whole download."""
        thread = path.parent
        self._root = thread.parent.parent.parent
        self.chosen_file = path.relative_to(self._root).as_posix()
        for file in thread.rglob("*"):
            if file.is_file():
                self._sizes[file.relative_to(self._root).as_posix()] = file.stat().st_size

    def _read_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
            for info in self._zip.infolist():
                if not info.is_dir():
                    self._sizes[info.filename] = info.file_size
        except (zipfile.BadZipFile, OSError) as error:
            raise ImportFormatError(f"{self.path}: the .zip cannot be read ({error})") from None

    @property
    def name(self) -> str:
        return self.path.name

    def names(self) -> list[str]:
        return sorted(self._sizes)

    def exists(self, name: str) -> bool:
        return name in self._sizes

    def size(self, name: str) -> int:
        return self._sizes[name]

    def matching(self, pattern: str) -> list[str]:
        """Paths matching a glob such as ``**/messages/inbox/*/message_*.json``."""
        return [name for name in self.names() if PurePosixPath(name).match(pattern)]

    def open(self, name: str) -> io.BufferedReader:
        """The file's bytes as a stream, counted as they are read. A zip member that
        claims an unlikely compression ratio, or unpacks to more than it declares,
        is refused."""
        self._check_packing(name)
        try:
            raw: IO[bytes] = (
                self._zip.open(name) if self._zip is not None else (self._root / name).open("rb")
            )
        except (KeyError, OSError, zipfile.BadZipFile) as error:
            raise ImportFormatError(f"{self.described(name)}: cannot be read ({error})") from None
        return io.BufferedReader(
            _Counting(raw, self, name, self._sizes.get(name, 0)), buffer_size=1 << 16
        )

    def _check_packing(self, name: str) -> None:
        if self._zip is None:
            return
        try:
            info = self._zip.getinfo(name)
        except KeyError:
            return  # open() says it cannot be read
        if info.file_size >= BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(
            info.compress_size, 1
        ):
            raise TooBig(
                f"{self.described(name)}: unpacks to {info.file_size:,} bytes from "
                f"{info.compress_size:,}, which no real download does; it was not read"
            )

    def open_json(self, name: str) -> io.BufferedReader:
        """A JSON file's bytes, refused once a value or its nesting passes what a
        real download holds (``bounds``)."""
        return io.BufferedReader(JsonGuard(self.open(name), self.described(name)), 1 << 16)

    def open_text(self, name: str) -> io.TextIOWrapper:
        """Text, with a leading byte order mark dropped."""
        return io.TextIOWrapper(self.open(name), encoding="utf-8-sig", errors="replace", newline="")

    def copy_into(self, name: str, out: IO[bytes], limit: int) -> tuple[str, int]:
        """Copy one file out (a photo into the data folder), at most ``limit`` bytes
        (TooBig past them); returns its SHA-256 (hex) and size."""
        if self._sizes.get(name, 0) > limit:
            raise TooBig(self._too_big(name, self._sizes[name], limit))
        digest = hashlib.sha256()
        size = 0
        with self.open(name) as source:
            while chunk := source.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise TooBig(self._too_big(name, size, limit))
                digest.update(chunk)
                out.write(chunk)
        return digest.hexdigest(), size

    def _too_big(self, name: str, size: int, limit: int) -> str:
        return (
            f"{self.described(name)} is {size / 1e6:,.0f} MB or more, over the "
            f"{limit / 1e6:,.0f} MB set in Preferences"
        )

    def text_lines(self, name: str) -> Iterator[str]:
        """A text file's lines, each at most ``TEXT_BYTES`` characters: the rest of a
        longer line is read past, never held (a 2 GB line costs 1 MB)."""
        with self.open_text(name) as text:
            while line := text.readline(TEXT_BYTES):
                if len(line) == TEXT_BYTES and not line.endswith("\n"):
                    while (rest := text.readline(TEXT_BYTES)) and not rest.endswith("\n"):
                        pass
                    yield line + "\n"
                    line = CUT_NOTE.lstrip("\n") + "\n"  # the next line says it was cut
                yield line

    def described(self, name: str) -> str:
        """How to name a file in a message: inside the zip, or its path on disk."""
        return f"{self.path.name}: {name}" if self._zip is not None else str(self._root / name)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> DownloadSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _in_meta_thread_folder(path: Path) -> bool:
    """Whether ``path`` is a Meta message file where the download put it:
    ``…/messages/<section>/<thread>/message_N.json``."""
    return (
        re.fullmatch(r"message_\d+\.json", path.name) is not None
        and len(path.parents) >= 4
        and path.parents[2].name == "messages"
    )


class _Counting(io.RawIOBase):
    """Passes reads through and adds their length to the source's count."""

    def __init__(self, raw: IO[bytes], source: DownloadSource, name: str, declared: int) -> None:
        self._raw = raw
        self._source = source
        self._name = name
        self._declared = declared
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as error:
            # A damaged or truncated zip member, or a disk error, part way through.
            raise ImportFormatError(
                f"{self._source.described(self._name)}: is damaged and cannot be read "
                f"to the end ({error}); download it again"
            ) from None
        count = len(data)
        self._read += count
        if self._read > self._declared:  # a file grew under us, or a zip lies
            raise ImportFormatError(
                f"{self._source.described(self._name)}: holds more than the "
                f"{self._declared:,} bytes it declares; download it again"
            )
        buffer[:count] = data
        self._source.bytes_read += count
        return count

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        buffer = bytearray(size)
        count = self.readinto(buffer)
        return bytes(buffer[:count])

    def close(self) -> None:
        self._raw.close()
        super().close()
