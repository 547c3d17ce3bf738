"""Data downloads in each platform's shape, with invented people, written for tests.

Real downloads are private; these follow ``shared/docs/contracts/DATA-DOWNLOADS.md``
field by field. ``newer=True`` writes the same history plus later messages, as a
download taken a month later would.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from picture_files import tiny_png

OWNER = "Juniper Thread"
ANA = "Ana Lima"
BJORN = "Björn Öberg"
CHLOE = "Chloé Martin"
PHOTO = tiny_png(120, 90)
"""A real picture, as a download's photos are (the thread draws them)."""

BASE = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def ms(minutes: int) -> int:
    return int(BASE.timestamp() * 1000) + minutes * 60_000


def mojibake(text: str) -> str:
    """What Meta's exporter does to a string: each UTF-8 byte becomes a character."""
    return text.encode("utf-8").decode("latin-1")


def meta_json(data: Any) -> str:
    def damage(value: Any) -> Any:
        if isinstance(value, str):
            return mojibake(value)
        if isinstance(value, list):
            return [damage(v) for v in value]
        if isinstance(value, dict):
            return {k: damage(v) for k, v in value.items()}
        return value

    return json.dumps(damage(data), indent=2)  # ensure_ascii: "\u00e2\u0080\u0099"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


# --- Instagram ----------------------------------------------------------------


def instagram_files(newer: bool = False) -> dict[str, str | bytes]:
    root = "your_instagram_activity/messages"
    ana = [
        {
            "sender_name": ANA,
            "timestamp_ms": ms(0),
            "content": "Hi! Is the blue scarf still available?",
        },
        {
            "sender_name": OWNER,
            "timestamp_ms": ms(5),
            "content": "Yes, it is! I don’t have many left.",
        },
        {
            "sender_name": ANA,
            "timestamp_ms": ms(6),
            "content": f"{ANA} sent an attachment.",
            "photos": [
                {"uri": f"{root}/inbox/analima_1234/photos/scarf.png", "creation_timestamp": 1}
            ],
        },
        {
            "sender_name": OWNER,
            "timestamp_ms": ms(7),
            "content": "ok",
            "reactions": [{"reaction": "❤", "actor": ANA}],
        },
        {"sender_name": OWNER, "timestamp_ms": ms(7), "content": "ok"},
        {
            "sender_name": ANA,
            "timestamp_ms": ms(8),
            "share": {"link": "https://example.com/p/scarf", "share_text": "This one"},
        },
        {"sender_name": ANA, "timestamp_ms": ms(9), "is_unsent": True},
    ]
    if newer:
        ana.append(
            {"sender_name": ANA, "timestamp_ms": ms(60 * 24), "content": "Thanks, it arrived 😍"}
        )
    ana.reverse()  # newest first, as Instagram writes them
    files: dict[str, str | bytes] = {
        "personal_information/personal_information/personal_information.json": meta_json(
            {
                "profile_user": [
                    {
                        "string_map_data": {
                            "Name": {"value": OWNER},
                            "Username": {"value": "juniper.thread"},
                        }
                    }
                ]
            }
        ),
        f"{root}/inbox/analima_1234/photos/scarf.png": PHOTO,
        # A long thread is split: message_1 has the newest messages.
        f"{root}/inbox/analima_1234/message_1.json": meta_json(
            {
                "participants": [{"name": ANA}, {"name": OWNER}],
                "messages": ana[:4],
                "title": ANA,
                "is_still_participant": True,
                "thread_path": "inbox/analima_1234",
                "magic_words": [],
            }
        ),
        f"{root}/inbox/analima_1234/message_2.json": meta_json(
            {
                "participants": [{"name": ANA}, {"name": OWNER}],
                "messages": ana[4:],
                "title": ANA,
                "is_still_participant": True,
                "thread_path": "inbox/analima_1234",
                "magic_words": [],
            }
        ),
        f"{root}/inbox/knitclub_5678/message_1.json": meta_json(
            {
                "participants": [{"name": BJORN}, {"name": CHLOE}, {"name": OWNER}],
                "title": "Knit club ✂️",
                "thread_type": "RegularGroup",
                "thread_path": "inbox/knitclub_5678",
                "messages": [
                    {
                        "sender_name": CHLOE,
                        "timestamp_ms": ms(30),
                        "content": "Ça marche, à jeudi !",
                    },
                    {
                        "sender_name": BJORN,
                        "timestamp_ms": ms(20),
                        "content": "Smörgåsbord on Thursday?",
                    },
                ],
            }
        ),
        f"{root}/message_requests/bjornoberg_9999/message_1.json": meta_json(
            {
                "participants": [{"name": BJORN}, {"name": OWNER}],
                "title": BJORN,
                "thread_path": "message_requests/bjornoberg_9999",
                "messages": [
                    {
                        "sender_name": BJORN,
                        "timestamp_ms": ms(40),
                        "content": "Wholesale prices? 🧶",
                    }
                ],
            }
        ),
    }
    return files


