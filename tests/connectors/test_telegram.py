"""The Telegram connector against a fake Bot API on 127.0.0.1: every shape it
maps, and every failure it must tell apart."""

import json
import logging
from datetime import UTC, datetime

import pytest
from factories import add_account, ingest
from fakes.telegram_server import TOKEN

from dmdesk.connectors.base import AuthExpired, PermanentError, RateLimited, TemporaryError
from dmdesk.connectors.http import MalformedResponse
from dmdesk.connectors.telegram import TelegramConnector
from dmdesk.domain import (
    Attachment,
    AttachmentKind,
    Direction,
    ListQuery,
    OutgoingMessage,
    Participant,
    Platform,
)
from dmdesk.services.search_query import parse
from dmdesk.store.reads import InboxReader
from dmdesk.store.search import SearchReader

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def telegram(fake_telegram):
    connector = TelegramConnector(
        TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, timeout_s=0.5, clock=lambda: NOW
    )
    yield connector
    connector.close()


def reply(text: str, chat: str = "777", attachments=()) -> OutgoingMessage:
    return OutgoingMessage(1, "client-1", chat, text, (Participant(chat, "Nadia"),), attachments)


def test_check_says_who_the_bot_is(telegram) -> None:
    identity = telegram.check()
    assert (identity.display_name, identity.handle) == ("Juniper Bot", "@juniper_bot")


def test_a_wrong_token_asks_to_reconnect(fake_telegram) -> None:
    connector = TelegramConnector("999:wrong", base_url=fake_telegram.url, long_poll_seconds=0)
    with pytest.raises(AuthExpired, match="BotFather"):
        connector.check()
    connector.close()


def test_private_messages_map_to_a_conversation_with_the_person(fake_telegram, telegram) -> None:
    message_id = fake_telegram.customer_writes("Hi! Do you ship to Oslo? ❄️")
    result = telegram.fetch(None)
    (message,) = result.messages
    assert message.platform_conversation_id == "777"
    assert message.platform_message_id == f"777:{message_id}"
    assert message.direction is Direction.INCOMING
    assert message.text == "Hi! Do you ship to Oslo? ❄️"
    assert (message.sender.display_name, message.sender.handle) == ("Nadia", "@nadia_k")
    assert message.conversation_title == "Nadia"
    assert not message.is_group
    assert message.sent_at.tzinfo is not None
    assert result.cursor == str(fake_telegram.next_update_id + 1)
    # The next fetch confirms what was read: it does not come again.
    assert telegram.fetch(result.cursor).messages == ()


def test_groups_edits_attachments_and_business_messages(fake_telegram, telegram) -> None:
    group = {"id": -100200, "type": "supergroup", "title": "Wholesale buyers"}
    buyer = {"id": 31, "is_bot": False, "first_name": "Ola", "last_name": "Berg"}
    fake_telegram.push(
        "message", {"message_id": 1, "from": buyer, "chat": group, "date": 1, "text": "x"}
    )
    fake_telegram.push(
        "edited_message",
        {"message_id": 1, "from": buyer, "chat": group, "date": 1, "text": "x, edited"},
    )
    customer = {"id": 40, "is_bot": False, "first_name": "Ana"}
    owner = {"id": 41, "is_bot": False, "first_name": "Maya"}
    private = {**customer, "type": "private"}
    fake_telegram.push(
        "business_message",
        {
            "message_id": 9,
            "from": customer,
            "chat": private,
            "date": 2,
            "caption": "this one",
            "photo": [
                {"file_id": "s", "file_size": 10, "width": 90, "height": 60},
                {"file_id": "b", "file_size": 900, "width": 1280, "height": 853},
            ],
            "business_connection_id": "bc-1",
        },
    )
    fake_telegram.push(
        "business_message",
        {
            "message_id": 10,
            "from": owner,
            "chat": private,
            "date": 3,
            "text": "Sent from my phone",
            "document": {"file_name": "size-guide.pdf", "mime_type": "application/pdf"},
        },
    )
    first, edit, photo, from_phone = telegram.fetch(None).messages
    assert first.is_group and first.conversation_title == "Wholesale buyers"
    assert first.sender.display_name == "Ola Berg"
    assert edit.edited and edit.platform_message_id == first.platform_message_id
    assert photo.text == "this one"
    assert photo.attachments == (
        Attachment(
            AttachmentKind.IMAGE,
            "photo.jpg",
            "image/jpeg",
            url="tg-file:b",
            size=900,
            width=1280,
            height=853,
        ),
    )
    assert photo.direction is Direction.INCOMING
    assert from_phone.direction is Direction.OUTGOING  # the business owner, not Ana
    assert from_phone.conversation_title == "Ana"
    assert from_phone.attachments[0].name == "size-guide.pdf"


