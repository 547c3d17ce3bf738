"""Quick replies without Qt: filling variables, the JSON file, the library."""

import json
from datetime import date
from pathlib import Path

import pytest
from factories import NOW

from dmdesk.domain import (
    MESSAGE_LIMITS,
    Contact,
    ConversationFlags,
    ConversationSummary,
    Identity,
    Participant,
    Platform,
    Profile,
    QuickReply,
)
from dmdesk.services.quick_replies import QuickReplyService
from dmdesk.services.quick_reply_files import QuickReplyFileError, from_json, to_json
from dmdesk.services.quick_reply_fill import Piece, fill, fill_pieces, first_name, values_for
from dmdesk.store.reads import InboxReader

PROFILE = Profile(my_name="Maya", business="Juniper & Thread")
TODAY = date(2026, 11, 22)


def conversation(title: str, platform: Platform = Platform.INSTAGRAM, handle: str = ""):
    return ConversationSummary(
        id=1,
        account_id=1,
        platform=platform,
        title=title,
        is_group=False,
        last_activity_at=NOW,
        snippet="",
        snippet_outgoing=False,
        flags=ConversationFlags(),
        participants=(Participant("u1", title, handle),),
    )


# --- filling ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Chloé Martin", "Chloé"),
        ("نور حداد", "نور"),
        ("Zoë  O'Neill", "Zoë"),
        ("李 小龙", "李"),
        ("@only_a_handle", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_first_name_of_unicode_names(name: str, first: str) -> None:
    assert first_name(name) == first


def test_every_variable_is_filled_for_a_known_person() -> None:
    contact = Contact(
        7, "Chloé Martin", identities=(Identity(Platform.INSTAGRAM, "u1", "chloe_martin", "Chloé"),)
    )
    values = values_for(contact, conversation("Chloé Martin"), PROFILE, TODAY)
    body = "{first_name} {name} {handle} {platform} {my_name} {business} {today}"
    assert fill(body, values) == (
        "Chloé Chloé Martin @chloe_martin Instagram Maya Juniper & Thread 22 November 2026"
    )


def test_missing_values_use_the_fallback_or_stay_to_be_filled() -> None:
    values = values_for(None, conversation("@anon", Platform.X), Profile(), TODAY)
    text = fill("Hi {first_name|there}, {my_name} here. {handle|} {nonsense} {nonsense|x}", values)
    assert text == "Hi there, {my_name} here.  {nonsense} {nonsense|x}"
    pieces = fill_pieces(
        "Hi {first_name|there}, {my_name} here. {handle|} {nonsense} {nonsense|x}", values
    )
    assert [p.text for p in pieces if p.kind == "gap"] == [
        "{my_name}",
        "{nonsense}",
        "{nonsense|x}",
    ]


def test_a_value_that_looks_like_a_placeholder_is_never_one() -> None:
    """A customer named "Ana {x}" stopped quick replies from sending."""
    values = values_for(None, conversation("Ana {x}"), PROFILE, TODAY)
    assert fill_pieces("Hi {name}, {day}", values) == [
        Piece("Hi ", "words"),
        Piece("Ana {x}", "value"),
        Piece(", ", "words"),
        Piece("{day}", "gap"),
    ]


def test_filling_never_interprets_what_a_name_contains() -> None:
    values = values_for(None, conversation("{my_name} <b>Eve</b>"), PROFILE, TODAY)
    assert fill("Hi {name}!", values) == "Hi {my_name} <b>Eve</b>!"  # substituted once
    assert fill("{ not a variable } {Upper} {}", values) == "{ not a variable } {Upper} {}"


# --- limits ---------------------------------------------------------------------------------


def test_limits_count_what_each_platform_counts() -> None:
    instagram = MESSAGE_LIMITS[Platform.INSTAGRAM]
    assert instagram.measure("é") == 2 and instagram.measure("💛") == 4
    assert MESSAGE_LIMITS[Platform.MESSENGER].measure("💛é") == 2
    assert {p: m.maximum for p, m in MESSAGE_LIMITS.items() if p is not Platform.WHATSAPP} == {
        Platform.INSTAGRAM: 1000,
        Platform.MESSENGER: 2000,
        Platform.X: 10_000,
        Platform.TELEGRAM: 4096,
    }


# --- the file ---------------------------------------------------------------------------------


def test_a_file_round_trips() -> None:
    replies = [
        QuickReply("Prices", "Hi {first_name}! 💛", "price", (Platform.INSTAGRAM,)),
        QuickReply("سلام", "مرحبا {first_name|}", ""),
    ]
    assert from_json(to_json(replies).encode()) == replies


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (b"[1, 2]", "not a DMDesk quick-reply file"),
        (b'{"format": "dmdesk-quick-replies", "version": 9, "replies": []}', "version 9"),
        (b'{"format": "dmdesk-quick-replies", "version": 1}', 'no list of "replies"'),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b" " * 2_000_001, "at most 2 MB"),
    ],
)
def test_broken_files_are_refused_with_a_reason(data: bytes, says: str) -> None:
    with pytest.raises(QuickReplyFileError, match=says):
        from_json(data)


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        ("not an object", "Reply 2: is not an object"),
        ({"body": "x"}, 'Reply 2: "name" is missing'),
        ({"name": "x" * 201, "body": "x"}, "longer than 200"),
        ({"name": "A", "body": "   "}, '"body" is missing or empty'),
        ({"name": "A", "body": "x" * 10_001}, "longer than 10,000"),
        ({"name": "A", "body": "x", "keyword": "<script>"}, '"keyword" may use only'),
        ({"name": "A", "body": "x", "platforms": "instagram"}, "must be a list"),
        ({"name": "A", "body": "x", "platforms": ["myspace"]}, "unknown platform 'myspace'"),
    ],
)
def test_one_bad_reply_rejects_the_file_and_says_which(reply, says: str) -> None:
    good = {"name": "Fine", "body": "Fine"}
    data = json.dumps(
        {"format": "dmdesk-quick-replies", "version": 1, "replies": [good, reply]}
    ).encode()
    with pytest.raises(QuickReplyFileError, match=says):
        from_json(data)


