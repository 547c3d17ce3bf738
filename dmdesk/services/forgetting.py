"""Forgetting a person for good (a data request's erasure), down to the bytes:
the rows (store/forgetting.py), DMDesk's own copies of their files, every
thumbnail, the database's free pages and WAL, and, if the owner asks, the
backups that still hold them.

Only files inside the data folder's media, downloads and outgoing folders are
ever deleted: a path a platform or a download named is never followed out of
it. A file another message still uses stays.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dmdesk.domain import ForgetPreview, Forgotten
from dmdesk.services.downloads import DOWNLOADS_FOLDER
from dmdesk.services.import_media import MEDIA_FOLDER
from dmdesk.services.outgoing_files import OUTGOING_FOLDER
from dmdesk.services.thumbnail_cache import ThumbnailCache
from dmdesk.store import backups
from dmdesk.store import forgetting as forgetting_store
from dmdesk.store.database import Database

log = logging.getLogger(__name__)

_FILE_FOLDERS = (MEDIA_FOLDER, DOWNLOADS_FOLDER, OUTGOING_FOLDER)


class PersonForgetting:
    def __init__(self, database: Database, data_folder: Path, thumbnails: ThumbnailCache) -> None:
        self._database = database
        self._data_folder = data_folder.resolve()
        self._thumbnails = thumbnails

    def preview(self, contact_id: int) -> ForgetPreview | None:
        with self._database.transaction() as session:
            return forgetting_store.preview(session, contact_id)

    def backups(self) -> int:
        """How many copies of the workspace hold its past (they age out as new ones
        are made: one a day, the newest few kept)."""
        return len(backups.backups_of(self._database.path))

    def forget(self, contact_id: int, *, replace_backups: bool = False) -> Forgotten | None:
        """Delete everything of the person; None if they are gone already. Runs on
        the writer lane: the vacuum takes as long as copying the database."""
        with self._database.transaction() as session:
            forgotten = forgetting_store.forget(session, contact_id)
        if forgotten is None:
            return None
        deleted, left = self._delete_files(forgotten.files)
        if forgotten.files:
            try:
                self._thumbnails.empty()
            except OSError as error:
                log.warning("thumbnails left after forgetting a person: %s", error)
        wal_emptied = self._database.scrub()
        if replace_backups and self.backups():
            backups.replace_all(self._database.path, "after-forgetting")
        return Forgotten(
            forgotten.name,
            forgotten.conversation_ids,
            forgotten.messages,
            deleted,
            left,
            wal_emptied,
            replace_backups,
        )

    def _delete_files(self, paths: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        deleted, left = 0, []
        folders = [self._data_folder / name for name in _FILE_FOLDERS]
        for raw in paths:
            path = Path(raw)
            try:
                resolved = path.resolve()
            except OSError:
                continue
            if not any(resolved.is_relative_to(folder) for folder in folders):
                continue  # not DMDesk's own copy: never touched
            try:
                resolved.unlink(missing_ok=True)
                deleted += 1
            except OSError as error:
                log.warning("could not delete a forgotten person's file: %s", error)
                left.append(str(resolved))
        return deleted, tuple(left)