def test_a_malformed_update_is_skipped_and_the_rest_arrive(fake_telegram, telegram, caplog) -> None:
    fake_telegram.push_raw({"update_id": 5000, "message": {"chat": "not a chat"}})
    fake_telegram.push_raw(["not", "an", "update"])
    far_out = {"message_id": 1, "date": 10**20, "chat": {"id": 7, "type": "private"}, "text": "hi"}
    fake_telegram.push_raw({"update_id": 5001, "message": far_out})  # a date no calendar has
    fake_telegram.next_update_id = 5002
    fake_telegram.customer_writes("still here")
    result = telegram.fetch(None)
    assert [m.text for m in result.messages] == ["hi", "still here"]
    assert result.messages[0].sent_at == NOW  # kept, with the time it arrived
    assert "skipped Telegram update 5000" in caplog.text


def test_an_answer_that_is_not_json_is_a_temporary_problem(fake_telegram, telegram) -> None:
    fake_telegram.script(200, b"<html>502 Bad Gateway</html>")
    with pytest.raises(MalformedResponse, match="not JSON"):
        telegram.fetch(None)
    fake_telegram.script(200, {"result": []})
    with pytest.raises(MalformedResponse, match="no ok field"):
        telegram.fetch(None)


def test_429_waits_as_long_as_telegram_says(fake_telegram, telegram) -> None:
    fake_telegram.script(
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 17",
            "parameters": {"retry_after": 17},
        },
    )
    with pytest.raises(RateLimited) as raised:
        telegram.fetch(None)
    assert (raised.value.retry_at - NOW).total_seconds() == 17


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_temporary(fake_telegram, telegram, status: int) -> None:
    fake_telegram.script(status, {"ok": False, "error_code": status, "description": "Internal"})
    with pytest.raises(TemporaryError, match=str(status)):
        telegram.fetch(None)