def test_hostile_text_in_a_file_is_kept_as_text() -> None:
    body = '<img src=x onerror=alert(1)> \u202e "quoted" \x00 Z\u0351\u0352\u0353'
    data = to_json([QuickReply("<b>bold</b>", body)]).encode()
    (reply,) = from_json(data)
    assert reply.name == "<b>bold</b>" and reply.body == body


# --- the library --------------------------------------------------------------------------------


def test_a_new_workspace_has_the_starter_set(database, db_path) -> None:
    replies = InboxReader(db_path).quick_replies()
    keywords = [r.keyword for r in replies]
    assert keywords == ["sorry", "thanks", "collab", "price", "shipping", "hours", "optout"]
    assert all("{first_name" in r.body for r in replies)
    assert [r.position for r in replies] == list(range(7))


def test_save_duplicate_reorder_delete_and_count_uses(database, db_path) -> None:
    service = QuickReplyService(database, clock=lambda: NOW)
    reader = InboxReader(db_path)
    new = service.save(QuickReply("Sizes", "S, M and L, {first_name|friend}.", "sizes"))
    assert reader.quick_replies()[-1] == new
    edited = service.save(QuickReply("Sizes", "XS to XL.", "sizes", (Platform.X,), id=new.id))
    assert reader.quick_replies()[-1].body == "XS to XL."
    assert reader.quick_replies()[-1].platforms == (Platform.X,)
    first = reader.quick_replies()[0]
    copy = service.duplicate(first)
    names = [r.name for r in reader.quick_replies()]
    assert names[:2] == [first.name, f"{first.name} (copy)"]
    service.reorder([edited.id])
    assert reader.quick_replies()[0].id == edited.id
    assert service.delete(copy.id).name == copy.name
    assert service.delete(copy.id) is None
    service.record_use(edited.id)
    service.record_use(edited.id)
    used = reader.quick_replies()[0]
    assert used.use_count == 2 and used.last_used_at == NOW


