"""Shapes that real, published downloads have and our own samples did not: one
file picked on its own, older archives, names with commas, other languages. Each
test writes a file in that shape (the shapes are in #19) and imports it into a
real workspace."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import downloads as d
import pytest
from import_workspace import Workspace

from dmdesk.domain import AttachmentKind, Direction, Platform
from dmdesk.importers.errors import ImportQuestion
from dmdesk.importers.formats import open_download

THREAD = "your_instagram_activity/messages/inbox/analima_1234"

# --- Meta: one thread's file ----------------------------------------------------------


def test_a_thread_file_picked_in_its_folder_imports_that_thread_whole(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    folder = download(d.instagram_files())
    imported = workspace.import_(folder / THREAD / "message_1.json", me=d.OWNER)
    assert imported.preview.platform is Platform.INSTAGRAM  # your_instagram_activity says so
    assert (imported.preview.threads, imported.preview.messages) == (1, 7)  # message_2 too
    thread = workspace.thread(workspace.titled(d.ANA))
    assert thread[0].text == "Hi! Is the blue scarf still available?"
    photo = thread[2]
    assert photo.text == "" and Path(photo.attachments[0].local_path).read_bytes() == d.PHOTO
    assert thread[1].direction is Direction.OUTGOING


def test_a_thread_file_on_its_own_asks_where_it_is_from_then_joins_the_whole_download(
    workspace: Workspace, download: Callable[..., Path], tmp_path: Path
) -> None:
    folder = download(d.instagram_files())
    picked = tmp_path / "picked" / "message_1.json"
    picked.parent.mkdir()
    shutil.copy(folder / THREAD / "message_1.json", picked)
    with pytest.raises(ImportQuestion) as asked:
        open_download(picked)
    assert [a.label for a in asked.value.answers] == ["Instagram", "Facebook Messenger"]
    assert "--format instagram" in str(asked.value)
    imported = workspace.import_(picked, me=d.OWNER, format_name="instagram")
    assert imported.preview.messages == 4
    # The thread's name came from its thread_path: the whole download later is the
    # same conversation, and adds only what the one file did not hold.
    again = workspace.import_(folder, me=d.OWNER)
    assert (again.summary.messages_added, again.summary.already_there) == (6, 4)
    assert len(workspace.thread(workspace.titled(d.ANA))) == 7


def test_a_thread_file_on_its_own_says_messenger_by_a_field_only_messenger_writes(
    tmp_path: Path,
) -> None:
    folder = d.write(tmp_path / "dl", d.messenger_files())
    picked = tmp_path / "message_1.json"
    shutil.copy(
        folder / "your_facebook_activity/messages/inbox/chloemartin_111/message_1.json", picked
    )
    importer = open_download(picked)
    assert importer.format == "messenger"  # call_duration, sticker
    importer.source.close()


@pytest.mark.parametrize(
    "notice",
    [
        f"{d.ANA} sent an attachment.",
        f"{d.ANA} envió un archivo adjunto.",
        f"{d.ANA} hat einen Anhang gesendet.",
        f"{d.ANA} a envoyé une pièce jointe.",
        f"{d.ANA} wysłała załącznik.",
    ],
)
def test_the_attachment_notice_is_dropped_in_every_language(
    workspace: Workspace, download: Callable[..., Path], notice: str
) -> None:
    files = d.instagram_files()
    name = f"{THREAD}/message_2.json"
    data = json.loads(files[name])  # type: ignore[arg-type]
    for message in data["messages"]:
        if message.get("photos"):
            message["content"] = d.mojibake(notice)
    files[name] = json.dumps(data)
    workspace.import_(download(files))
    thread = workspace.thread(workspace.titled(d.ANA))
    assert thread[2].text == "" and thread[2].attachments[0].kind is AttachmentKind.IMAGE


def test_a_caption_that_starts_with_the_name_is_kept(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    files = d.instagram_files()
    name = f"{THREAD}/message_2.json"
    data = json.loads(files[name])  # type: ignore[arg-type]
    for message in data["messages"]:
        if message.get("photos"):
            message["content"] = f"{d.ANA} here. See https://shop.example/stain."
    files[name] = json.dumps(data)
    workspace.import_(download(files))
    thread = workspace.thread(workspace.titled(d.ANA))
    assert thread[2].text == f"{d.ANA} here. See https://shop.example/stain."


# --- X ---------------------------------------------------------------------------------


def test_the_dm_file_picked_on_its_own_imports_with_its_media_and_owner(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = d.write(tmp_path / "archive", d.x_files())
    imported = workspace.import_(folder / "data" / "direct-messages.js")
    assert imported.preview.owner is not None and imported.preview.owner.id == d.X_OWNER_ID
    thread = workspace.thread(workspace.titled(f"X user {d.X_ANA_ID}"))
    assert [m.platform_message_id for m in thread] == ["5001", "5002", "5003"]
    assert thread[1].attachments[0].local_path.endswith("5002-stain.jpg")


def test_the_group_dm_file_picked_on_its_own_without_data_around_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = d.x_files()
    lone = d.write(
        tmp_path / "lone", {"direct-messages-group.js": files["data/direct-messages-group.js"]}
    )
    imported = workspace.import_(lone / "direct-messages-group.js", me=d.X_BJORN_ID)
    assert imported.preview.messages == 1
    assert workspace.titled("Hat order").is_group


def test_the_2018_archive_with_epoch_milliseconds_and_a_welcome_message(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """2018's archives: direct-message.js at the root, times as epoch ms in strings,
    and the welcome message a business shows (welcomeMessageCreate)."""

    def event(kind: str, mid: str, sender: str, recipient: str, text: str, at: str) -> dict:
        body = {
            "recipientId": recipient,
            "reactions": [],
            "urls": [],
            "text": text,
            "mediaUrls": [],
            "senderId": sender,
            "id": mid,
            "createdAt": at,
        }
        return {kind: body}

    messages = [
        event(
            "messageCreate",
            "903",
            d.X_ANA_ID,
            d.X_OWNER_ID,
            "Do you ship to Porto?",
            "1534138627670",
        ),
        event(
            "welcomeMessageCreate",
            "902",
            d.X_OWNER_ID,
            d.X_ANA_ID,
            "Welcome to Juniper & Thread! Ask us anything.",
            "1534138567670",
        ),
    ]
    files = {
        "account.js": "window.YTD.account.part0 = "
        + json.dumps([{"account": {"accountId": d.X_OWNER_ID, "username": "juniperthread"}}]),
        "direct-message.js": "window.YTD.direct_message.part0 = "
        + json.dumps(
            [
                {
                    "dmConversation": {
                        "conversationId": f"{d.X_OWNER_ID}-{d.X_ANA_ID}",
                        "messages": messages,
                    }
                }
            ],
            indent=2,
        ),
    }
    imported = workspace.import_(download(files))
    assert imported.preview.owner is not None and imported.preview.owner.handle == "juniperthread"
    welcome, question = workspace.thread(workspace.titled(f"X user {d.X_ANA_ID}"))
    assert welcome.text.startswith("Welcome to Juniper") and welcome.direction is Direction.OUTGOING
    assert welcome.sent_at.isoformat() == "2018-08-13T05:36:07.670000+00:00"
    assert question.text == "Do you ship to Porto?" and question.direction is Direction.INCOMING