# --- Messenger ------------------------------------------------------------------


def messenger_files() -> dict[str, str | bytes]:
    root = "your_facebook_activity/messages"
    return {
        "personal_information/profile_information/profile_information.json": meta_json(
            {"profile_v2": {"name": {"full_name": OWNER}}}
        ),
        f"{root}/inbox/chloemartin_111/message_1.json": meta_json(
            {
                "participants": [{"name": CHLOE}, {"name": OWNER}],
                "title": CHLOE,
                "thread_path": "inbox/chloemartin_111",
                "messages": [
                    {
                        "sender_name": OWNER,
                        "timestamp_ms": ms(3),
                        "content": "Merci Chloé !",
                        "type": "Generic",
                    },
                    {
                        "sender_name": CHLOE,
                        "timestamp_ms": ms(2),
                        "type": "Call",
                        "call_duration": 65,
                        "content": "Chloé started an audio call.",
                    },
                    {
                        "sender_name": CHLOE,
                        "timestamp_ms": ms(1),
                        "type": "Generic",
                        "sticker": {"uri": f"{root}/stickers_used/heart.png"},
                    },
                ],
                "image": {"uri": f"{root}/inbox/chloemartin_111/photos/t.png"},
            }
        ),
        f"{root}/stickers_used/heart.png": PHOTO,
        f"{root}/archived_threads/analima_222/message_1.json": meta_json(
            {
                "participants": [{"name": ANA}, {"name": OWNER}],
                "title": ANA,
                "thread_path": "archived_threads/analima_222",
                "messages": [
                    {"sender_name": ANA, "timestamp_ms": ms(10), "content": "Old order, all good"}
                ],
            }
        ),
        f"{root}/e2ee_cutover/bjornoberg_333/message_1.json": meta_json(
            {
                "participants": [{"name": BJORN}, {"name": OWNER}],
                "title": BJORN,
                "thread_path": "e2ee_cutover/bjornoberg_333",
                "messages": [
                    {"sender_name": BJORN, "timestamp_ms": ms(15), "content": "Before encryption"}
                ],
            }
        ),
        f"{root}/filtered_threads/spammy_444/message_1.json": meta_json(
            {
                "participants": [{"name": "Promo Bot"}, {"name": OWNER}],
                "title": "Promo Bot",
                "thread_path": "filtered_threads/spammy_444",
                "messages": [
                    {"sender_name": "Promo Bot", "timestamp_ms": ms(16), "content": "Win a prize"}
                ],
            }
        ),
    }


# --- X ------------------------------------------------------------------------------

X_OWNER_ID = "1000"
X_ANA_ID = "2000"
X_BJORN_ID = "3000"


def x_files(newer: bool = False) -> dict[str, str | bytes]:
    def message(
        mid: str, sender: str, recipient: str | None, text: str, minute: int, **more: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "senderId": sender,
            "id": mid,
            "text": text,
            "createdAt": datetime.fromtimestamp(ms(minute) / 1000, UTC)
            .isoformat()
            .replace("+00:00", ".000Z"),
            "mediaUrls": [],
            "urls": [],
            "reactions": [],
        }
        if recipient:
            body["recipientId"] = recipient
        body.update(more)
        return {"messageCreate": body}

    one_to_one = [
        message(
            "5003",
            X_OWNER_ID,
            X_ANA_ID,
            "Here: https://t.co/abc &amp; thanks",
            3,
            urls=[
                {
                    "url": "https://t.co/abc",
                    "expanded": "https://shop.example/scarf",
                    "display": "shop.example/scarf",
                }
            ],
        ),
        message(
            "5002",
            X_ANA_ID,
            X_OWNER_ID,
            "Photo of the stain https://t.co/img",
            2,
            mediaUrls=["https://ton.twitter.com/dm/5002/stain.jpg"],
        ),
        message("5001", X_ANA_ID, X_OWNER_ID, "Is this wool &lt;100%&gt;?", 1),
    ]
    if newer:
        one_to_one.insert(0, message("5004", X_ANA_ID, X_OWNER_ID, "Got it, thanks!", 100))
    group = [
        message("6002", X_BJORN_ID, None, "Group order for 3 hats", 21),
        {
            "conversationNameUpdate": {
                "initiatingUserId": X_BJORN_ID,
                "name": "Hat order",
                "createdAt": "2024-03-01T09:20:30.000Z",
            }
        },
        {
            "joinConversation": {
                "initiatingUserId": X_BJORN_ID,
                "participantsSnapshot": [X_OWNER_ID, X_BJORN_ID, X_ANA_ID],
                "createdAt": "2024-03-01T09:20:00.000Z",
            }
        },
    ]
    return {
        "data/account.js": "window.YTD.account.part0 = "
        + json.dumps(
            [
                {
                    "account": {
                        "accountId": X_OWNER_ID,
                        "username": "juniperthread",
                        "accountDisplayName": OWNER,
                    }
                }
            ]
        ),
        "data/direct-messages.js": "window.YTD.direct_messages.part0 = "
        + json.dumps(
            [
                {
                    "dmConversation": {
                        "conversationId": f"{X_OWNER_ID}-{X_ANA_ID}",
                        "messages": one_to_one,
                    }
                }
            ],
            indent=2,
        ),
        "data/direct-messages-group.js": "window.YTD.direct_messages_group.part0 = "
        + json.dumps([{"dmConversation": {"conversationId": "777888", "messages": group}}]),
        "data/direct_messages_media/5002-stain.jpg": PHOTO,
    }


