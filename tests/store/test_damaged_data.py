"""A database DMDesk cannot read, or should not: a newer DMDesk's says so and is
left alone, a damaged one offers its newest copy back, an import never writes
into it, and copies are kept to the newest few."""

from __future__ import annotations

import sqlite3
from argparse import Namespace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from factories import add_account, fetched, ingest

from dmdesk.app import open_workspace
from dmdesk.store.backups import BACKUP_DIR, KEPT, back_up, backups_of, restore
from dmdesk.store.database import (
    DamagedDatabase,
    NewerDatabase,
    check_intact,
    database_path,
    ensure_schema,
)


def damage(path: Path, table: str) -> None:
    """Scribble over the root page of ``table``, mid-file, as a bad disk sector does."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    connection.close()
    with path.open("r+b") as file:
        file.seek((root[0] - 1) * page_size)
        file.write(b"\xde\xad" * (page_size // 2))


def args(data_dir: Path) -> Namespace:
    return Namespace(demo=False, data_dir=str(data_dir))


def test_a_newer_dmdesk_s_data_is_left_alone_and_says_so(data_dir: Path) -> None:
    path = database_path(data_dir)
    ensure_schema(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    for _start in range(3):
        with pytest.raises(NewerDatabase, match=r"written by a newer DMDesk \(its schema is 0099"):
            ensure_schema(path)
    assert backups_of(path) == [] and path.read_bytes() == before


def test_copies_are_kept_to_the_newest_few(database, db_path: Path) -> None:
    made = [back_up(db_path, "daily") for _ in range(KEPT + 3)]
    assert backups_of(db_path) == list(reversed(made[-KEPT:]))
    assert len(list((db_path.parent / BACKUP_DIR).iterdir())) == KEPT


def test_a_damaged_file_offers_its_newest_copy_and_keeps_the_damaged_one(
    database, db_path: Path, data_dir: Path
) -> None:
    account = add_account(database)
    now = datetime.now(UTC)
    ingest(database, account, [fetched(1, now, text="kept in the copy")], now)
    database.close()
    copy = back_up(db_path, "daily")
    damage(db_path, "accounts")
    with pytest.raises(DamagedDatabase) as raised:
        open_workspace(args(data_dir))
    assert raised.value.backup == copy
    damaged_bytes = db_path.read_bytes()
    aside = restore(db_path, copy)
    assert aside.read_bytes() == damaged_bytes  # set aside, never deleted
    _folder, reader, demo = open_workspace(args(data_dir))
    try:
        assert not demo and [a.display_name for a in reader.accounts()] == ["Shop"]
    finally:
        reader.close()


def test_an_import_never_writes_into_a_damaged_file(database, db_path: Path, data_dir) -> None:
    from importers import downloads as d

    from dmdesk.importers.formats import open_download
    from dmdesk.importers.model import Person
    from dmdesk.services.importing import ImportService

    account = add_account(database)
    now = datetime.now(UTC)
    ingest(database, account, [fetched(n, now) for n in range(50)], now)
    damage(db_path, "messages")
    before = db_path.read_bytes()
    folder = d.write(data_dir.parent / "wa", d.whatsapp_files())
    importer = open_download(folder)
    with pytest.raises(DamagedDatabase):
        ImportService(database, data_dir).run(importer, Person("name:Ana", "Ana"))
    assert db_path.read_bytes() == before
    with pytest.raises(DamagedDatabase):
        check_intact(db_path)
