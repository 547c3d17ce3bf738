"""Forgetting a person (a data request's erasure): every row, file and thumbnail
of them gone, and not one byte of what they wrote left in the database file, its
WAL, the media folder or the thumbnails; everyone else as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importers import downloads as d
from importers.import_workspace import Workspace

from dmdesk.services.forgetting import PersonForgetting
from dmdesk.services.inbox import InboxService
from dmdesk.services.search_query import parse as parse_query
from dmdesk.services.thumbnail_cache import ThumbnailCache, thumbnail_key
from dmdesk.store import backups
from dmdesk.store import database as database_module
from dmdesk.store.search import SearchReader

SECRET_WORDS = (b"quokkaberry", b"zanzibarite", b"marmaladefox", b"wombatshire")


def _files_with_secrets() -> dict[str, str | bytes]:
    """The Instagram download, with words no one else uses in what Ana wrote,
    in her note, tag and name, and in what Bjorn wrote in the knitting group."""
    files = d.instagram_files()
    for path, content in files.items():
        if isinstance(content, str):
            files[path] = content.replace(
                "Is the blue scarf still available?", "Is the quokkaberry scarf still available?"
            )
    # A long history, so that deleting it frees whole pages of the file.
    older = "your_instagram_activity/messages/inbox/analima_1234/message_2.json"
    thread = json.loads(files[older])
    thread["messages"] += [
        {"sender_name": d.ANA, "timestamp_ms": d.ms(-n), "content": f"quokkaberry scarf {n}?"}
        for n in range(1, 400)
    ]
    files[older] = json.dumps(thread)
    return files


def _bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _database_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _workspace(database, data_dir: Path, tmp_path: Path) -> tuple[Workspace, int]:
    workspace = Workspace(database, data_dir)
    workspace.import_(d.write(tmp_path / "ig", _files_with_secrets()))
    ana = workspace.titled(d.ANA).contact_id
    assert ana is not None
    inbox = InboxService(database)
    inbox.set_tags(ana, ["zanzibarite"])
    inbox.add_note(ana, "Her marmaladefox order is for March")
    inbox.rename_contact(ana, "Ana Wombatshire")
    return workspace, ana


@pytest.mark.parametrize("secure_delete", ["ON", "OFF"])
def test_forgetting_a_person_leaves_no_byte_of_them(
    database, data_dir: Path, tmp_path, monkeypatch, secure_delete: str
) -> None:
    # Debian's SQLite zeroes what it deletes; others' (Python's own on Windows and
    # macOS) leave it in free pages, which only the vacuum then clears.
    pragmas = (*database_module.CONNECTION_PRAGMAS, f"PRAGMA secure_delete = {secure_delete}")
    monkeypatch.setattr(database_module, "CONNECTION_PRAGMAS", pragmas)
    workspace, ana = _workspace(database, data_dir, tmp_path)
    (photo,) = [p for p in (data_dir / "media").rglob("*") if p.is_file()]
    thumbnails = ThumbnailCache(data_dir / "thumbnails")
    small_key, big_key = thumbnail_key(photo, 280, 210, False), thumbnail_key(photo, 1, 1, True)
    assert small_key is not None and big_key is not None
    thumbnails.put(small_key, 120, 90, b"quokkaberry thumbnail")
    thumbnails.put(big_key, 120, 90, b"quokkaberry " * 4000)  # big: kept as a file
    before = _database_bytes(database.path).lower()
    assert all(word in before for word in SECRET_WORDS)  # the test can fail
    forgetting = PersonForgetting(database, data_dir, thumbnails)
    preview = forgetting.preview(ana)
    assert preview is not None
    assert (preview.conversations, preview.messages, preview.notes, preview.tags) == (1, 406, 1, 1)
    assert (preview.files, preview.platforms) == (1, ("instagram",))

    forgotten = forgetting.forget(ana)

    assert forgotten is not None and forgotten.name == "Ana Wombatshire"
    assert (forgotten.messages, forgotten.files_deleted, forgotten.wal_emptied) == (406, 1, True)
    after = _database_bytes(database.path).lower()
    for word in SECRET_WORDS:
        assert word not in after, word
    assert not photo.exists() and d.PHOTO not in _bytes_under(data_dir / "media")
    assert b"quokkaberry" not in _bytes_under(data_dir / "thumbnails")
    assert thumbnails.get(small_key) is None  # the cache works on, empty
    search = SearchReader(database.path)
    assert search.search(parse_query("quokkaberry")).hits == ()
    assert search.search(parse_query("Wombatshire")).hits == ()
    assert search.search(parse_query("wholesale")).hits  # Bjorn is found as before
    search.close()
    titles = {c.title for c in workspace.conversations()}
    assert d.ANA not in titles and d.BJORN in titles and "Knit club ✂️" in titles
    assert workspace.reader.contact(ana) is None
    assert forgetting.forget(ana) is None  # forgotten already
    thumbnails.close()
    workspace.reader.close()


def test_what_they_wrote_in_a_group_goes_and_the_group_stays(
    database, data_dir: Path, tmp_path
) -> None:
    workspace, _ = _workspace(database, data_dir, tmp_path)
    bjorn = workspace.titled(d.BJORN).contact_id
    assert bjorn is not None
    group = workspace.titled("Knit club ✂️")
    assert len(workspace.thread(group)) == 2

    forgotten = PersonForgetting(database, data_dir, ThumbnailCache(data_dir / "t")).forget(bjorn)

    assert forgotten is not None and forgotten.messages == 2  # his own chat's, the group's
    group = workspace.titled("Knit club ✂️")
    (left,) = workspace.thread(group)
    assert left.text == "Ça marche, à jeudi !"
    assert group.snippet == "Ça marche, à jeudi !"
    with database.transaction() as session:
        participants = session.connection().exec_driver_sql(
            "SELECT participants FROM conversations WHERE id = ?", (group.id,)
        )
        assert "Bj" not in participants.scalar_one()
    assert b"sm\xc3\xb6rg\xc3\xa5sbord" not in _database_bytes(database.path).lower()
    workspace.reader.close()


def test_backups_that_hold_them_can_be_replaced_by_one_made_after(
    database, data_dir: Path, tmp_path
) -> None:
    _, ana = _workspace(database, data_dir, tmp_path)
    for reason in ("daily", "migration"):
        backups.back_up(database.path, reason)
    assert all(b"quokkaberry" in p.read_bytes() for p in backups.backups_of(database.path))
    forgetting = PersonForgetting(database, data_dir, ThumbnailCache(data_dir / "t"))
    assert forgetting.backups() == 2

    forgotten = forgetting.forget(ana, replace_backups=True)

    assert forgotten is not None and forgotten.backups_replaced
    (fresh,) = backups.backups_of(database.path)
    assert b"quokkaberry" not in fresh.read_bytes().lower()
    assert b"Knit club" in fresh.read_bytes()


def test_a_file_outside_the_data_folder_or_still_used_is_never_deleted(
    database, data_dir: Path, tmp_path
) -> None:
    workspace, ana = _workspace(database, data_dir, tmp_path)
    bjorn = workspace.titled(d.BJORN).contact_id
    (photo,) = [p for p in (data_dir / "media").rglob("*") if p.is_file()]
    outside = tmp_path / "owners-own-copy.png"
    outside.write_bytes(d.PHOTO)
    with database.transaction() as session:
        connection = session.connection()
        ana_message = connection.exec_driver_sql(
            "SELECT message_id FROM attachments WHERE local_path = ?", (str(photo),)
        ).scalar_one()
        bjorn_message = connection.exec_driver_sql(
            "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "WHERE c.contact_id = ?",
            (bjorn,),
        ).scalar_one()
        for message, path in ((ana_message, str(outside)), (bjorn_message, str(photo))):
            connection.exec_driver_sql(
                "INSERT INTO attachments (message_id, kind, name, mime, url, local_path, "
                "poster_url) VALUES (?, 'photo', 'scarf.png', '', '', ?, '')",
                (message, path),
            )

    forgotten = PersonForgetting(database, data_dir, ThumbnailCache(data_dir / "t")).forget(ana)

    assert forgotten is not None and forgotten.files_deleted == 0
    assert outside.exists() and photo.exists()  # the owner's file; Bjorn's photo too
    workspace.reader.close()