# --- LinkedIn -----------------------------------------------------------------------

LINKEDIN_COLUMNS = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
]
ANA_URL = "https://www.linkedin.com/in/ana-lima-1"
OWNER_URL = "https://www.linkedin.com/in/juniper-thread"


def linkedin_files(newer: bool = False) -> dict[str, str | bytes]:
    rows = [
        [
            "2-abc",
            "",
            ANA,
            ANA_URL,
            OWNER,
            OWNER_URL,
            "2024-03-01 09:00:00 UTC",
            "",
            'Hello,\nwe\'d like 200 scarves for our staff.\n"Quoted", and, commas',
            "INBOX",
            "",
        ],
        [
            "2-abc",
            "",
            OWNER,
            OWNER_URL,
            ANA,
            ANA_URL,
            "2024-03-01 10:00:00 UTC",
            "",
            "Happy to help!",
            "INBOX",
            "",
        ],
        [
            "sp-1",
            "Sponsored Conversation",
            "Ad Co",
            "",
            OWNER,
            OWNER_URL,
            "2024-03-02 10:00:00 UTC",
            "",
            "<p>Buy <b>now</b></p>",
            "INBOX",
            "",
        ],
        [
            "2-abc",
            "",
            "",
            "",
            "",
            "",
            "2024-03-01 10:05:00 UTC",
            "",
            "You are now connected",
            "INBOX",
            "",
        ],
    ]
    if newer:
        rows.append(
            [
                "2-abc",
                "",
                ANA,
                ANA_URL,
                OWNER,
                OWNER_URL,
                "2024-04-01 09:00:00 UTC",
                "",
                "Invoice paid",
                "INBOX",
                "",
            ]
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LINKEDIN_COLUMNS)
    writer.writerows(rows)
    profile = io.StringIO()
    csv.writer(profile).writerows(
        [["First Name", "Last Name", "Headline"], ["Juniper", "Thread", "Knitwear"]]
    )
    return {"messages.csv": "\ufeff" + out.getvalue(), "Profile.csv": profile.getvalue()}


# --- Telegram -----------------------------------------------------------------------

TG_OWNER_ID = 424242
TG_ANA_ID = 777001


