"""Thumbnails DMDesk made once, kept on disk in the data folder, so a thread opened
again shows its photos without decoding a 12-megapixel original each time.

The cache is python-diskcache: a size cap with least-recently-used eviction,
safe to use from several threads. Keys and values are plain strings and bytes
(diskcache stores those as they are and unpickles nothing), and a key names the
original by its path, size and modification time, so a file replaced under the
same name is never shown with another's thumbnail.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import diskcache

THUMBNAILS_FOLDER = "thumbnails"
SIZE_LIMIT = 256 * 1024 * 1024
"""What the thumbnails may take on disk before the least recently used go."""
_HEADER = struct.Struct(">II")
"""The original's width and height, before the encoded thumbnail."""


def thumbnail_key(original: Path, width: int, height: int, crop: bool) -> str | None:
    """The cache key of one thumbnail of ``original``; None if it is not there."""
    try:
        stat = original.stat()
    except OSError:
        return None
    shape = f"{width}x{height}{'c' if crop else ''}"
    name = f"{original.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{shape}"
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()


class ThumbnailCache:
    def __init__(self, folder: Path, size_limit: int = SIZE_LIMIT) -> None:
        self._folder = folder
        self._size_limit = size_limit
        self._cache: diskcache.Cache | None = None
        self._lock = threading.Lock()

    def _opened(self) -> diskcache.Cache:
        with self._lock:
            if self._cache is None:
                import diskcache  # on the first thumbnail, not at start-up

                self._cache = diskcache.Cache(
                    str(self._folder),
                    size_limit=self._size_limit,
                    eviction_policy="least-recently-used",
                    # Small and unmapped, as the workspace's own database is.
                    sqlite_cache_size=256,
                    sqlite_mmap_size=0,
                )
            return self._cache

    def get(self, key: str) -> tuple[int, int, bytes] | None:
        """The original's width and height and the encoded thumbnail, if kept."""
        value = self._opened().get(key)
        if not isinstance(value, bytes) or len(value) < _HEADER.size:
            return None
        width, height = _HEADER.unpack_from(value)
        return width, height, value[_HEADER.size :]

    def put(self, key: str, width: int, height: int, encoded: bytes) -> None:
        self._opened().set(key, _HEADER.pack(width, height) + encoded)

    def empty(self) -> None:
        """Delete every thumbnail, with the cache's own database, rather than only
        its rows: their bytes would stay in its free pages and WAL (a person
        forgotten). Made again as photos are shown."""
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None
            shutil.rmtree(self._folder, ignore_errors=True)
            if self._folder.exists():
                raise OSError(f"Could not delete the thumbnails in {self._folder}")

    def close(self) -> None:
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None
