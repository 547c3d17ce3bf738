"""Importing is safe: repeatable, never duplicating, and all or nothing."""

from __future__ import annotations

import contextlib
import json
import stat
import threading
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import downloads as d
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_workspace import Workspace

from dmdesk.domain import Direction, FetchedMessage, Participant, Platform
from dmdesk.importers.formats import open_download
from dmdesk.importers.model import ImportFormatError, Person
from dmdesk.services.importing import ImportCancelled, ImportFailed, OwnerUnknown
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store

NEWER = {
    "instagram": (d.instagram_files, "Thanks, it arrived 😍"),
    "x": (d.x_files, "Got it, thanks!"),
    "linkedin": (d.linkedin_files, "Invoice paid"),
    "telegram": (d.telegram_files, "Arrived!"),
    "whatsapp": (d.whatsapp_files, "Received, thank you!"),
}


def connected_account_with(
    workspace: Workspace,
    platform: Platform,
    name: str,
    conversation: str,
    message_id: str,
    person: Participant,
    text: str,
) -> int:
    """A connected account whose connector has already fetched one message of
    ``person``'s, sent at minute 0 of the downloads' story."""
    with workspace.database.transaction() as session:
        account = account_store.add_account(session, platform, name, "", platform.value)
        message_store.ingest(
            session,
            account.id,
            platform,
            [
                FetchedMessage(
                    platform_conversation_id=conversation,
                    platform_message_id=message_id,
                    sender=person,
                    direction=Direction.INCOMING,
                    text=text,
                    sent_at=datetime.fromtimestamp(d.ms(0) / 1000, UTC),
                    participants=(person,),
                )
            ],
            datetime.now(UTC),
        )
    return account.id


@pytest.mark.parametrize("format_name", NEWER)
def test_the_same_download_twice_adds_nothing_and_a_newer_one_only_what_is_new(
    workspace: Workspace, download: Callable[..., Path], format_name: str
) -> None:
    files, newest_text = NEWER[format_name]
    first = workspace.import_(download(files()))
    stored = workspace.message_count()
    assert first.summary.messages_added == stored > 0

    again = workspace.import_(download(files()))
    assert (again.summary.messages_added, again.summary.already_there) == (0, stored)
    assert workspace.message_count() == stored
    assert again.summary.threads_new == 0

    newer = workspace.import_(download(files(newer=True)))
    assert newer.summary.messages_added == 1 and workspace.message_count() == stored + 1
    (latest,) = [c for c in workspace.conversations() if c.snippet == newest_text]
    assert latest.last_activity_at == max(c.last_activity_at for c in workspace.conversations())


