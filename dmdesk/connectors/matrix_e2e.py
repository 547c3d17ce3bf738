"""End-to-end encryption for the Matrix connector: Olm and Megolm through
matrix-nio's sans-I/O client (its crypto is vodozemac), fed with the connector's
own HTTP answers.

Optional by design: where matrix-nio[e2e] cannot be installed, the connector runs
without it and an encrypted message says in the thread that it cannot be read.
Only a device DMDesk signed in itself carries keys: a pasted access token
belongs to another app's device, whose keys DMDesk must never replace.

The keys live in an SQLite store in the account's own folder; their secret parts
are pickled with a key derived from the access token, which is only in the OS
keyring. nio's client is not thread-safe, and sync (the poller) and sends (the
network pool) reach it from different threads, so one lock guards it.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

try:
    import nio
    from nio.crypto import ENCRYPTION_ENABLED
except ImportError:  # pragma: no cover - matrix-nio is a dependency, vodozemac may lack a wheel
    ENCRYPTION_ENABLED = False

Call = Callable[..., dict[str, Any]]
"""(method, path, json_body=...) -> the homeserver's JSON answer; raises like fetch."""
KEY_QUERY_TIMEOUT_MS = 10_000


def available() -> bool:
    return bool(ENCRYPTION_ENABLED)


def encrypt_file(plaintext: bytes) -> tuple[bytes, dict[str, Any]]:
    """A file for an encrypted chat: its ciphertext to upload, and the key, IV and
    hash (``v2``) that go in the encrypted message."""
    from nio.crypto.attachments import encrypt_attachment

    ciphertext, keys = encrypt_attachment(plaintext)
    return bytes(ciphertext), dict(keys)


def decrypt_file(ciphertext: bytes, secrets: Mapping[str, str]) -> bytes:
    """A file from an encrypted chat (AES-CTR, its SHA-256 checked first); raises
    ValueError when it cannot be (damaged, or no encryption library here)."""
    if not ENCRYPTION_ENABLED:
        raise ValueError("no encryption library")
    from nio.crypto.attachments import decrypt_attachment

    try:
        return bytes(decrypt_attachment(ciphertext, secrets["k"], secrets["sha256"], secrets["iv"]))
    except nio.EncryptionError as error:
        raise ValueError(str(error)) from None


class EndToEnd:
    """One device's encryption keys and sessions."""

    def __init__(
        self, user_id: str, device_id: str, access_token: str, folder: Path, call: Call
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        pickle_key = hashlib.sha256(f"dmdesk-olm:{access_token}".encode()).hexdigest()
        config = nio.ClientConfig(encryption_enabled=True, pickle_key=pickle_key)
        self._client = nio.Client(user_id, device_id, str(folder), config)
        self._client.restore_login(user_id, device_id, access_token)
        self._call = call
        self._lock = threading.Lock()

    # --- receiving -------------------------------------------------------------------

    def absorb(self, sync: Mapping[str, Any]) -> None:
        """Take in a sync's room keys, device lists and key counts, and keep this
        device's keys on the homeserver. The sync's encrypted messages are not
        decrypted here but one by one (``decrypt``), as every other event is: nio
        ignores a sync it has seen, so a sync repeated after a failure would
        otherwise leave them unread."""
        # nio's parsers take events out of what they are given: they get a copy,
        # without the encrypted messages nio would try (and log) once more.
        copied = copy.deepcopy(dict(sync))
        for room in copied.get("rooms", {}).get("join", {}).values():
            timeline = room.get("timeline", {})
            timeline["events"] = [
                e for e in timeline.get("events", []) if e.get("type") != "m.room.encrypted"
            ]
        response = nio.SyncResponse.from_dict(copied)
        if not isinstance(response, nio.SyncResponse):
            log.warning("Matrix sync not understood by the encryption layer: %s", response)
            return
        with self._lock:
            self._client.receive_response(response)
            self._keep_keys()

    def has_key(self, room_id: str, sender_key: str, session_id: str) -> bool:
        """Whether the room key of a message has come (a lookup, no request)."""
        with self._lock:
            store = self._client.olm.inbound_group_store
            return store.get(room_id, sender_key, session_id) is not None

    def decrypt(self, room_id: str, event: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """One encrypted event as its sender wrote it, or None without its room key."""
        parsed = nio.Event.parse_encrypted_event(copy.deepcopy(dict(event)))
        if not isinstance(parsed, nio.MegolmEvent):
            return None
        parsed.room_id = room_id
        with self._lock:
            try:
                decrypted = self._client.decrypt_event(parsed)
            except nio.EncryptionError:
                return None
        if getattr(decrypted, "decrypted", False) and isinstance(decrypted.source, dict):
            return decrypted.source
        return None

    def _keep_keys(self) -> None:
        """Publish this device's keys (and fresh one-time keys as they are used up),
        and learn the devices of the people in encrypted rooms."""
        client = self._client
        if client.should_upload_keys:
            body = self._call("POST", "/keys/upload", json_body=client.olm.share_keys())
            client.receive_response(nio.KeysUploadResponse.from_dict(body))
        if client.should_query_keys:
            self._query_keys(client.users_for_key_query)

    def _query_keys(self, users: Iterable[str]) -> None:
        wanted: dict[str, list[str]] = {user: [] for user in users}
        if wanted:
            body = self._call(
                "POST",
                "/keys/query",
                json_body={"device_keys": wanted, "timeout": KEY_QUERY_TIMEOUT_MS},
            )
            self._client.receive_response(nio.KeysQueryResponse.from_dict(body))

    # --- sending ---------------------------------------------------------------------

    def is_encrypted(self, room_id: str) -> bool:
        return room_id in self._client.encrypted_rooms

    def encrypt(self, room_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        """The ``m.room.encrypted`` content of a message for an encrypted room, after
        sharing the room key with every device of its members that lacks it.
        Devices are trusted on first use, as Matrix apps do unless told otherwise."""
        with self._lock:
            client = self._client
            room = client.rooms.get(room_id)
            if room is None:
                room = client.rooms[room_id] = nio.MatrixRoom(room_id, client.user_id, True)
            if not room.members_synced:
                body = self._call("GET", f"/rooms/{quote(room_id)}/joined_members")
                joined = nio.JoinedMembersResponse.from_dict(body, room_id)
                client.receive_response(joined)
                self._query_keys(client.users_for_key_query)
            if client.olm.should_share_group_session(room_id):
                self._share_room_key(room_id, list(room.users))
            _type, encrypted = client.encrypt(room_id, "m.room.message", dict(content))
            return dict(encrypted)

    def _share_room_key(self, room_id: str, users: list[str]) -> None:
        client = self._client
        missing = client.get_missing_sessions(room_id)
        if missing:
            body = self._call(
                "POST",
                "/keys/claim",
                json_body={
                    "one_time_keys": {
                        user: dict.fromkeys(devices, "signed_curve25519")
                        for user, devices in missing.items()
                    },
                    "timeout": KEY_QUERY_TIMEOUT_MS,
                },
            )
            client.receive_response(nio.KeysClaimResponse.from_dict(body, room_id))
        for sharing_with, to_devices in client.olm.share_group_session_parallel(
            room_id, users, ignore_unverified_devices=True
        ):
            # ``to_devices`` is the whole body: {"messages": {user: {device: …}}}.
            self._call(
                "PUT", f"/sendToDevice/m.room.encrypted/{uuid.uuid4().hex}", json_body=to_devices
            )
            client.receive_response(nio.ShareGroupSessionResponse(room_id, sharing_with))
        client.olm.outbound_group_sessions[room_id].shared = True