def telegram_chat(newer: bool = False) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [
        {
            "id": 1,
            "type": "message",
            "date": "2024-03-01T10:00:00",
            "date_unixtime": str(ms(0) // 1000),
            "from": ANA,
            "from_id": f"user{TG_ANA_ID}",
            "text": "Do you ship to Lisbon?",
            "text_entities": [],
        },
        {
            "id": 2,
            "type": "message",
            "date": "2024-03-01T10:05:00",
            "date_unixtime": str(ms(5) // 1000),
            "from": OWNER,
            "from_id": f"user{TG_OWNER_ID}",
            "reply_to_message_id": 1,
            "text": [
                "Yes! See ",
                {"type": "text_link", "text": "shipping", "href": "https://shop.example/ship"},
                " 📦",
            ],
            "text_entities": [],
        },
        {
            "id": 3,
            "type": "message",
            "date": "2024-03-01T10:06:00",
            "date_unixtime": str(ms(6) // 1000),
            "from": ANA,
            "from_id": f"user{TG_ANA_ID}",
            "photo": "photos/photo_1@01-03-2024_10-06-00.jpg",
            "width": 10,
            "height": 10,
            "text": "",
        },
        {
            "id": 4,
            "type": "message",
            "date_unixtime": str(ms(7) // 1000),
            "from": ANA,
            "from_id": f"user{TG_ANA_ID}",
            "file": "(File not included. Change data exporting settings to download.)",
            "file_name": "invoice.pdf",
            "media_type": "document",
            "text": "my invoice",
        },
        {
            "id": 5,
            "type": "service",
            "date_unixtime": str(ms(8) // 1000),
            "actor": ANA,
            "actor_id": f"user{TG_ANA_ID}",
            "action": "phone_call",
            "duration_seconds": 60,
            "text": "",
        },
    ]
    if newer:
        messages.append(
            {
                "id": 6,
                "type": "message",
                "date_unixtime": str(ms(600) // 1000),
                "from": ANA,
                "from_id": f"user{TG_ANA_ID}",
                "text": "Arrived!",
                "edited": "2024-03-01T20:00:00",
            }
        )
    return {"name": ANA, "type": "personal_chat", "id": TG_ANA_ID, "messages": messages}


def telegram_files(newer: bool = False, one_chat: bool = False) -> dict[str, str | bytes]:
    photo = {"photos/photo_1@01-03-2024_10-06-00.jpg": PHOTO}
    if one_chat:
        return {
            "result.json": json.dumps(telegram_chat(newer), ensure_ascii=False, indent=1),
            **photo,
        }
    export = {
        "about": "Here is the data you requested.",
        "personal_information": {
            "user_id": TG_OWNER_ID,
            "first_name": "Juniper",
            "last_name": "Thread",
            "phone_number": "+49 000",
            "username": "@juniperthread",
            "bio": "",
        },
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                telegram_chat(newer),
                {
                    "name": "Knit news",
                    "type": "public_channel",
                    "id": 99,
                    "messages": [
                        {
                            "id": 1,
                            "type": "message",
                            "date_unixtime": "1709280000",
                            "from": "Knit news",
                            "from_id": "channel99",
                            "text": "Not a DM",
                        }
                    ],
                },
                {
                    "name": "Market stall",
                    "type": "private_group",
                    "id": 55,
                    "messages": [
                        {
                            "id": 1,
                            "type": "service",
                            "date_unixtime": str(ms(1) // 1000),
                            "actor": OWNER,
                            "actor_id": f"user{TG_OWNER_ID}",
                            "action": "create_group",
                            "title": "Market stall",
                            "members": [OWNER, BJORN],
                            "text": "",
                        },
                        {
                            "id": 2,
                            "type": "message",
                            "date_unixtime": str(ms(2) // 1000),
                            "from": BJORN,
                            "from_id": "user888",
                            "text": "Stall 14 on Saturday",
                        },
                    ],
                },
            ],
        },
        "left_chats": {
            "about": "",
            "list": [
                {
                    "name": CHLOE,
                    "type": "personal_chat",
                    "id": 999,
                    "messages": [
                        {
                            "id": 1,
                            "type": "message",
                            "date_unixtime": str(ms(50) // 1000),
                            "from": CHLOE,
                            "from_id": "user999",
                            "text": "Bye!",
                        }
                    ],
                },
            ],
        },
    }
    return {
        "DataExport_2024-03-02/result.json": json.dumps(export, ensure_ascii=False, indent=1),
        **{f"DataExport_2024-03-02/{k}": v for k, v in photo.items()},
    }


# --- WhatsApp -----------------------------------------------------------------------


def whatsapp_files(newer: bool = False) -> dict[str, str | bytes]:
    lines = [
        "\u200e01/03/2024, 10:00 - Messages and calls are end-to-end encrypted. "
        "No one outside of this chat can read them.",
        f"01/03/2024, 10:01 - {ANA}: Olá! Do you have the scarf in green?",
        f"01/03/2024, 10:02 - {OWNER}: I do!",
        "Two shades, in fact:",
        "moss and sage",
        f"01/03/2024, 10:03 - {ANA}: IMG-20240301-WA0001.jpg (file attached)",
        f"01/03/2024, 10:03 - {ANA}: ok",
        f"01/03/2024, 10:03 - {ANA}: ok",
        f"13/03/2024, 18:30 - {OWNER}: <Media omitted>",
    ]
    if newer:
        lines.append(f"20/03/2024, 08:00 - {ANA}: Received, thank you!")
    return {
        f"WhatsApp Chat with {ANA}.txt": "\n".join(lines) + "\n",
        "IMG-20240301-WA0001.jpg": PHOTO,
    }