def test_import_adds_and_updates_by_name_and_a_bad_file_changes_nothing(database, db_path):
    service = QuickReplyService(database)
    reader = InboxReader(db_path)
    before = reader.quick_replies()
    data = to_json(
        [QuickReply("Prices", "New price list, {first_name}.", "price"), QuickReply("New", "Hi")]
    ).encode()
    summary = service.import_file(data)
    assert (summary.added, summary.updated) == (1, 1)
    after = reader.quick_replies()
    assert len(after) == len(before) + 1
    assert next(r for r in after if r.name == "Prices").body == "New price list, {first_name}."
    assert service.import_file(data).added == 0  # the same file twice adds nothing

    with pytest.raises(QuickReplyFileError):
        service.import_file(data[:-5])
    assert reader.quick_replies() == after
    assert from_json(service.export_json().encode()) == [
        QuickReply(r.name, r.body, r.keyword, r.platforms) for r in after
    ]


def test_the_profile_is_kept_with_the_workspace(database, db_path) -> None:
    service = QuickReplyService(database)
    assert InboxReader(db_path).profile() == Profile()
    service.set_profile(Profile(" Maya ", "Juniper & Thread"))
    assert InboxReader(db_path).profile() == Profile("Maya", "Juniper & Thread")
    assert service.profile() == Profile("Maya", "Juniper & Thread")


def test_the_demo_workspace_says_who_is_answering(database, db_path) -> None:
    from dmdesk.services.demo_workspace import seed_demo_workspace

    seed_demo_workspace(database, NOW)
    assert InboxReader(db_path).profile() == Profile("Maya", "Juniper & Thread")


def test_replies_with_files_export_as_a_zip_and_come_back_with_them(database, tmp_path) -> None:
    """Another computer's DMDesk gets the words and the files (a size chart), and a
    package that lies about a file changes nothing."""
    from dmdesk.services.quick_replies import QuickReplyService
    from dmdesk.store.database import Database, database_path, ensure_schema

    service = QuickReplyService(database)
    chart = tmp_path / "size chart.png"
    chart.write_bytes(b"\x89PNG a size chart")
    first = service.replies()[0]
    assert first.id is not None
    service.attach(first.id, [chart])
    written = service.export_to(tmp_path / "mine.json")
    assert written == tmp_path / "mine.zip"

    other_folder = tmp_path / "other"
    other_folder.mkdir()
    ensure_schema(database_path(other_folder))
    other = Database(database_path(other_folder))
    try:
        theirs = QuickReplyService(other)
        summary = theirs.import_path(written)
        assert summary.updated == 1  # the same starter reply, now with its file
        (kept,) = next(r for r in theirs.replies() if r.name == first.name).files
        assert kept.name == "size chart.png"
        assert Path(kept.local_path).read_bytes() == b"\x89PNG a size chart"
        assert Path(kept.local_path).is_relative_to(other_folder / "quick-replies")
    finally:
        other.close()


def test_a_package_naming_a_missing_or_bomb_file_changes_nothing(database, tmp_path) -> None:
    import json
    import zipfile

    import pytest

    from dmdesk.services.quick_replies import QuickReplyService
    from dmdesk.services.quick_reply_files import QuickReplyFileError

    service = QuickReplyService(database)
    before = service.replies()
    index = {
        "format": "dmdesk-quick-replies",
        "version": 1,
        "replies": [
            {
                "name": "New one",
                "body": "Hi",
                "files": [{"name": "a.pdf", "member": "files/1/a.pdf"}],
            }
        ],
    }
    missing = tmp_path / "missing.zip"
    with zipfile.ZipFile(missing, "w") as package:
        package.writestr("quick-replies.json", json.dumps(index))
    with pytest.raises(QuickReplyFileError, match=r"a\.pdf is not in the zip"):
        service.import_path(missing)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("quick-replies.json", json.dumps(index))
        package.writestr("files/1/a.pdf", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(QuickReplyFileError, match="packed like a zip bomb"):
        service.import_path(bomb)
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(index))
    with pytest.raises(QuickReplyFileError, match=r"only in a \.zip export"):
        service.import_path(plain)
    assert service.replies() == before
    assert not (database.path.parent / "quick-replies").exists()
