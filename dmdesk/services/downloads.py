"""Files a message came with, downloaded when the user opens them (Matrix keeps
them behind the account's sign-in), into DMDesk's data folder.

A download goes to a temporary file beside its target (created 0600, so only
the owner reads it and it is never executable) and is renamed into place only
when complete, so a cut network or a full disk never leaves half a file that
looks whole.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from dmdesk.connectors.base import Connector, ConnectorError
from dmdesk.domain import Attachment
from dmdesk.services.file_safety import NAME_BYTES, PRIVATE_FOLDER, safe_file_name
from dmdesk.services.sync import SyncEngine
from dmdesk.services.workers import Workers
from dmdesk.store import attachments as attachment_store
from dmdesk.store.database import Database

DOWNLOADS_FOLDER = "downloads"
MAX_DOWNLOAD_BYTES = 1 << 30
"""A file bigger than this is surely not a customer's photo: stop, and say so."""


class DownloadError(Exception):
    """The file could not be fetched; the message says why, for the user."""


class DownloadService:
    def __init__(
        self, database: Database, workers: Workers, sync: SyncEngine, data_folder: Path
    ) -> None:
        self._database = database
        self._workers = workers
        self._sync = sync
        self._folder = data_folder / DOWNLOADS_FOLDER

    def fetch(self, message_id: int, attachment: Attachment) -> Attachment:
        """Download a message's file (network pool) and return it with its local path."""
        if attachment.local_path and Path(attachment.local_path).is_file():
            return attachment
        account_id, connector = self._connector_of(message_id)
        prefix = f"{message_id}-"
        name = safe_file_name(attachment.name, NAME_BYTES - len(prefix))
        target = self._folder / str(account_id) / f"{prefix}{name}"
        self._download(connector, attachment, target)

        def remember() -> None:
            with self._database.transaction() as session:
                attachment_store.set_local_path(session, message_id, attachment.url, str(target))

        self._workers.write(remember).result()
        return replace(attachment, local_path=str(target))

    def fetch_poster(self, message_id: int, attachment: Attachment) -> Path:
        """A video's poster frame (network pool), kept beside the downloads under a
        name of its address, so it is fetched once."""
        account_id, connector = self._connector_of(message_id)
        digest = hashlib.sha256(attachment.poster_url.encode()).hexdigest()[:16]
        target = self._folder / str(account_id) / f"{message_id}-poster-{digest}"
        if not target.is_file():
            self._download(connector, replace(attachment, url=attachment.poster_url), target)
        return target

    def remember_size(
        self, message_id: int, attachment: Attachment, width: int, height: int
    ) -> None:
        """A picture's size, learnt when it was first decoded (writer lane)."""
        with self._database.transaction() as session:
            attachment_store.set_dimensions(session, message_id, attachment, width, height)

    def _connector_of(self, message_id: int) -> tuple[int, Connector]:
        with self._database.transaction() as session:
            account_id = attachment_store.account_of_message(session, message_id)
        connector = self._sync.connector(account_id) if account_id is not None else None
        if account_id is None or connector is None:
            raise DownloadError(
                "This file can only be downloaded while its account is connected. "
                "Check File → Accounts."
            )
        return account_id, connector

    def _download(self, connector: Connector, attachment: Attachment, target: Path) -> None:
        for folder in (self._folder, target.parent):
            folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out, closing(connector.download(attachment)) as chunks:
                written = 0
                for chunk in chunks:
                    written += len(chunk)
                    if written > MAX_DOWNLOAD_BYTES:
                        raise DownloadError("The file is over 1 GB; open it in the platform's app.")
                    out.write(chunk)
            os.replace(partial, target)
        except ConnectorError as error:
            raise DownloadError(f"The file could not be downloaded: {error}") from None
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise DownloadError("The disk is full. Free some space and try again.") from None
            raise DownloadError(f"The file could not be saved: {error.strerror}") from None
        finally:
            Path(partial).unlink(missing_ok=True)
