"""Downloading a message's file: a cut network leaves no half file behind, and a
disconnected account says where to look."""

from collections.abc import Generator
from pathlib import Path

import pytest
from factories import NOW, add_account, fetched, ingest

from dmdesk.connectors.base import Connector, TemporaryError
from dmdesk.domain import (
    Account,
    AccountIdentity,
    Attachment,
    AttachmentKind,
    FetchResult,
    Platform,
)
from dmdesk.services.downloads import DOWNLOADS_FOLDER, DownloadError, DownloadService
from dmdesk.services.sync import SyncEngine
from dmdesk.services.workers import Workers
from dmdesk.store.reads import InboxReader

PHOTO = Attachment(AttachmentKind.IMAGE, "../../scarf?.png", url="mxc://localhost/abc")


class CutMidway(Connector):
    """Half a file, then the network goes."""

    platform = Platform.MATRIX

    def check(self) -> AccountIdentity:
        return AccountIdentity("Shop")

    def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult()

    def send(self, message) -> str:
        raise NotImplementedError

    def poll_interval_seconds(self) -> float:
        return 3600.0

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        yield b"half a photo"
        raise TemporaryError("Cannot reach Matrix: Connection reset")


class Whole(CutMidway):
    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        yield b"the whole "
        yield b"photo"


class Listener:
    def messages_ingested(self, account_id, result) -> None: ...

    def message_status_changed(self, message_ids) -> None: ...

    def account_status_changed(self, account_id, status, detail) -> None: ...


@pytest.fixture
def photo_message(database) -> tuple[Account, int]:
    account = add_account(database, Platform.MATRIX)
    result = ingest(database, account, [fetched(1, NOW, attachments=(PHOTO,))], NOW)
    return account, result.new_message_ids[0]


@pytest.fixture
def engine(database):
    workers = Workers()
    sync = SyncEngine(database, workers, Listener())
    yield sync, workers
    sync.stop()
    workers.shutdown()


def test_a_cut_download_leaves_nothing_and_says_why(
    database, data_dir, engine, photo_message
) -> None:
    sync, workers = engine
    account, message_id = photo_message
    sync.add_account(account, CutMidway())
    service = DownloadService(database, workers, sync, data_dir)
    with pytest.raises(DownloadError, match="could not be downloaded: Cannot reach Matrix"):
        service.fetch(message_id, PHOTO)
    folder = data_dir / DOWNLOADS_FOLDER / str(account.id)
    assert list(folder.iterdir()) == []  # no partial file left behind


def test_a_whole_download_is_kept_under_a_safe_name_and_remembered(
    database, data_dir, engine, photo_message
) -> None:
    sync, workers = engine
    account, message_id = photo_message
    sync.add_account(account, Whole())
    kept = DownloadService(database, workers, sync, data_dir).fetch(message_id, PHOTO)
    folder = data_dir / DOWNLOADS_FOLDER / str(account.id)
    assert kept.local_path == str(folder / f"{message_id}-scarf_.png")
    assert (folder / f"{message_id}-scarf_.png").read_bytes() == b"the whole photo"
    reader = InboxReader(database.path)
    try:
        assert reader.messages([message_id])[0].attachments[0].local_path == kept.local_path
    finally:
        reader.close()


def test_without_a_connected_account_it_says_where_to_look(
    database, data_dir, engine, photo_message
) -> None:
    sync, workers = engine
    _, message_id = photo_message
    with pytest.raises(DownloadError, match="File → Accounts"):
        DownloadService(database, workers, sync, data_dir).fetch(message_id, PHOTO)


def test_a_download_is_private_and_its_name_fits_in_bytes(
    database, data_dir, engine, photo_message
) -> None:
    """Names were cut at 120 characters, which in Greek or with emoji is over 255
    bytes: the save failed. Downloads were also readable by every user."""
    import stat

    sync, workers = engine
    account, message_id = photo_message
    sync.add_account(account, Whole())
    long = Attachment(AttachmentKind.FILE, "α" * 130 + ".pdf", url="mxc://localhost/abc")
    kept = DownloadService(database, workers, sync, data_dir).fetch(message_id, long)
    path = Path(kept.local_path)
    assert len(path.name.encode()) <= 255 and path.name.endswith(".pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / DOWNLOADS_FOLDER).stat().st_mode) == 0o700
