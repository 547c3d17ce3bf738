"""End-to-end encrypted direct chats against a real Synapse. The customer is a real
encrypting Matrix client (matrix-nio's AsyncClient, as bots and apps use it), so
the keys DMDesk publishes, claims and shares must work for someone else's code."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from matrix_homeserver import Homeserver, MatrixUser
from nio import AsyncClient, AsyncClientConfig, MegolmEvent, RoomEncryptedImage, RoomMessageText

from dmdesk.connectors.base import PermanentError
from dmdesk.connectors.matrix import UNDECRYPTABLE, UNREADABLE_HERE, MatrixConnector
from dmdesk.connectors.matrix_session import MatrixCredential, sign_in
from dmdesk.domain import Attachment, AttachmentKind, Direction, OutgoingMessage

names = (f"crypt{n}" for n in itertools.count())
ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class Customer:
    """A person on an encrypting Matrix app, driven step by step from the test."""

    def __init__(self, homeserver: Homeserver, user: MatrixUser, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        self.loop = asyncio.new_event_loop()
        self.user = user
        self.url = homeserver.url
        self.client = AsyncClient(
            homeserver.url,
            user.user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True),
        )
        self.run(self.client.login(user.password, device_name="Customer's phone"))
        self.sync()

    def run(self, step):
        return self.loop.run_until_complete(step)

    def sync(self):
        answer = self.run(self.client.sync(timeout=0, full_state=True))
        if self.client.should_upload_keys:
            self.run(self.client.keys_upload())
        return answer

    def open_encrypted_chat(self, shop: str) -> str:
        created = self.run(
            self.client.room_create(invite=[shop], is_direct=True, initial_state=[ENCRYPTION])
        )
        return str(created.room_id)

    def say(self, room: str, text: str) -> None:
        self.sync()  # learn who joined, so their devices get the room key
        self.run(
            self.client.room_send(
                room,
                "m.room.message",
                {"msgtype": "m.text", "body": text},
                ignore_unverified_devices=True,
            )
        )

    def say_with_the_key_late(self, room: str, text: str):
        """Send a message whose room key travels only when the returned call is made,
        as happens when keys come over federation or from a key backup after it."""
        import httpx

        self.sync()
        client = self.client
        if not client.rooms[room].members_synced:
            self.run(client.joined_members(room))
        if client.should_query_keys:
            self.run(client.keys_query())
        missing = client.get_missing_sessions(room)
        if missing:
            self.run(client.keys_claim(missing))
        users = list(client.rooms[room].users)
        shares = list(
            client.olm.share_group_session_parallel(room, users, ignore_unverified_devices=True)
        )
        client.olm.outbound_group_sessions[room].shared = True
        _, content = client.encrypt(room, "m.room.message", {"msgtype": "m.text", "body": text})
        auth = {"Authorization": f"Bearer {client.access_token}"}
        api = f"{self.url}/_matrix/client/v3"
        httpx.put(
            f"{api}/rooms/{room}/send/m.room.encrypted/late-{len(text)}", json=content, headers=auth
        ).raise_for_status()

        def deliver_the_key() -> None:
            for number, (_, to_devices) in enumerate(shares):
                httpx.put(
                    f"{api}/sendToDevice/m.room.encrypted/key-{number}-{len(text)}",
                    json=to_devices,
                    headers=auth,
                ).raise_for_status()

        return deliver_the_key

    def send_encrypted_photo(self, room: str, name: str, data: bytes) -> None:
        """A photo as encrypting apps send one: the file encrypted before upload,
        its key in the (encrypted) message."""
        import httpx
        from nio.crypto.attachments import encrypt_attachment

        ciphertext, keys = encrypt_attachment(data)
        uploaded = httpx.post(
            f"{self.url}/_matrix/media/v3/upload",
            params={"filename": name},
            content=ciphertext,
            headers={
                "Authorization": f"Bearer {self.client.access_token}",
                "Content-Type": "application/octet-stream",
            },
        ).json()["content_uri"]
        content = {
            "msgtype": "m.image",
            "body": name,
            "info": {"mimetype": "image/jpeg", "size": len(data)},
            "file": {"url": uploaded, "mimetype": "image/jpeg", **keys},
        }
        self.sync()
        self.run(
            self.client.room_send(room, "m.room.message", content, ignore_unverified_devices=True)
        )

    def read(self, room: str) -> list[str]:
        """What they see: texts they could decrypt, photos they could open (their
        bytes), and a mark for what they could not decrypt."""
        from nio.crypto.attachments import decrypt_attachment

        answer = self.sync()
        seen = []
        for event in answer.rooms.join[room].timeline.events if room in answer.rooms.join else ():
            if isinstance(event, RoomMessageText):
                seen.append(event.body)
            elif isinstance(event, RoomEncryptedImage):
                media = self.run(self.client.download(event.url)).body
                seen.append(
                    decrypt_attachment(media, event.key["k"], event.hashes["sha256"], event.iv)
                )
            elif isinstance(event, MegolmEvent):
                seen.append("<undecryptable>")
        return seen

    def close(self) -> None:
        self.run(self.client.close())
        self.loop.close()


@pytest.fixture
def customer(homeserver, tmp_path) -> Iterator[Customer]:
    made = Customer(homeserver, homeserver.register(next(names)), tmp_path / "customer")
    yield made
    made.close()


@pytest.fixture
def shop(homeserver) -> MatrixUser:
    return homeserver.register(next(names), "shop password")


def fetch_until(connector: MatrixConnector, cursor: str | None, room: str, count: int = 1):
    """Sync as the poller does until ``count`` messages of ``room`` came (a room key
    travels ahead of its message and may end a long poll on its own)."""
    messages = []
    for _ in range(5):
        result = connector.fetch(cursor)
        cursor = result.cursor
        messages += [m for m in result.messages if m.platform_conversation_id == room]
        if len(messages) >= count:
            break
    return messages, cursor


def signed_in(homeserver: Homeserver, shop: MatrixUser, folder: Path) -> MatrixConnector:
    credential = sign_in(homeserver.url, shop.user_id, shop.password)
    connector = MatrixConnector(credential, homeserver=homeserver.url)
    connector.use_folder(folder)
    return connector


def test_an_encrypted_dm_decrypts_and_the_reply_goes_encrypted(
    homeserver, shop, customer, tmp_path
) -> None:
    connector = signed_in(homeserver, shop, tmp_path / "shop")
    try:
        assert connector.encrypts
        cursor = connector.fetch(None).cursor  # publishes this device's keys
        room = customer.open_encrypted_chat(shop.user_id)
        cursor = connector.fetch(cursor).cursor  # the invite: joined
        customer.say(room, "Can you hold the green scarf for me? My address is…")
        before = cursor
        (message,), cursor = fetch_until(connector, cursor, room)
        assert message.text == "Can you hold the green scarf for me? My address is…"
        assert message.direction is Direction.INCOMING
        # A sync repeated from the same cursor (its write failed, say) reads it again.
        repeated = [
            m for m in connector.fetch(before).messages if m.platform_conversation_id == room
        ]
        assert [m.text for m in repeated] == [message.text]

        event_id = connector.send(OutgoingMessage(1, "reply-1", room, "Of course, until Friday."))
        assert customer.read(room)[-1] == "Of course, until Friday."
        with homeserver.client(shop) as us:
            raw = us.get(f"/rooms/{room}/event/{event_id}").json()
        assert raw["type"] == "m.room.encrypted" and "Friday" not in str(raw["content"])
    finally:
        connector.close()

    # After a restart the keys are still there: the next message reads, once.
    again = MatrixConnector(connector.credential, homeserver=homeserver.url)
    again.use_folder(tmp_path / "shop")
    try:
        customer.say(room, "Thank you!")
        later, _ = fetch_until(again, cursor, room, 2)
        texts = [m.text for m in later]
        assert texts == ["Of course, until Friday.", "Thank you!"]
        again.send(OutgoingMessage(2, "reply-2", room, "You're welcome!"))
        assert customer.read(room)[-1] == "You're welcome!"
    finally:
        again.close()


def test_a_photo_in_an_encrypted_chat_opens_decrypted(homeserver, shop, customer, tmp_path):
    photo = b"\xff\xd8\xff\xe0 a scarf in the sun " * 500
    connector = signed_in(homeserver, shop, tmp_path / "shop")
    try:
        cursor = connector.fetch(None).cursor
        room = customer.open_encrypted_chat(shop.user_id)
        cursor = connector.fetch(cursor).cursor
        customer.send_encrypted_photo(room, "scarf.jpg", photo)
        (message,), _ = fetch_until(connector, cursor, room)
        (attachment,) = message.attachments
        assert (attachment.name, attachment.mime, attachment.size) == (
            "scarf.jpg",
            "image/jpeg",
            len(photo),
        )
        assert b"".join(connector.download(attachment)) == photo

        # And one back: encrypted before it leaves, opened on their phone.
        kept = tmp_path / "scarf-back.jpg"
        kept.write_bytes(photo[::-1])
        back = Attachment(AttachmentKind.IMAGE, "scarf-back.jpg", local_path=str(kept))
        connector.send(OutgoingMessage(9, "photo-back", room, "", attachments=(back,)))
        assert customer.read(room)[-1] == photo[::-1]
        # What the homeserver holds is not the photo.
        with homeserver.client(shop) as us:
            mxc = attachment.url.partition("#")[0].removeprefix("mxc://")
            stored = us.get(f"{homeserver.url}/_matrix/client/v1/media/download/{mxc}")
        assert stored.content != photo and len(stored.content) == len(photo)
        # A file that is not the one the message names is refused, not shown.
        forged = replace(
            attachment, url=attachment.url.replace("sha256%22%3A%22", "sha256%22%3A%22A")
        )
        with pytest.raises(PermanentError, match="could not be decrypted"):
            b"".join(connector.download(forged))
    finally:
        connector.close()


def test_a_message_whose_key_comes_later_is_decrypted_in_place(
    homeserver, shop, customer, tmp_path
) -> None:
    connector = signed_in(homeserver, shop, tmp_path / "shop")
    try:
        cursor = connector.fetch(None).cursor
        room = customer.open_encrypted_chat(shop.user_id)
        cursor = connector.fetch(cursor).cursor
        deliver_the_key = customer.say_with_the_key_late(room, "Is it machine washable?")
        (first,), cursor = fetch_until(connector, cursor, room)
        assert first.text == UNDECRYPTABLE
        deliver_the_key()
        (again,), _ = fetch_until(connector, cursor, room)
    finally:
        connector.close()
    # The same message (same id), now readable: the store updates it in place.
    assert again.platform_message_id == first.platform_message_id
    assert again.text == "Is it machine washable?"


def test_a_pasted_token_keeps_out_of_encryption_and_says_how_to_read(
    homeserver, shop, customer, tmp_path
) -> None:
    """Another app's session (a token pasted from Element) must not get new keys,
    so encrypted messages say how to read them, and a reply is refused plainly
    rather than sent unencrypted into an encrypted chat."""
    connector = MatrixConnector(MatrixCredential(shop.access_token), homeserver=homeserver.url)
    connector.use_folder(tmp_path / "pasted")
    try:
        assert not connector.encrypts
        cursor = connector.fetch(None).cursor
        room = customer.open_encrypted_chat(shop.user_id)
        cursor = connector.fetch(cursor).cursor
        customer.say(room, "Hello?")
        (message,), _ = fetch_until(connector, cursor, room)
        assert message.text == UNREADABLE_HERE != UNDECRYPTABLE
        with pytest.raises(PermanentError, match="end-to-end encrypted"):
            connector.send(OutgoingMessage(1, "r-1", room, "Hi!"))
        assert "Hi!" not in customer.read(room)
    finally:
        connector.close()
    assert not (tmp_path / "pasted" / "encryption").exists()
