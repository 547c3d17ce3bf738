"""Shapes that real, published downloads have and our own samples did not: one
file picked on its own, older archives, names with commas, other languages. Each
test writes a file in that shape (the shapes are in #19) and imports it into a
real workspace."""

from __future__ import annotations

import csv
import io
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
from dmdesk.services.importing import NothingToImport

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


# --- LinkedIn --------------------------------------------------------------------------

FEMI = "Femi O SPHRi, CPHR"
FEMI_URL = "https://www.linkedin.com/in/femi-o"


def linkedin_csv(columns: list[str], rows: list[list[str]]) -> dict[str, str | bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return {"messages.csv": out.getvalue()}


def test_a_name_with_a_comma_is_one_person_and_the_same_with_or_without_a_url(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    """An older messages.csv: no RECIPIENT PROFILE URLS column, the sender's URL only."""
    columns = [
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
    ]
    rows = [
        [
            "c-1",
            "",
            FEMI,
            FEMI_URL,
            d.OWNER,
            "2023-04-22 08:18:59 UTC",
            "",
            "Hello! Collab?",
            "INBOX",
        ],
        [
            "c-1",
            "",
            d.OWNER,
            d.OWNER_URL,
            FEMI,
            "2023-04-22 09:00:00 UTC",
            "",
            "Sounds good",
            "INBOX",
        ],
        [
            "c-2",
            "",
            d.OWNER,
            d.OWNER_URL,
            FEMI,
            "2023-05-01 09:00:00 UTC",
            "",
            "Following up",
            "INBOX",
        ],
    ]
    imported = workspace.import_(download(linkedin_csv(columns, rows)), me=d.OWNER)
    assert imported.preview.threads == 2
    assert "CPHR" not in {p.name for p in imported.preview.people}
    conversations = workspace.conversations()
    assert [c.is_group for c in conversations] == [False, False]
    assert {c.title for c in conversations} == {FEMI}
    # "TO" names Femi without a URL; his own rows give it: one person in both
    # conversations, c-2 included, where he never wrote.
    assert [[p.platform_user_id for p in c.participants] for c in conversations] == [
        [FEMI_URL],
        [FEMI_URL],
    ]
    assert len({c.contact_id for c in conversations}) == 1


def test_a_group_is_read_from_the_profile_urls_and_an_inmail_becomes_plain_text(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    rows = [
        [
            "g-1",
            "Launch",
            d.ANA,
            d.ANA_URL,
            f"{d.OWNER},{FEMI}",
            f"{d.OWNER_URL},{FEMI_URL}",
            "2024-03-01 09:00:00 UTC",
            "",
            "Kick-off at 10",
            "INBOX",
            "",
        ],
        [
            "g-1",
            "Launch",
            FEMI,
            FEMI_URL,
            f"{d.ANA},{d.OWNER}",
            f"{d.ANA_URL},{d.OWNER_URL}",
            "2024-03-01 09:05:00 UTC",
            "",
            "See you",
            "INBOX",
            "",
        ],
        [
            "in-1",
            "",
            "Recruiter",
            "https://www.linkedin.com/in/rec",
            d.OWNER,
            d.OWNER_URL,
            "2024-03-02 09:00:00 UTC",
            "Wholesale",
            '<p class="spinmail-quill-editor__spin-break">Hi Juniper,</p>'
            '<p class="x">We&#39;d love <b>200</b> scarves.<br>Best, R.</p>',
            "INBOX",
            "",
        ],
    ]
    imported = workspace.import_(download(linkedin_csv(d.LINKEDIN_COLUMNS, rows)))
    assert imported.preview.owner is not None
    group = workspace.titled("Launch")
    assert group.is_group
    assert {p.platform_user_id for p in group.participants} == {d.ANA_URL, FEMI_URL}
    (inmail,) = workspace.thread(workspace.titled("Recruiter"))
    assert inmail.text == "Hi Juniper,\n\nWe'd love 200 scarves.\nBest, R."


# --- Telegram --------------------------------------------------------------------------


def channel(name: str = "Knit news", kind: str = "public_channel") -> dict:
    return {
        "name": name,
        "type": kind,
        "id": 99,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709280000",
                "from": name,
                "from_id": "channel99",
                "text": "New yarn in stock",
            }
        ],
    }


def test_an_export_of_one_channel_says_it_holds_only_channels(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    importer = open_download(download({"result.json": json.dumps(channel())}))
    with pytest.raises(NothingToImport, match="holds only channels, which DMDesk does not import"):
        workspace.service.preview(importer)
    importer.source.close()


def test_a_whole_account_of_channels_says_so_and_keeps_no_empty_account(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    export = {
        "personal_information": {"user_id": d.TG_OWNER_ID, "first_name": "Juniper"},
        "chats": {"list": [channel(), channel("Yarn deals", "private_channel")]},
    }
    importer = open_download(download({"result.json": json.dumps(export)}))
    owner = importer.owner()
    assert owner is not None  # the command line goes straight to writing
    with pytest.raises(NothingToImport, match="holds only channels"):
        workspace.service.run(importer, owner)
    importer.source.close()
    with workspace.database.transaction() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM accounts").scalar_one()
    assert count == 0


# --- WhatsApp --------------------------------------------------------------------------


def test_an_iphone_group_export_invents_no_one_and_keeps_edits_and_left_out_photos(
    workspace: Workspace, tmp_path: Path
) -> None:
    chat = (
        "[13/01/2020, 09:59:00] Knit club: \u200eMessages and calls are end-to-end encrypted.\n"
        f"[13/01/2020, 10:00:00] Knit club: \u200e{d.ANA} changed the group name to “Knit club”\n"
        f"[13/01/2020, 10:01:00] {d.ANA}: Stall 14 on Saturday \u200e<Se editó este mensaje.>\n"
        f"[13/01/2020, 10:02:00] {d.BJORN}: \u200eimagen omitida\n"
        f"[13/01/2020, 10:03:00] {d.OWNER}: See you there\n"
        f"[13/01/2020, 10:04:00] {d.BJORN}: \u200eLlamada de voz perdida\n"
    )
    folder = d.write(tmp_path / "ios", {"_chat.txt": chat})
    imported = workspace.import_(
        d.zipped(folder, tmp_path / "WhatsApp Chat - Knit club.zip"), me=d.OWNER
    )
    assert {p.name for p in imported.preview.people} == {d.ANA, d.BJORN, d.OWNER}
    assert imported.summary.skipped == {"notices the platform wrote (“created group” …)": 3}
    group = workspace.titled("Knit club")
    assert group.is_group
    assert {p.display_name for p in group.participants} == {d.ANA, d.BJORN}
    edited, photo, reply = workspace.thread(group)
    assert edited.edited and edited.text == "Stall 14 on Saturday"
    assert photo.text == "" and photo.attachments[0].kind is AttachmentKind.IMAGE
    assert photo.attachments[0].name == "Photo not included in the export"
    assert reply.direction is Direction.OUTGOING


def test_a_chat_whose_dates_read_both_ways_imports_as_the_user_says(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    chat = "03/04/2019, 10:00 - Ana: hi\n03/04/2019, 10:01 - Shop: hello\n"
    folder = download({"WhatsApp Chat with Ana.txt": chat})
    with pytest.raises(ImportQuestion):
        workspace.import_(folder, me="Shop")
    imported = workspace.import_(folder, me="Shop", dates="mdy")
    assert imported.preview.first is not None and imported.preview.first.month == 3