def test_a_revoked_token_and_another_poller(fake_telegram, telegram) -> None:
    fake_telegram.script(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    with pytest.raises(AuthExpired):
        telegram.fetch(None)
    fake_telegram.script(
        409, {"ok": False, "error_code": 409, "description": "Conflict: terminated"}
    )
    with pytest.raises(TemporaryError, match="Another program"):
        telegram.fetch(None)


def test_connection_refused_and_a_slow_answer_are_temporary(fake_telegram, telegram) -> None:
    fake_telegram.script(200, {"ok": True, "result": []}, delay_s=1)
    with pytest.raises(TemporaryError, match="did not answer in time"):
        telegram.fetch(None)
    fake_telegram.cut()
    with pytest.raises(
        TemporaryError, match="No internet connection, or Telegram cannot be reached"
    ) as refused:
        telegram.fetch(None)
    assert "Errno" not in str(refused.value)  # words for the owner, not the system's


def test_send_returns_an_id_unique_for_the_bot(fake_telegram, telegram) -> None:
    platform_id = telegram.send(reply("Hi Nadia, yes: 5–10 days to Norway."))
    (sent,) = fake_telegram.sent
    assert sent["chat_id"] == 777
    assert sent["text"] == "Hi Nadia, yes: 5–10 days to Norway."
    assert platform_id == f"777:{sent['message_id']}"


def test_business_replies_carry_the_connection_id(fake_telegram) -> None:
    connector = TelegramConnector(
        TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, business_connection_id="bc-1"
    )
    connector.send(reply("From the shop"))
    connector.close()
    assert fake_telegram.sent[0]["business_connection_id"] == "bc-1"


def test_connecting_the_bot_in_telegram_business_is_read_and_replies_go_through_it(
    fake_telegram, telegram
) -> None:
    fake_telegram.owner_connects_business("bc-juniper")
    (connection,) = telegram.fetch(None).business_connections
    assert connection.connection_id == "bc-juniper" and connection.enabled
    assert connection.can_reply  # from rights.can_reply (Bot API 9)
    assert connection.owner.handle == "@maya_juniper"
    telegram.send(reply("From the shop"))
    assert fake_telegram.sent[-1]["business_connection_id"] == "bc-juniper"
    # The owner takes the bot away: replies go as the bot again.
    fake_telegram.owner_connects_business("bc-juniper", enabled=False)
    (gone,) = telegram.fetch(str(fake_telegram.next_update_id)).business_connections
    assert not gone.enabled
    telegram.send(reply("Still here"))
    assert "business_connection_id" not in fake_telegram.sent[-1]


def test_a_business_message_deleted_in_telegram_is_unsent_here_and_gone_from_search(
    fake_telegram, telegram, database, db_path
) -> None:
    account = add_account(database, Platform.TELEGRAM)
    kept = fake_telegram.customer_writes("Can I pick it up Friday?", kind="business_message")
    regret = fake_telegram.customer_writes("my card is 4111 1111", kind="business_message")
    first = telegram.fetch(None)
    ingest(database, account, list(first.messages), NOW)
    # Telegram names the deleted ids, with one DMDesk never had and one odd id.
    fake_telegram.customer_deletes(regret, 99999, True)
    deleted = telegram.fetch(first.cursor)
    assert all(m.amends and m.unsent for m in deleted.messages)
    assert [m.platform_message_id for m in deleted.messages] == [f"777:{regret}", "777:99999"]
    result = ingest(database, account, list(deleted.messages), NOW)
    assert result.new_message_ids == () and len(result.updated_message_ids) == 1
    reader = InboxReader(db_path)
    (conversation,) = reader.conversation_page(ListQuery())
    assert conversation.unread_count == 2  # a deletion is not news
    thread = reader.thread_page(conversation.id)
    assert [(m.platform_message_id, m.unsent) for m in thread] == [
        (f"777:{kept}", False),
        (f"777:{regret}", True),
    ]
    assert "4111" not in thread[1].text
    search = SearchReader(db_path)
    assert search.search(parse("4111")).hits == ()
    assert len(search.search(parse("Friday")).hits) == 1
    search.close()


def test_an_older_servers_can_reply_still_counts(fake_telegram, telegram) -> None:
    fake_telegram.push(
        "business_connection",
        {
            "id": "bc-old",
            "user": {"id": 1, "is_bot": False, "first_name": "Maya"},
            "user_chat_id": 1,
            "date": 0,
            "can_reply": False,
            "is_enabled": True,
        },
    )
    (connection,) = telegram.fetch(None).business_connections
    assert not connection.can_reply and connection.owner.display_name == "Maya"


def test_files_go_as_photos_or_documents(fake_telegram, telegram, tmp_path) -> None:
    photo = tmp_path / "scarf.png"
    photo.write_bytes(b"\x89PNG scarf")
    guide = tmp_path / "guide.pdf"
    guide.write_bytes(b"%PDF guide")
    attachments = (
        Attachment(AttachmentKind.IMAGE, "scarf.png", "image/png", local_path=str(photo)),
        Attachment(AttachmentKind.FILE, "guide.pdf", "application/pdf", local_path=str(guide)),
    )
    telegram.send(reply("Here you go", attachments=attachments))
    text, picture, document = fake_telegram.sent
    assert text["text"] == "Here you go"
    assert picture["photo"] == ("scarf.png", b"\x89PNG scarf")
    assert document["document"] == ("guide.pdf", b"%PDF guide")


def test_a_refused_send_is_permanent(fake_telegram, telegram) -> None:
    blocked = "Forbidden: bot was blocked by the user"
    fake_telegram.script(403, {"ok": False, "error_code": 403, "description": blocked})
    with pytest.raises(PermanentError, match="blocked by the user"):
        telegram.send(reply("hello?"))
    with pytest.raises(PermanentError, match="too long"):
        telegram.send(reply("x" * 4097))


def test_the_token_never_reaches_an_error_or_a_log_line(fake_telegram, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    connector = TelegramConnector(
        TOKEN, base_url=fake_telegram.url, long_poll_seconds=0, timeout_s=0.5
    )
    messages: list[str] = []
    fake_telegram.script(500, {"ok": False, "error_code": 500, "description": f"echo {TOKEN}"})
    fake_telegram.script(200, b"not json")
    fake_telegram.script(200, {"ok": True, "result": []}, delay_s=1)
    for _ in range(3):
        with pytest.raises(TemporaryError) as raised:
            connector.fetch(None)
        messages.append(str(raised.value))
    fake_telegram.cut()
    with pytest.raises(TemporaryError) as raised:
        connector.fetch(None)
    messages.append(str(raised.value))
    connector.close()
    assert len(messages) == 4
    everything = "\n".join(messages) + caplog.text
    assert TOKEN not in everything
    assert TOKEN.split(":")[1] not in everything


def test_videos_voice_notes_and_stickers_keep_their_size_length_and_poster(
    fake_telegram, telegram
) -> None:
    user = {"id": 5, "is_bot": False, "first_name": "Ana"}
    chat = {**user, "type": "private"}
    thumb = {"file_id": "poster", "width": 320, "height": 180}
    for message_id, field, item in (
        (
            1,
            "video",
            {"file_id": "v", "width": 1920, "height": 1080, "duration": 12, "thumbnail": thumb},
        ),
        (2, "voice", {"file_id": "n", "duration": 42, "mime_type": "audio/ogg"}),
        (3, "sticker", {"file_id": "st", "width": 512, "height": 512, "emoji": "💛"}),
        (
            4,
            "sticker",
            {
                "file_id": "lot",
                "width": 512,
                "height": 512,
                "is_animated": True,
                "thumbnail": thumb,
            },
        ),
        (5, "video_note", {"file_id": "round", "length": 240, "duration": 9}),
    ):
        fake_telegram.push(
            "message",
            {"message_id": message_id, "from": user, "chat": chat, "date": 1, field: item},
        )
    video, voice, sticker, lottie, round_note = (
        m.attachments[0] for m in telegram.fetch(None).messages
    )
    assert (video.kind, video.width, video.height, video.duration_ms) == (
        AttachmentKind.VIDEO,
        1920,
        1080,
        12_000,
    )
    assert video.poster_url == "tg-file:poster" and video.shows_inline
    assert (voice.kind, voice.duration_ms, voice.url) == (AttachmentKind.AUDIO, 42_000, "tg-file:n")
    assert sticker.kind is AttachmentKind.STICKER and sticker.shows_inline
    # An animated sticker is not a picture: its still thumbnail stands in for it.
    assert lottie.kind is AttachmentKind.VIDEO and lottie.poster_url == "tg-file:poster"
    assert (round_note.width, round_note.height) == (240, 240)


def test_a_file_downloads_through_get_file(fake_telegram, telegram) -> None:
    fake_telegram.files["b"] = b"\xff\xd8 a photo"
    photo = Attachment(AttachmentKind.IMAGE, "photo.jpg", url="tg-file:b", size=10)
    assert b"".join(telegram.download(photo)) == b"\xff\xd8 a photo"
    assert fake_telegram.requests[-2:] == ["getFile", "files/b"]


def test_a_file_over_the_bots_limit_or_unknown_says_what_to_do(fake_telegram, telegram) -> None:
    fake_telegram.files["big"] = b"x" * (20 * 1024 * 1024 + 1)
    big = Attachment(AttachmentKind.VIDEO, "film.mp4", url="tg-file:big")  # size not told
    with pytest.raises(PermanentError, match="up to 20 MB"):
        b"".join(telegram.download(big))
    with pytest.raises(PermanentError, match="invalid file_id"):
        b"".join(telegram.download(Attachment(AttachmentKind.IMAGE, "x", url="tg-file:gone")))
    with pytest.raises(PermanentError, match="does not know where"):
        b"".join(
            telegram.download(Attachment(AttachmentKind.IMAGE, "x", url="https://e.example/x"))
        )


def test_an_odd_file_path_is_refused(fake_telegram, telegram) -> None:
    fake_telegram.script(
        200, {"ok": True, "result": {"file_id": "b", "file_path": "../../etc/passwd"}}
    )
    with pytest.raises(MalformedResponse):
        b"".join(telegram.download(Attachment(AttachmentKind.IMAGE, "x", url="tg-file:b")))


def test_a_reply_to_a_message_keeps_the_link_both_ways(fake_telegram, telegram, tmp_path) -> None:
    user = {"id": 5, "is_bot": False, "first_name": "Ana"}
    chat = {**user, "type": "private"}
    original = {"message_id": 40, "from": user, "chat": chat, "date": 1, "text": "blue or green?"}
    fake_telegram.push(
        "message",
        {
            "message_id": 41,
            "from": user,
            "chat": chat,
            "date": 2,
            "text": "this one, in blue?",
            "reply_to_message": original,
        },
    )
    (answer,) = telegram.fetch(None).messages
    assert answer.reply_to == "5:40"
    photo = tmp_path / "blue.png"
    photo.write_bytes(b"\x89PNG blue")
    telegram.send(OutgoingMessage(1, "c1", "5", "Yes, the blue one", reply_to="5:41"))
    telegram.send(
        OutgoingMessage(
            2,
            "c2",
            "5",
            "",
            attachments=(
                Attachment(AttachmentKind.IMAGE, "blue.png", "image/png", local_path=str(photo)),
            ),
            reply_to="5:41",
        )
    )
    text, picture = fake_telegram.sent[-2:]
    assert text["reply_parameters"] == {"message_id": 41, "allow_sending_without_reply": True}
    assert json.loads(picture["reply_parameters"]) == {
        "message_id": 41,
        "allow_sending_without_reply": True,
    }
    telegram.send(OutgoingMessage(3, "c3", "5", "no link", reply_to="9:41"))  # another chat's
    assert "reply_parameters" not in fake_telegram.sent[-1]
