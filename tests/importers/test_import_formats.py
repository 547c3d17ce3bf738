"""Each format, from a folder and from the .zip, into a real workspace: what the
three panes would show (list, thread, the person)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import downloads as d
import pytest
from import_workspace import Workspace

from dmdesk.domain import AttachmentKind, Direction, Platform, View
from dmdesk.importers.formats import open_download


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_instagram(workspace: Workspace, download: Callable[..., Path], as_zip: bool) -> None:
    imported = workspace.import_(download(d.instagram_files(), as_zip=as_zip))
    assert imported.preview.owner is not None and imported.preview.owner.name == d.OWNER
    assert imported.preview.owner_reason == "the download's profile"
    assert (imported.preview.threads, imported.preview.messages) == (3, 10)

    ana = workspace.titled(d.ANA)
    assert ana.platform is Platform.INSTAGRAM and not ana.is_group
    assert ana.unread_count == 0  # history is not news
    assert ana.snippet == "Message unsent"  # its last message
    thread = workspace.thread(ana)
    texts = [(m.direction, m.text) for m in thread]
    assert texts[:2] == [
        (Direction.INCOMING, "Hi! Is the blue scarf still available?"),
        (Direction.OUTGOING, "Yes, it is! I don’t have many left."),  # mojibake repaired
    ]
    photo = thread[2]
    assert photo.text == "" and photo.attachments[0].kind is AttachmentKind.IMAGE
    copied = Path(photo.attachments[0].local_path)
    assert copied.is_relative_to(workspace.data_dir) and copied.read_bytes() == d.PHOTO
    assert [m.text for m in thread].count("ok") == 2  # two identical messages stay two
    assert thread[5].text == "This one\nhttps://example.com/p/scarf"
    assert thread[6].unsent
    group = workspace.titled("Knit club ✂️")
    assert group.is_group
    assert {m.sender_name for m in workspace.thread(group)} == {d.BJORN, d.CHLOE}
    # Message requests are customers writing first: they land in the Inbox.
    assert workspace.thread(workspace.titled(d.BJORN))[0].text == "Wholesale prices? 🧶"


def test_messenger_reads_every_section(workspace: Workspace, download: Callable[..., Path]) -> None:
    imported = workspace.import_(download(d.messenger_files()))
    assert imported.preview.platform is Platform.MESSENGER
    assert {c.title for c in workspace.conversations()} == {d.CHLOE, d.BJORN, "Promo Bot"}
    assert [c.title for c in workspace.conversations(View.ARCHIVED)] == [d.ANA]
    assert workspace.thread(workspace.titled(d.BJORN))[0].text == "Before encryption"
    chloe = workspace.thread(workspace.titled(d.CHLOE))
    assert chloe[0].attachments[0].kind is AttachmentKind.STICKER
    assert chloe[-1].direction is Direction.OUTGOING and chloe[-1].text == "Merci Chloé !"


def test_x_archive_with_group_and_media(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    imported = workspace.import_(download(d.x_files(), as_zip=True))
    assert imported.preview.owner is not None and imported.preview.owner.id == d.X_OWNER_ID
    one = workspace.titled(f"X user {d.X_ANA_ID}")
    thread = workspace.thread(one)
    assert [m.text for m in thread] == [
        "Is this wool <100%>?",  # HTML entities undone
        "Photo of the stain",  # the photo's own t.co link dropped
        "Here: https://shop.example/scarf & thanks",  # t.co expanded
    ]
    assert thread[1].attachments[0].local_path.endswith("5002-stain.jpg")
    assert [m.platform_message_id for m in thread] == ["5001", "5002", "5003"]
    group = workspace.titled("Hat order")
    assert group.is_group and {p.platform_user_id for p in group.participants} == {
        d.X_ANA_ID,
        d.X_BJORN_ID,
    }


def test_linkedin_csv(workspace: Workspace, download: Callable[..., Path]) -> None:
    imported = workspace.import_(download(d.linkedin_files()))
    assert imported.summary.skipped == {"notices the platform wrote (“created group” …)": 1}
    assert [c.title for c in workspace.conversations()] == [d.ANA]  # the ad is left out
    first, reply = workspace.thread(workspace.titled(d.ANA))
    assert first.text == 'Hello,\nwe\'d like 200 scarves for our staff.\n"Quoted", and, commas'
    assert reply.direction is Direction.OUTGOING


@pytest.mark.parametrize("one_chat", [False, True], ids=["whole-account", "one-chat"])
def test_telegram_desktop(
    workspace: Workspace, download: Callable[..., Path], one_chat: bool
) -> None:
    imported = workspace.import_(download(d.telegram_files(one_chat=one_chat)))
    assert imported.preview.owner is not None and imported.preview.owner.id == str(d.TG_OWNER_ID)
    thread = workspace.thread(workspace.titled(d.ANA))
    assert thread[1].text == "Yes! See shipping (https://shop.example/ship) 📦"
    assert thread[1].direction is Direction.OUTGOING
    assert thread[2].attachments[0].local_path
    assert thread[3].attachments[0].name == "invoice.pdf (not in the export)"
    assert thread[0].platform_message_id == f"{d.TG_ANA_ID}:1"  # as the connector stores it
    # The owner's answer to her question keeps the link (reply_to_message_id).
    assert thread[1].reply_to == f"{d.TG_ANA_ID}:1"
    assert thread[1].quote is not None and thread[1].quote.message_id == thread[0].id
    if not one_chat:
        assert imported.summary.skipped["channels"] == 1
        assert workspace.titled("Market stall").is_group
        assert [c.title for c in workspace.conversations(View.ARCHIVED)] == [d.CHLOE]


def test_whatsapp_chat(workspace: Workspace, download: Callable[..., Path]) -> None:
    imported = workspace.import_(download(d.whatsapp_files(), as_zip=True))
    assert imported.preview.owner is not None and imported.preview.owner.name == d.OWNER
    assert imported.preview.owner_reason == "the other person in its chats"
    thread = workspace.thread(workspace.titled(d.ANA))
    assert thread[1].text == "I do!\nTwo shades, in fact:\nmoss and sage"
    assert thread[2].attachments[0].local_path.endswith("IMG-20240301-WA0001.jpg")
    assert [m.text for m in thread].count("ok") == 2
    assert thread[-1].attachments[0].name == "Media not included in the export"


def test_a_single_chosen_file_is_enough(tmp_path: Path) -> None:
    folder = d.write(tmp_path / "chat", d.whatsapp_files())
    importer = open_download(folder / f"WhatsApp Chat with {d.ANA}.txt")
    assert importer.format == "whatsapp" and importer.files() == [f"WhatsApp Chat with {d.ANA}.txt"]
    importer.source.close()


def test_whatsapp_on_iphone_names_the_chat_by_its_zip(workspace: Workspace, tmp_path: Path) -> None:
    """iOS exports "WhatsApp Chat - Ana Lima.zip" holding "_chat.txt" (bracketed times)."""
    chat = (
        f"[01/03/2024, 10:01:00] {d.ANA}: \u200eOlá!\n"
        f"[01/03/2024, 10:02:10] {d.OWNER}: Hello Ana\n"
        f"[01/03/2024, 10:03:00] {d.ANA}: \u200e<attached: 00000003-PHOTO-2024-03-01.jpg>\n"
    )
    folder = d.write(
        tmp_path / "ios", {"_chat.txt": chat, "00000003-PHOTO-2024-03-01.jpg": d.PHOTO}
    )
    workspace.import_(d.zipped(folder, tmp_path / f"WhatsApp Chat - {d.ANA}.zip"))
    thread = workspace.thread(workspace.titled(d.ANA))
    assert [m.direction for m in thread] == [
        Direction.INCOMING,
        Direction.OUTGOING,
        Direction.INCOMING,
    ]
    assert thread[2].attachments[0].local_path.endswith("00000003-PHOTO-2024-03-01.jpg")


def test_telegram_chats_split_right_whatever_the_key_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Each chat's messages are dealt out by count from a first pass, so a chat that
    writes its id after its messages, or an empty chat, does not shift the others."""
    chat = d.telegram_chat()
    late_id = {
        "messages": chat["messages"],
        "name": chat["name"],
        "type": "personal_chat",
        "id": chat["id"],
    }
    empty = {"name": "Nobody", "type": "personal_chat", "id": 5, "messages": []}
    other = {
        "name": d.CHLOE,
        "type": "personal_chat",
        "id": 999,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709290000",
                "from": d.CHLOE,
                "from_id": "user999",
                "text": "Only mine",
            }
        ],
    }
    export = {
        "personal_information": {"user_id": d.TG_OWNER_ID, "first_name": "Juniper"},
        "chats": {"list": [late_id, empty, other]},
    }
    import json

    folder = d.write(tmp_path / "tg", {"result.json": json.dumps(export)})
    workspace.import_(folder)
    assert [m.text for m in workspace.thread(workspace.titled(d.CHLOE))] == ["Only mine"]
    assert len(workspace.thread(workspace.titled(d.ANA))) == 4
