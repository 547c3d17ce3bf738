"""The photos and files of an imported download, kept in DMDesk's data folder.

Each is stored under its content's SHA-256 (``media/<platform>/<ab>/<hash>-<name>``),
so two downloads that both have ``files/invoice.pdf`` never share a file unless
they are the same bytes, and an import that fails removes only the files it
added. Files are written 0600 through a temporary file, never executable, and
bounded: one over the size limit is left out (named in the summary) and the
rest of the import goes on.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from dmdesk.domain import Attachment
from dmdesk.importers.model import ImportedMedia
from dmdesk.importers.source import DownloadSource, TooBig
from dmdesk.services.file_safety import NAME_BYTES, PRIVATE_FOLDER, safe_file_name

MEDIA_FOLDER = "media"
MEDIA_LIMIT_BYTES = 500 * 1000 * 1000
"""The largest photo or file taken from a download unless Preferences say otherwise."""
_HASH_CHARS = 32


class MediaKeeper:
    """Copies one import's files out of its download."""

    def __init__(self, data_dir: Path, platform: str, source: DownloadSource, limit: int) -> None:
        self._folder = data_dir.resolve() / MEDIA_FOLDER / platform
        self._source = source
        self._limit = limit
        self.added: list[Path] = []
        """Files this import created, to remove if it fails."""
        self.too_big: list[str] = []
        """What was left out for its size, in words."""

    def keep(self, item: ImportedMedia) -> Attachment:
        """The attachment for one file of the download: DMDesk's copy of it, or only
        its name where it was not included or is too big."""
        if not item.path:
            return Attachment(item.kind, item.name, url=item.url)
        self._folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=self._folder, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                digest, size = self._source.copy_into(item.path, out, self._limit)
            target = self._target(digest, item.path)
            if not target.exists():
                target.parent.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
                os.replace(partial, target)
                self.added.append(target)
        except TooBig as error:
            self.too_big.append(str(error))
            return Attachment(item.kind, item.name)
        finally:
            Path(partial).unlink(missing_ok=True)
        return Attachment(item.kind, item.name, local_path=str(target), size=size)

    def _target(self, digest: str, path: str) -> Path:
        name = safe_file_name(PurePosixPath(path.replace("\\", "/")).name, NAME_BYTES - 40)
        return self._folder / digest[:2] / f"{digest[:_HASH_CHARS]}-{name}"

    def remove_added(self) -> None:
        for path in self.added:
            path.unlink(missing_ok=True)
