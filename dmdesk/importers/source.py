"""Where a download is read from: a folder, or the ``.zip`` as the platform gave it.

A zip is read member by member through ``zipfile`` (nothing is unpacked to
disk), and a single file stands for the folder it is in, so a chat export's
attachments next to it are found. Every byte read is counted, which is how an
import reports its progress.
"""

from __future__ import annotations

import io
import shutil
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from dmdesk.importers.model import ImportFormatError


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
        # Attachments of a chat export lie next to it; nothing deeper is looked at.
        for file in self._root.iterdir():
            if file.is_file():
                self._sizes.setdefault(file.name, file.stat().st_size)

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
        """The file's bytes as a stream, counted as they are read."""
        try:
            raw: IO[bytes] = (
                self._zip.open(name) if self._zip is not None else (self._root / name).open("rb")
            )
        except (KeyError, OSError, zipfile.BadZipFile) as error:
            raise ImportFormatError(f"{self.described(name)}: cannot be read ({error})") from None
        return io.BufferedReader(_Counting(raw, self, name), buffer_size=1 << 16)

    def open_text(self, name: str) -> io.TextIOWrapper:
        """Text, with a leading byte order mark dropped."""
        return io.TextIOWrapper(self.open(name), encoding="utf-8-sig", errors="replace", newline="")

    def copy_to(self, name: str, target: Path) -> int:
        """Copy one file out (a photo into the data folder); returns its size."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with self.open(name) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, length=1 << 20)
        return target.stat().st_size

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


class _Counting(io.RawIOBase):
    """Passes reads through and adds their length to the source's count."""

    def __init__(self, raw: IO[bytes], source: DownloadSource, name: str) -> None:
        self._raw = raw
        self._source = source
        self._name = name

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