def test_messages_that_came_through_a_connector_are_not_added_again(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """An Instagram account is connected (Graph API ids); then the owner imports their
    download, which names the thread and the messages differently."""
    ana = Participant("17841400000000001", d.ANA, "ana.lima")
    account_id = connected_account_with(
        workspace,
        Platform.INSTAGRAM,
        d.OWNER,
        "t_graph_1",
        "mid.graph.1",
        ana,
        "Hi! Is the blue scarf still available?",
    )
    imported = workspace.import_(download(d.instagram_files()))
    assert imported.summary.account_name == d.OWNER
    (conversation,) = [
        c
        for c in workspace.conversations()
        if c.account_id == account_id and not c.is_group and c.title == d.ANA
    ]
    texts = [m.text for m in workspace.thread(conversation)]
    assert texts.count("Hi! Is the blue scarf still available?") == 1
    assert len(texts) == 7 and imported.summary.already_there == 1
    assert imported.summary.threads_updated == 1


def test_the_owner_is_asked_for_when_the_download_does_not_say(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    files = d.instagram_files()
    del files["personal_information/personal_information/personal_information.json"]
    path = download(files, name="instagram-juniper")
    importer = open_download(path)
    # Three threads, and the owner is the one person in all of them.
    preview = workspace.service.preview(importer)
    assert preview.owner is not None and preview.owner.name == d.OWNER
    assert preview.owner_reason == "in every conversation"

    single = {k: v for k, v in files.items() if "analima" in k}
    preview = workspace.service.preview(open_download(download(single, name="instagram-x")))
    assert preview.owner is None
    assert {p.name for p in preview.people} == {d.ANA, d.OWNER}

    given_one = workspace.service.preview(
        open_download(download(single, name="instagram-y")), me="ana lima"
    )
    assert given_one.owner is not None and given_one.owner.name == d.ANA
    with pytest.raises(OwnerUnknown, match=r"No one called 'Zed'.*Ana Lima"):
        workspace.service.preview(open_download(download(single, name="instagram-z")), me="Zed")


def test_cancel_and_failure_leave_the_database_as_it_was(
    workspace: Workspace, download: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.import_(download(d.linkedin_files()))
    before = workspace.message_count()
    importer = open_download(download(d.instagram_files()))
    owner = Person("name:" + d.OWNER, d.OWNER)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        workspace.service.run(importer, owner, cancel=cancel)
    assert workspace.message_count() == before

    # The disk fills up while the photos are copied: nothing stays behind.
    real_copy = importer.source.copy_into

    def full_disk(name: str, out, limit: int) -> tuple[str, int]:
        real_copy(name, out, limit)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer.source, "copy_into", full_disk)
    with pytest.raises(ImportFailed, match="The disk is full"):
        workspace.service.run(importer, owner)
    assert workspace.message_count() == before
    assert not list((workspace.data_dir / "media").rglob("*.png"))
    assert not list((workspace.data_dir / "media").rglob(".part-*"))


BROKEN: dict[str, tuple[dict[str, str | bytes], str]] = {
    "truncated instagram json": (
        {
            **{k: v for k, v in d.instagram_files().items() if not k.endswith("message_2.json")},
            "your_instagram_activity/messages/inbox/analima_1234/message_2.json": (
                '{"participants": [{"name": "A"}], "messages": [{"sender_na'
            ),
        },
        r"message_2\.json, line 1: this is not valid JSON",
    ),
    "x without the prefix": (
        {"data/direct-messages.js": "[]"},
        r"direct-messages\.js: does not start like an X archive file",
    ),
    "cut short x": (
        {"data/direct-messages.js": d.x_files()["data/direct-messages.js"][:300]},
        r"direct-messages\.js: this is not valid archive data",
    ),
    "linkedin without columns": (
        {"messages.csv": "name,text\nAna,hi\n"},
        r"messages\.csv: not LinkedIn's messages file \(missing columns: CONVERSATION ID, FROM",
    ),
    "linkedin bad date": (
        {"messages.csv": "CONVERSATION ID,FROM,DATE,CONTENT\nc1,Ana,yesterday,hi\n"},
        r"messages\.csv, line 2: 'yesterday' is not a date",
    ),
    "telegram cut short": (
        {"result.json": d.telegram_files(one_chat=True)["result.json"][:700]},
        r"result\.json: this is not valid JSON",
    ),
    "whatsapp bad date": (
        {
            "WhatsApp Chat with Ana.txt": (
                "13/01/2020, 10:00 - Ana: ok\n31/02/2020, 10:00 - Ana: no\n"
            )
        },
        r"WhatsApp Chat with Ana\.txt, line 2: 31/02/2020 .* not a date",
    ),
    "meta message without time": (
        {
            "messages/inbox/a_1/message_1.json": json.dumps(
                {"participants": [{"name": "A"}], "messages": [{"sender_name": "A"}]}
            ),
            "personal_information/personal_information/personal_information.json": "{}",
        },
        r"message_1\.json, message 1: no timestamp_ms",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_download_names_the_file_and_changes_nothing(
    workspace: Workspace, download: Callable[..., Path], case: str
) -> None:
    workspace.import_(download(d.whatsapp_files()))
    before = workspace.message_count()
    files, message = BROKEN[case]
    with pytest.raises(ImportFormatError, match=message):
        importer = open_download(download(files))
        workspace.service.preview(importer, me="Ana")
    assert workspace.message_count() == before


def test_what_cannot_be_imported_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportFormatError, match="is empty; there is nothing to import"):
        open_download(empty)
    with pytest.raises(ImportFormatError, match="no such file or folder"):
        open_download(tmp_path / "missing.zip")
    wrong = tmp_path / "holiday.zip"
    with zipfile.ZipFile(wrong, "w") as archive:
        archive.writestr("photos/beach.jpg", b"...")
        archive.writestr("notes.txt", "Dear diary")
    with pytest.raises(
        ImportFormatError,
        match=r"holiday\.zip: is not a download DMDesk can read \(it holds notes\.txt, photos/",
    ):
        open_download(wrong)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zipfile.ZipFile.__doc__.encode() if zipfile.ZipFile.__doc__ else b"x")
    with pytest.raises(ImportFormatError, match="not a download DMDesk can read"):
        open_download(broken)
    meta = d.write(tmp_path / "meta", {"messages/inbox/a_1/message_1.json": "{}"})
    with pytest.raises(ImportFormatError, match="--format instagram or --format messenger"):
        open_download(meta)
    with pytest.raises(ImportFormatError, match="Unknown format 'myspace'"):
        open_download(meta, "myspace")


def test_a_truncated_zip_member_is_a_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    source = d.write(tmp_path / "tg", d.telegram_files(one_chat=True))
    archive = d.zipped(source, tmp_path / "tg.zip")
    data = archive.read_bytes()
    # Damage the compressed bytes of result.json, leaving the zip's directory intact.
    start = data.index(b"result.json") + 40
    archive.write_bytes(data[:start] + bytes(200) + data[start + 200 :])
    with pytest.raises(ImportFormatError, match=r"tg\.zip: result\.json: is damaged"):
        workspace.service.preview(open_download(archive, "telegram"))


def test_paths_in_a_download_cannot_climb_out_of_the_media_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    archive = tmp_path / "instagram-evil.zip"
    thread = {
        "participants": [{"name": d.ANA}, {"name": d.OWNER}],
        "messages": [
            {
                "sender_name": d.ANA,
                "timestamp_ms": d.ms(1),
                "photos": [{"uri": "../../../escape.png"}],
            }
        ],
    }
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("messages/inbox/ana_1/message_1.json", json.dumps(thread))
        out.writestr("../../../escape.png", d.PHOTO)
    importer = open_download(archive)
    workspace.service.run(importer, Person("name:" + d.OWNER, d.OWNER))
    assert not (tmp_path / "escape.png").exists()
    assert not (workspace.data_dir.parent / "escape.png").exists()
    copied = list((workspace.data_dir / "media").rglob("*-escape.png"))
    assert len(copied) == 1 and copied[0].is_relative_to(workspace.data_dir / "media")


# --- nothing crashes an importer but its own error --------------------------------

FILE_OF = {
    "instagram": "your_instagram_activity/messages/inbox/a_1/message_1.json",
    "x": "data/direct-messages.js",
    "linkedin": "messages.csv",
    "telegram": "result.json",
    "whatsapp": "WhatsApp Chat with Ana.txt",
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "participants",
                    "sender_name",
                    "timestamp_ms",
                    "content",
                    "photos",
                    "uri",
                    "dmConversation",
                    "conversationId",
                    "messageCreate",
                    "id",
                    "senderId",
                    "createdAt",
                    "type",
                    "date_unixtime",
                    "from_id",
                    "text",
                    "chats",
                    "list",
                    "name",
                    "share",
                    "link",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    format_name=st.sampled_from(sorted(FILE_OF)),
    content=st.one_of(
        st.binary(max_size=300),
        json_values.map(json.dumps),
        json_values.map(lambda v: "window.YTD.direct_messages.part0 = " + json.dumps(v)),
        st.text(max_size=300),
    ),
)
def test_no_input_crashes_an_importer_with_anything_but_its_own_error(
    tmp_path_factory: pytest.TempPathFactory, format_name: str, content: str | bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    files: dict[str, str | bytes] = {FILE_OF[format_name]: content}
    if format_name == "instagram":
        files["personal_information/personal_information/personal_information.json"] = "{}"
    d.write(folder, files)
    with contextlib.suppress(ImportFormatError):
        importer = open_download(folder, format_name)
        importer.owner()
        for thread in importer.threads():
            for _ in thread.messages:
                pass


def test_a_file_broken_halfway_through_the_write_leaves_nothing(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """No preview first (as on the command line when the download names its owner):
    the first threads are written, then a broken file stops the import."""
    files = d.instagram_files()
    files["your_instagram_activity/messages/inbox/zzz_9/message_1.json"] = '{"messages": ['
    importer = open_download(download(files))
    with pytest.raises(ImportFormatError, match=r"zzz_9/message_1\.json, line 1"):
        workspace.service.run(importer, Person("name:" + d.OWNER, d.OWNER))
    assert workspace.message_count() == 0
    assert workspace.reader.accounts() == []
    assert not list((workspace.data_dir / "media").rglob("*.png"))


def test_platform_ids_meet_the_connector_s_messages(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """A Telegram account is connected and has fetched Ana's first message; the
    export has the same "<chat>:<message>" id for it."""
    ana = Participant(str(d.TG_ANA_ID), d.ANA)
    connected_account_with(
        workspace,
        Platform.TELEGRAM,
        "Juniper Bot",
        str(d.TG_ANA_ID),
        f"{d.TG_ANA_ID}:1",
        ana,
        "Do you ship to Lisbon?",
    )
    imported = workspace.import_(download(d.telegram_files(one_chat=True)))
    assert imported.summary.account_name == "Juniper Bot"
    assert imported.summary.already_there == 1 and imported.summary.messages_added == 3
    (conversation,) = workspace.conversations()
    assert [m.text for m in workspace.thread(conversation)].count("Do you ship to Lisbon?") == 1


@pytest.mark.parametrize(
    "message",
    [
        {"id": 1, "type": "message", "date_unixtime": [1]},
        {"id": 1, "type": "message", "date_unixtime": "soon"},
        {"id": 1, "type": "message", "date": {"day": 1}},
        {"id": 1, "type": "message"},
    ],
)
def test_a_telegram_message_with_a_strange_date_is_a_clear_error(
    tmp_path: Path, message: dict[str, object]
) -> None:
    chat = {"name": "A", "type": "personal_chat", "id": 5, "messages": [message]}
    folder = d.write(tmp_path / "tg", {"result.json": json.dumps(chat)})
    importer = open_download(folder)
    with pytest.raises(ImportFormatError, match=r"result\.json, message 1: no date"):
        for thread in importer.threads():
            list(thread.messages)


def test_a_failed_import_leaves_search_working_for_what_comes_after(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """The import drops the search trigger inside its transaction. Python 3.11's
    sqlite3 ran that DDL in autocommit, so a failed import into an account that
    existed already left it dropped for good: nothing later could be found."""
    from dmdesk.services.search_query import parse
    from dmdesk.store.search import SearchReader

    workspace.import_(download(d.instagram_files()))
    broken = d.instagram_files()
    broken["your_instagram_activity/messages/inbox/zzz_9/message_1.json"] = '{"messages": ['
    with pytest.raises(ImportFormatError):
        workspace.service.run(open_download(download(broken)), Person("name:" + d.OWNER, d.OWNER))
    newer, text = NEWER["instagram"]
    workspace.import_(download(newer(newer=True)))
    search = SearchReader(workspace.database.path)
    try:
        hits = search.search(parse("arrived")).hits
        assert any(text in hit.snippet for hit in hits if hit.message_id is not None)
    finally:
        search.close()
    with workspace.database.transaction() as session:
        triggers = session.connection().exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'messages_search_insert'"
        )
        assert triggers.scalar_one() == 1


def test_a_search_index_left_behind_by_an_older_dmdesk_is_mended_at_start(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    from dmdesk.store.database import ensure_schema
    from dmdesk.store.search_index import MESSAGE_TRIGGER

    workspace.import_(download(d.whatsapp_files()))
    with workspace.database.transaction() as session:  # as the old import left it
        session.connection().exec_driver_sql(f"DROP TRIGGER {MESSAGE_TRIGGER}")
    newer, _text = NEWER["whatsapp"]
    workspace.import_(download(newer(newer=True)))  # unindexed: no trigger, none to re-create
    ensure_schema(workspace.database.path)  # the next start
    with workspace.database.transaction() as session:
        found = session.connection().exec_driver_sql(
            "SELECT count(*) FROM messages_search WHERE messages_search MATCH 'received'"
        )
        assert found.scalar_one() >= 1
    ensure_schema(workspace.database.path)  # and again: nothing to do, nothing doubled


def _one_photo_download(tmp_path: Path, name: str, person: str, photo: bytes, broken=False) -> Path:
    archive = tmp_path / f"{name}.zip"
    thread = {
        "participants": [{"name": person}, {"name": d.OWNER}],
        "messages": [
            {"sender_name": person, "timestamp_ms": d.ms(1), "photos": [{"uri": "photos/a.png"}]}
        ],
    }
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"messages/inbox/{name}_1/message_1.json", json.dumps(thread))
        if broken:
            out.writestr("messages/inbox/zzz_9/message_1.json", '{"messages": [')
        out.writestr("photos/a.png", photo)
    return archive


def test_files_of_two_downloads_at_the_same_path_never_share_a_copy(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Ana's photos/a.png and Bob's photos/a.png are two files; before, Bob's
    replaced Ana's, and a later failed import deleted both."""
    owner = Person("name:" + d.OWNER, d.OWNER)
    anas, bobs = d.PHOTO + b"ana", d.PHOTO + b"bob"
    workspace.service.run(
        open_download(_one_photo_download(tmp_path, "ana", "Ana", anas), "instagram"), owner
    )
    workspace.service.run(
        open_download(_one_photo_download(tmp_path, "bob", "Bob", bobs), "instagram"), owner
    )
    broken = _one_photo_download(tmp_path, "cy", "Cy", anas, broken=True)
    with pytest.raises(ImportFormatError):
        workspace.service.run(open_download(broken, "instagram"), owner)
    kept = {}
    for conversation in workspace.conversations():
        (message,) = workspace.thread(conversation)
        kept[conversation.title.split(",")[0]] = Path(message.attachments[0].local_path)
    assert len(kept) == 2, kept
    assert kept["Ana"].read_bytes() == anas and kept["Bob"].read_bytes() == bobs
    for path in kept.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_over_the_limit_is_left_out_and_named_and_the_rest_imports(
    database, data_dir: Path, tmp_path: Path
) -> None:
    from dmdesk.services.importing import ImportService

    service = ImportService(database, data_dir, media_limit=len(d.PHOTO) + 2)
    owner = Person("name:" + d.OWNER, d.OWNER)
    fits = service.run(
        open_download(_one_photo_download(tmp_path, "ana", "Ana", d.PHOTO), "instagram"), owner
    )
    assert fits.media_copied == 1
    big = d.PHOTO + b"x" * 3
    summary = service.run(
        open_download(_one_photo_download(tmp_path, "bob", "Bob", big), "instagram"), owner
    )
    assert summary.messages_added == 1 and summary.media_copied == 0
    assert any("photos/a.png is 0 MB or more, over the 0 MB" in line for line in summary.lines())


def test_a_zip_bomb_member_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    from dmdesk.importers.source import BOMB_MIN_BYTES, DownloadSource, TooBig

    archive = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out,
        out.open("photos/a.png", "w") as member,
    ):
        for _ in range(BOMB_MIN_BYTES // (1 << 20) + 1):
            member.write(bytes(1 << 20))
    source = DownloadSource(archive)
    with pytest.raises(TooBig, match="unpacks to 68,157,440 bytes from"):
        source.open("photos/a.png")


def test_a_chat_picked_from_a_folder_of_the_user_s_own_brings_in_none_of_its_files(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Ana typed "<attached: taxes.pdf>": the user's own taxes.pdf beside the
    chat in Downloads must not come in as her attachment."""
    downloads = tmp_path / "Downloads"
    chat = "13/01/2020, 10:00 - Ana: <attached: taxes.pdf>\n13/01/2020, 10:01 - Ana: hi\n"
    d.write(downloads, {"WhatsApp Chat with Ana.txt": chat, "taxes.pdf": b"%PDF my own taxes"})
    workspace.import_(downloads / "WhatsApp Chat with Ana.txt", me="Ana")
    (conversation,) = workspace.conversations()
    first = workspace.thread(conversation)[0]
    assert first.attachments[0].name == "taxes.pdf" and first.attachments[0].local_path == ""
    assert not list((workspace.data_dir / "media").rglob("*taxes*"))

    unzipped = tmp_path / "WhatsApp Chat with Bo"  # the folder unzipping the export made
    chat = "13/01/2020, 10:00 - Bo: <attached: IMG-1.jpg>\n"
    d.write(unzipped, {"WhatsApp Chat with Bo.txt": chat, "IMG-1.jpg": d.PHOTO})
    workspace.import_(unzipped / "WhatsApp Chat with Bo.txt", me="Bo")
    assert list((workspace.data_dir / "media").rglob("*-IMG-1.jpg"))
