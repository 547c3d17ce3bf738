"""Matrix through the client-server API (httpx), for direct chats and the chats
that bridges (mautrix and kin) bring in from WhatsApp, LinkedIn, Signal…

``/sync`` long-polls with the stored ``next_batch``. Which rooms are direct
chats (``m.direct``) and which network a bridged room belongs to arrive once,
not with every sync, so the cursor keeps them with ``next_batch``: a restart
resumes with what it knew.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import re
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from dmdesk.connectors.base import (
    AuthExpired,
    Connector,
    PermanentError,
    RateLimited,
    TemporaryError,
    moment,
)
from dmdesk.connectors.http import MalformedResponse, PlatformHttp
from dmdesk.connectors.matrix_cursor import SyncCursor
from dmdesk.connectors.matrix_media import media_address
from dmdesk.connectors.matrix_session import (
    API,
    MatrixCredential,
    answer_of,
    errcode_of,
    error_of,
    homeserver_url,
    json_or_none,
)
from dmdesk.domain import (
    AccountIdentity,
    Attachment,
    AttachmentKind,
    Direction,
    FetchedMessage,
    FetchedReaction,
    FetchResult,
    MessageStatus,
    OutgoingMessage,
    Participant,
    Platform,
    StatusUpdate,
)

if TYPE_CHECKING:
    # Imported where encryption is first needed, never at start: matrix-nio (and
    # the aiohttp it brings) take 0.6 s to import, which every start would pay,
    # with a Matrix account or without.
    from dmdesk.connectors import matrix_e2e

log = logging.getLogger(__name__)

LONG_POLL_MS = 25_000
MEDIA_TIMEOUT_S = 120.0
TIMELINE_LIMIT = 100
"""Events per room in one sync; a busier room's gap is filled from /messages."""
GAP_PAGE = 100
MAX_GAP = 5_000
"""Most events fetched to fill one room's gap after DMDesk was closed."""
FIRST_SYNC_HISTORY = 200
"""How far back a chat's history goes when an account is first synced."""
OUR_TRANSACTION = re.compile(r"[0-9a-f]{32}(-[0-9]+)?")
"""The transaction ids of DMDesk's sends: the outbox's client ids (uuid4 hex)."""
REACTION_KEY_LIMIT = 32
"""Characters a reaction may have: one emoji with its modifiers fits many times."""
BRIDGE_EVENTS = ("m.bridge", "uk.half-shot.bridge")
NETWORKS = {
    "whatsapp": Platform.WHATSAPP,
    "linkedin": Platform.LINKEDIN,
    "signal": Platform.SIGNAL,
    "instagram": Platform.INSTAGRAM,
    "facebook": Platform.MESSENGER,
    "messenger": Platform.MESSENGER,
    "telegram": Platform.TELEGRAM,
    "twitter": Platform.X,
}
"""A bridge's protocol id -> the badge its conversations wear."""
UNDECRYPTABLE = (
    "🔒 This message is end-to-end encrypted and DMDesk could not decrypt it. "
    "Read it in your Matrix app (Element, Beeper…)."
)
"""What the thread shows in place of a message nobody gave DMDesk the keys to."""
UNREADABLE_HERE = (
    "🔒 This message is end-to-end encrypted. DMDesk reads encrypted chats on a session "
    "of its own: re-connect the account with your user name and password (File → "
    "Accounts) to read new ones here."
)
"""The same, for a session that cannot hold keys (a pasted token, no encryption
library)."""
SENT_AS = {
    AttachmentKind.IMAGE: "m.image",
    AttachmentKind.VIDEO: "m.video",
    AttachmentKind.AUDIO: "m.audio",
}
"""How a file goes out; anything else is an ``m.file``."""
MEDIA_UPLOAD = "/_matrix/media/v3/upload"
MEDIA = {
    "m.image": AttachmentKind.IMAGE,
    "m.video": AttachmentKind.VIDEO,
    "m.audio": AttachmentKind.AUDIO,
    "m.file": AttachmentKind.FILE,
    "m.sticker": AttachmentKind.STICKER,
}


def _text_and_files(
    event_type: str, content: Mapping[str, Any]
) -> tuple[str, tuple[Attachment, ...]]:
    """A message's text, and its file where it is an image, video, audio or file."""
    kind = str(content.get("msgtype") or event_type)
    body = str(content.get("body", ""))
    if kind not in MEDIA:
        return body, ()
    info = content.get("info")
    info = info if isinstance(info, Mapping) else {}
    name = content.get("filename")
    poster = {"url": info.get("thumbnail_url"), "file": info.get("thumbnail_file")}
    attachment = Attachment(
        MEDIA[kind],
        str(name or body or kind)[:300],
        mime=str(info.get("mimetype") or "")[:100],
        url=_media_address(content),
        size=_count(info, "size"),
        width=_count(info, "w"),
        height=_count(info, "h"),
        duration_ms=_count(info, "duration"),
        poster_url=_media_address(poster) if MEDIA[kind] is AttachmentKind.VIDEO else "",
    )
    # A caption, where the client sent one besides the file's name.
    return (body if name and body != name else ""), (attachment,)


def _count(info: Mapping[str, Any], field: str) -> int | None:
    """A size, side or length from ``info``, if it is a sensible whole number."""
    value = info.get(field)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1 << 53:
        return value
    return None


def _media_address(content: Mapping[str, Any]) -> str:
    """Where a message's file is: its ``mxc://`` URL, and for a file in an encrypted
    chat (``content.file``) its key, IV and hash after a ``#``, kept with the
    message as its text is, to decrypt it when it is opened."""
    encrypted = content.get("file")
    if isinstance(encrypted, Mapping) and isinstance(encrypted.get("url"), str):
        key, hashes = encrypted.get("key"), encrypted.get("hashes")
        secrets = {
            "k": key.get("k") if isinstance(key, Mapping) else None,
            "iv": encrypted.get("iv"),
            "sha256": hashes.get("sha256") if isinstance(hashes, Mapping) else None,
        }
        return f"{encrypted['url']}#{quote(json.dumps(secrets, separators=(',', ':')))}"
    url = content.get("url")
    return url if isinstance(url, str) else ""


def _answered(relation: Any) -> str:
    """The event a message answers (``m.relates_to.m.in_reply_to.event_id``)."""
    answered = relation.get("m.in_reply_to") if isinstance(relation, Mapping) else None
    event_id = answered.get("event_id") if isinstance(answered, Mapping) else None
    return event_id if isinstance(event_id, str) and event_id.startswith("$") else ""


def _without_reply_fallback(body: str) -> str:
    """A reply's text without the quote older clients put before it ("> <@ana:x>
    the original" lines, then a blank line), which the bubble shows as a quote."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    for number, line in enumerate(lines):
        if not line.startswith(">"):
            return "\n".join(lines[number + 1 :] if line == "" else lines[number:])
    return body


def _is_bot(member: Mapping[str, Any]) -> bool:
    """A bridge's own bot (mautrix marks it in the member event on Beeper)."""
    return member.get("com.beeper.bridge.is_network_bot") is True


def _member(user_id: str, member: Mapping[str, Any]) -> Participant:
    """A room member as a person: their display name, and for a bridged person the
    network's own id and handle (a phone number, a username) where the bridge
    gives them."""
    name = str(member.get("displayname") or user_id)
    remote = member.get("com.beeper.bridge.remote_id")
    identifiers = member.get("com.beeper.bridge.identifiers")
    handle = ""
    if isinstance(identifiers, list):
        values = [str(i).partition(":")[2] for i in identifiers if ":" in str(i)]
        phones = [str(i)[4:] for i in identifiers if str(i).startswith("tel:")]
        handle = (phones or values or [""])[0]
    if isinstance(remote, str) and remote:
        return Participant(remote, name, handle)
    return Participant(user_id, name, handle)


def bridged_platform(state_content: Mapping[str, Any]) -> Platform | None:
    """The network an ``m.bridge`` state event names (``protocol.id``)."""
    protocol = state_content.get("protocol")
    name = protocol.get("id") if isinstance(protocol, Mapping) else None
    return NETWORKS.get(str(name).lower()) if name else None


class MatrixConnector(Connector):
    platform = Platform.MATRIX
    idempotent_sends = True
    """The transaction id makes a repeated send land once."""

    def __init__(
        self,
        credential: MatrixCredential,
        *,
        homeserver: str,
        user_id: str = "",
        include_rooms: Iterable[str] = (),
        timeline_limit: int = TIMELINE_LIMIT,
        timeout_s: float = 40.0,
    ) -> None:
        """``include_rooms``: ids or addresses of group rooms to take in as well."""
        self._user_id = user_id
        self.credential = credential
        self._include = tuple(r.strip() for r in include_rooms if r.strip())
        self._timeline_limit = timeline_limit
        self._included: set[str] | None = None
        self._keys_folder: Path | None = None
        self._e2e: matrix_e2e.EndToEnd | None = None
        self._encrypted_rooms: dict[str, bool] = {}
        """What sends know of which rooms are end-to-end encrypted."""
        self._http = PlatformHttp(
            homeserver_url(homeserver),
            platform_name="Matrix",
            secrets=(credential.access_token,),
            timeout_s=timeout_s,
            headers={"Authorization": f"Bearer {credential.access_token}"},
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return answer_of(self._http, self._http.request(method, API + path, **kwargs))

    # --- Connector ---------------------------------------------------------------------

    def check(self) -> AccountIdentity:
        me = self._call("GET", "/account/whoami")
        user_id = str(me.get("user_id", ""))
        if not user_id:
            raise MalformedResponse("The homeserver did not say who this is.")
        self._user_id = user_id
        device = me.get("device_id")
        if isinstance(device, str) and device != self.credential.device_id:
            self.credential = replace(self.credential, device_id=device)
        try:
            profile = self._call("GET", f"/profile/{quote(user_id)}")
            name = str(profile.get("displayname") or "")
        except PermanentError:
            name = ""
        return AccountIdentity(display_name=name or user_id, handle=user_id)

    def use_folder(self, folder: Path) -> None:
        self._keys_folder = folder / "encryption"

    @property
    def encrypts(self) -> bool:
        """Whether this session reads and writes end-to-end encrypted chats."""
        if not (self.credential.own_device and self.credential.device_id and self._keys_folder):
            return False
        from dmdesk.connectors import matrix_e2e

        return matrix_e2e.available()

    def _encryption(self) -> matrix_e2e.EndToEnd | None:
        if self._e2e is None and self.encrypts and self._keys_folder is not None:
            if not self._user_id:
                self.check()
            from dmdesk.connectors import matrix_e2e

            self._e2e = matrix_e2e.EndToEnd(
                self._user_id,
                self.credential.device_id,
                self.credential.access_token,
                self._keys_folder,
                self._call,
            )
        return self._e2e

    def poll_interval_seconds(self) -> float:
        return 0.0  # /sync itself waits for news (long poll)

    def fetch(self, cursor: str | None) -> FetchResult:
        return self._sync(cursor, long_poll=True)

    def catch_up(self, cursor: str | None) -> FetchResult:
        return self._sync(cursor, long_poll=False)

    def _sync(self, cursor: str | None, *, long_poll: bool) -> FetchResult:
        if not self._user_id:
            self.check()
        known = SyncCursor.load(cursor)
        previous = known.since
        timeline = {"timeline": {"limit": self._timeline_limit}}
        params: dict[str, Any] = {
            "timeout": LONG_POLL_MS if previous and long_poll else 0,
            "filter": json.dumps({"room": timeline}, separators=(",", ":")),
        }
        if previous:
            params["since"] = previous
        body = self._call("GET", "/sync", params=params, timeout_s=LONG_POLL_MS / 1000 + 15)
        since = body.get("next_batch")
        if not isinstance(since, str):
            raise MalformedResponse("The homeserver's sync had no next_batch.")
        known.since = since
        self._take_in_keys(body)
        for event in _events(body.get("account_data")):
            if event.get("type") == "m.direct":
                content = event.get("content")
                if isinstance(content, Mapping):
                    known.direct = {
                        str(room)
                        for rooms in content.values()
                        if isinstance(rooms, list)
                        for room in rooms
                    }
        rooms = body.get("rooms")
        invited = rooms.get("invite") if isinstance(rooms, Mapping) else None
        for room_id, room in invited.items() if isinstance(invited, Mapping) else ():
            if isinstance(room, Mapping) and self._wanted_invite(str(room_id), room, known):
                self._call("POST", f"/rooms/{quote(str(room_id))}/join", json_body={})
        joined = rooms.get("join") if isinstance(rooms, Mapping) else None
        fetched: list[FetchedMessage] = []
        reactions: list[FetchedReaction] = []
        read: list[StatusUpdate] = []
        read_by_us: list[str] = []
        for room_id, room in joined.items() if isinstance(joined, Mapping) else ():
            if isinstance(room, Mapping):
                messages, reacted = self._room(str(room_id), room, known, previous)
                fetched += messages
                reactions += reacted
                if str(room_id) in known.members:  # taken in
                    theirs, ours = self._read_receipts(room)
                    read += theirs
                    read_by_us += ours
        if known.undecrypted:
            fetched += self._late_keys(known)
        self._encrypted_rooms.update(dict.fromkeys(known.encrypted, True))
        return FetchResult(
            messages=tuple(fetched),
            status_updates=tuple(read),
            reactions=tuple(reactions),
            read_up_to=tuple(read_by_us),
            cursor=known.dump(),
        )

    def _take_in_keys(self, body: Mapping[str, Any]) -> None:
        """Room keys and device lists from this sync, for the encryption layer.
        Trouble there never stops sync (network trouble aside): what cannot be read
        says so in the thread."""
        try:
            encryption = self._encryption()
            if encryption is not None:
                encryption.absorb(body)
        except (AuthExpired, RateLimited, TemporaryError):
            raise
        except Exception:
            log.exception("Matrix end-to-end encryption failed for this sync")

    def _wanted_invite(self, room_id: str, room: Mapping[str, Any], known: SyncCursor) -> bool:
        """A customer opening a direct chat, or a bridge bringing one in: join it, as
        a phone app would show the chat. Invites to groups wait for the user."""
        for event in _events(room.get("invite_state")):
            content = event.get("content")
            if not isinstance(content, Mapping):
                continue
            if event.get("type") in BRIDGE_EVENTS and bridged_platform(content) is not None:
                return True
            if (
                event.get("type") == "m.room.member"
                and event.get("state_key") == self._user_id
                and content.get("is_direct") is True
            ):
                known.direct.add(room_id)
                return True
        return False

    def _room(
        self,
        room_id: str,
        room: Mapping[str, Any],
        known: SyncCursor,
        previous: str,
    ) -> tuple[list[FetchedMessage], list[FetchedReaction]]:
        """A joined room's messages and reactions of this sync (and of its gap)."""
        state = _events(room.get("state"))
        timeline = room.get("timeline")
        timeline = timeline if isinstance(timeline, Mapping) else {}
        events = _events(timeline.get("events"))
        for event in (*state, *events):
            kind = event.get("type")
            content = event.get("content")
            if not isinstance(content, Mapping):
                continue
            if kind in BRIDGE_EVENTS:
                network = bridged_platform(content)
                if network is not None:
                    known.bridged[room_id] = network.value
                if isinstance(content.get("bridgebot"), str):
                    known.bots.add(content["bridgebot"])
            elif kind == "m.room.encryption":
                known.encrypted.add(room_id)
            elif kind == "m.room.member":
                user = str(event.get("state_key", ""))
                if content.get("membership") == "join" and not _is_bot(content):
                    known.members.setdefault(room_id, {})[user] = _member(user, content)
                else:
                    known.members.get(room_id, {}).pop(user, None)
        summary = room.get("summary")
        count = summary.get("m.joined_member_count") if isinstance(summary, Mapping) else None
        if isinstance(count, int):
            known.sizes[room_id] = count  # sent only when it changes: kept
        context = self._context(room_id, known)
        if context is None:
            # A group or public room, left out: its members (thousands, in a public
            # room) are not carried in the cursor that every sync rewrites.
            known.members.pop(room_id, None)
            return [], []
        if timeline.get("limited") is True and isinstance(timeline.get("prev_batch"), str):
            events = self._gap(room_id, timeline["prev_batch"], previous) + events
        messages = []
        reactions = []
        for event in events:
            if _sent_by_dmdesk_here(event):
                continue  # the outbox stored it, and marks it sent with its event id
            event = self._decrypt_one(room_id, event)
            reaction = self._reaction(event, context)
            if reaction is not None:
                reactions.append(reaction)
                continue
            message = self._message(room_id, event, context)
            if message is None:
                continue
            if event.get("type") == "m.room.encrypted" and self.encrypts:
                known.wait_for_key(room_id, event)
            messages.append(message)
        return messages, reactions

    def _reaction(self, event: Mapping[str, Any], room: _RoomContext) -> FetchedReaction | None:
        """An emoji put on a message (``m.reaction``, an ``m.annotation`` of it)."""
        content = event.get("content")
        if event.get("type") != "m.reaction" or not isinstance(content, Mapping):
            return None
        relation = content.get("m.relates_to")
        if not isinstance(relation, Mapping) or relation.get("rel_type") != "m.annotation":
            return None
        target, key, event_id = relation.get("event_id"), relation.get("key"), event.get("event_id")
        if not (isinstance(target, str) and isinstance(key, str) and isinstance(event_id, str)):
            return None
        if not key.strip() or len(key) > REACTION_KEY_LIMIT:
            return None  # an emoji, not a message smuggled in as one
        sender, direction = self._sender(event, room)
        return FetchedReaction(
            platform_reaction_id=event_id,
            platform_message_id=target,
            sender=sender,
            direction=direction,
            key=key,
        )

    def _sender(
        self, event: Mapping[str, Any], room: _RoomContext
    ) -> tuple[Participant, Direction]:
        """Who sent an event, and whether that is the shop (from any of its apps)."""
        user = str(event.get("sender", ""))
        direction = Direction.OUTGOING if user == self._user_id else Direction.INCOMING
        return room.members.get(user) or Participant(user, user), direction

    def _read_receipts(self, room: Mapping[str, Any]) -> tuple[list[StatusUpdate], list[str]]:
        """Read receipts, which mean "read up to here" (and usually name the latest
        event, which may be either side's). The customer's make our replies up to
        theirs read; our own come from the owner's other apps (their phone), and
        name where they have read the chat up to, privately or not."""
        ephemeral = room.get("ephemeral")
        theirs: list[StatusUpdate] = []
        ours: list[str] = []
        for event in _events(ephemeral.get("events") if isinstance(ephemeral, Mapping) else None):
            content = event.get("content")
            if event.get("type") != "m.receipt" or not isinstance(content, Mapping):
                continue
            for event_id, receipts in content.items():
                if not isinstance(receipts, Mapping):
                    continue
                readers = receipts.get("m.read")
                if isinstance(readers, Mapping) and any(u != self._user_id for u in readers):
                    theirs.append(StatusUpdate(str(event_id), MessageStatus.READ, and_earlier=True))
                if any(
                    isinstance(readers, Mapping) and self._user_id in readers
                    for readers in (receipts.get("m.read"), receipts.get("m.read.private"))
                ):
                    ours.append(str(event_id))
        return theirs, ours

    def _gap(self, room_id: str, since_batch: str, previous: str) -> list[Mapping[str, Any]]:
        """What a limited timeline left out, oldest first: back to the previous sync
        (nothing is missed while DMDesk was closed), or on the first sync up to
        ``FIRST_SYNC_HISTORY`` events of the chat's history."""
        found: list[Mapping[str, Any]] = []
        cursor = since_batch
        while len(found) < (MAX_GAP if previous else FIRST_SYNC_HISTORY):
            params: dict[str, Any] = {"dir": "b", "from": cursor, "limit": GAP_PAGE}
            if previous:
                params["to"] = previous
            page = self._call("GET", f"/rooms/{quote(room_id)}/messages", params=params)
            found += _events(page.get("chunk"))
            following = page.get("end")
            if not isinstance(following, str) or not page.get("chunk") or following == cursor:
                break
            cursor = following
        return found[::-1]

    def _decrypt_one(self, room_id: str, event: Mapping[str, Any]) -> Mapping[str, Any]:
        """An event as its sender wrote it: decrypted where it is encrypted and this
        session has its room key; otherwise as it came."""
        if event.get("type") != "m.room.encrypted":
            return event
        encryption = self._encryption()
        source = encryption.decrypt(room_id, event) if encryption is not None else None
        return source or event

    def _context(self, room_id: str, known: SyncCursor) -> _RoomContext | None:
        """Who is in a room and how it shows, or None for a room that is left out."""
        members = known.members.get(room_id, {})
        direct = room_id in known.direct or known.sizes.get(room_id, len(members)) == 2
        if not (direct or room_id in known.bridged or room_id in self._included_rooms()):
            return None
        others = tuple(
            person
            for user, person in members.items()
            if user != self._user_id and user not in known.bots
        )
        bridged = known.bridged.get(room_id)
        return _RoomContext(members, others, direct, Platform(bridged) if bridged else None)

    def _late_keys(self, known: SyncCursor) -> list[FetchedMessage]:
        """Messages that could not be decrypted when they came and whose room key has
        come since: each is fetched again and, decrypted, replaces its notice. Keys
        that never come (messages from before this session) cost a lookup, no
        request."""
        encryption = self._encryption()
        if encryption is None:
            return []
        found = []
        for waiting in list(known.undecrypted):
            room_id, event_id, sender_key, session = waiting
            context = self._context(room_id, known)
            if context is None:
                known.undecrypted.remove(waiting)  # the room is no longer taken in
                continue
            if not encryption.has_key(room_id, sender_key, session):
                continue
            known.undecrypted.remove(waiting)
            try:
                event = self._call("GET", f"/rooms/{quote(room_id)}/event/{quote(event_id)}")
            except PermanentError:
                continue  # deleted, or the room was left
            source = encryption.decrypt(room_id, event)
            message = self._message(room_id, source, context) if source else None
            if message is not None:
                found.append(message)
        return found

    def _message(
        self, room_id: str, event: Mapping[str, Any], room: _RoomContext
    ) -> FetchedMessage | None:
        """A message of the thread from a timeline event: a message, a sticker, an
        edit (which changes the message it replaces), a deletion, or an encrypted
        event nobody gave the keys to. Other events are not messages."""
        kind = event.get("type")
        if kind not in ("m.room.message", "m.sticker", "m.room.encrypted", "m.room.redaction"):
            return None
        content = event.get("content")
        event_id = event.get("event_id")
        stamp = event.get("origin_server_ts")
        if not isinstance(content, Mapping) or not isinstance(event_id, str):
            return None
        # A time no calendar has (a broken or hostile server): kept, as arrived now.
        sent_at = _moment(stamp) or datetime.now(UTC)
        sender, direction = self._sender(event, room)
        text = ""
        attachments: tuple[Attachment, ...] = ()
        amends = edited = unsent = False
        unsigned = event.get("unsigned")
        reply_to = ""
        if kind == "m.room.redaction":
            # Deleted by its sender (or a moderator): ``redacts`` names it, at the top
            # level before room version 11 and in the content since.
            target = event.get("redacts") or content.get("redacts")
            if not isinstance(target, str):
                return None
            event_id, unsent, amends = target, True, True
        elif isinstance(unsigned, Mapping) and "redacted_because" in unsigned:
            unsent = True  # already deleted when it came
        elif kind == "m.room.encrypted":
            relation = content.get("m.relates_to")
            if isinstance(relation, Mapping) and relation.get("rel_type") == "m.annotation":
                return None  # a reaction (its relation is in the clear): no notice for it
            text = UNDECRYPTABLE if self.encrypts else UNREADABLE_HERE
        else:
            relation = content.get("m.relates_to")
            replaced = content.get("m.new_content")
            if (
                isinstance(relation, Mapping)
                and relation.get("rel_type") == "m.replace"
                and isinstance(relation.get("event_id"), str)
                and isinstance(replaced, Mapping)
            ):
                event_id, content, edited = relation["event_id"], replaced, True
            text, attachments = _text_and_files(str(kind), content)
            reply_to = _answered(relation)
            if reply_to:
                text = _without_reply_fallback(text)
        return FetchedMessage(
            platform_conversation_id=room_id,
            platform_message_id=event_id,
            sender=sender,
            direction=direction,
            text=text,
            sent_at=sent_at,
            conversation_title=", ".join(p.display_name for p in room.others),
            is_group=not room.direct and len(room.others) > 1,
            participants=room.others,
            attachments=attachments,
            edited=edited,
            unsent=unsent,
            amends=amends,
            platform=room.platform,
            # A notice is a bot's by the spec's own word: never answered by ours.
            automatic=isinstance(content, Mapping) and content.get("msgtype") == "m.notice",
            reply_to=reply_to,
        )

    def mark_read(self, platform_conversation_id: str, platform_message_id: str) -> None:
        """A private read receipt: the shop's other Matrix apps stop showing the chat
        unread, and the customer is told nothing (a public ``m.read`` would)."""
        room, event = quote(platform_conversation_id), quote(platform_message_id)
        self._call("POST", f"/rooms/{room}/receipt/m.read.private/{event}", json_body={})

    def _included_rooms(self) -> set[str]:
        """The rooms the user asked for besides direct and bridged chats: ids as they
        are, addresses (#team:example.org) looked up once."""
        if self._included is None:
            found = set()
            for name in self._include:
                if name.startswith("#"):
                    try:
                        answer = self._call("GET", f"/directory/room/{quote(name)}")
                    except PermanentError:
                        log.warning("Matrix room address %r is not known; left out", name)
                        continue
                    name = str(answer.get("room_id", ""))
                found.add(name)
            self._included = found
        return self._included

    def send(self, message: OutgoingMessage) -> str:
        """The text, then each file, as events of their own; returns the first's id.
        Each event's transaction id comes from the reply's client id, so a retried
        send lands each one once. In an encrypted chat, files are encrypted before
        they are uploaded and the events are encrypted too."""
        room_id = message.platform_conversation_id
        encryption = None
        if self._is_encrypted(room_id):
            encryption = self._encryption()
            if encryption is None:
                raise PermanentError(
                    "This chat is end-to-end encrypted, and this session of DMDesk cannot "
                    "encrypt. Re-connect the account with your user name and password "
                    "(File → Accounts), then use Retry."
                )
        contents: list[dict[str, Any]] = (
            [{"msgtype": "m.text", "body": message.text}] if message.text else []
        )
        contents += [self._upload(a, encrypted=encryption is not None) for a in message.attachments]
        if message.reply_to and contents:
            # The spec's rich reply, without the quoted fallback body (removed in
            # Matrix 1.13); inside the content, so an encrypted chat keeps it private.
            contents[0]["m.relates_to"] = {"m.in_reply_to": {"event_id": message.reply_to}}
        first = ""
        for number, content in enumerate(contents):
            event_type = "m.room.message"
            if encryption is not None:
                event_type, content = "m.room.encrypted", encryption.encrypt(room_id, content)
            txn = message.client_id if number == 0 else f"{message.client_id}-{number}"
            answer = self._call(
                "PUT",
                f"/rooms/{quote(room_id)}/send/{event_type}/{quote(txn)}",
                json_body=content,
            )
            event_id = answer.get("event_id")
            if not isinstance(event_id, str):
                raise MalformedResponse("The homeserver did not return the message's event id.")
            first = first or event_id
        return first

    def _upload(self, attachment: Attachment, *, encrypted: bool) -> dict[str, Any]:
        """Upload a file of this computer; the content of the message that shows it."""
        try:
            data = Path(attachment.local_path).read_bytes()
        except OSError:
            raise PermanentError(f"{attachment.name} is not there any more.") from None
        mime = attachment.mime or mimetypes.guess_type(attachment.name)[0] or ""
        sent, keys = data, None
        if encrypted:
            from dmdesk.connectors import matrix_e2e

            sent, keys = matrix_e2e.encrypt_file(data)
        # An encrypted file tells the homeserver nothing of what it is.
        kind = mime if keys is None and mime else "application/octet-stream"
        upload = self._http.request(
            "POST",
            MEDIA_UPLOAD,
            params={"filename": attachment.name},
            content=sent,
            headers={"Content-Type": kind},
            timeout_s=MEDIA_TIMEOUT_S,
        )
        answer = answer_of(self._http, upload)
        address = answer.get("content_uri")
        if not isinstance(address, str):
            raise MalformedResponse("The homeserver did not say where it put the file.")
        content: dict[str, Any] = {
            "msgtype": SENT_AS.get(attachment.kind, "m.file"),
            "body": attachment.name,
            "filename": attachment.name,
            "info": {"mimetype": mime, "size": len(data)},
        }
        if keys is not None:
            content["file"] = {"url": address, "mimetype": mime, **keys}
        else:
            content["url"] = address
        return content

    def _is_encrypted(self, room_id: str) -> bool:
        """From the last sync, the key store, or else the room's own state."""
        if room_id not in self._encrypted_rooms:
            encryption = self._encryption()
            known = encryption is not None and encryption.is_encrypted(room_id)
            if not known:
                try:
                    self._call("GET", f"/rooms/{quote(room_id)}/state/m.room.encryption")
                    known = True
                except PermanentError:
                    known = False  # no such state (404), or not ours to see: plain
            self._encrypted_rooms[room_id] = known
        return self._encrypted_rooms[room_id]

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """A file through the media API: the authenticated endpoint first (Matrix 1.11),
        the older open one where the homeserver does not have it yet. A file from an
        encrypted chat is decrypted (and its hash checked) once it is all here."""
        address, _, secrets = attachment.url.partition("#")
        if secrets:
            from dmdesk.connectors import matrix_e2e

            ciphertext = b"".join(self._media(address))
            try:
                yield matrix_e2e.decrypt_file(ciphertext, json.loads(unquote(secrets)))
            except (ValueError, KeyError, TypeError):
                raise PermanentError(
                    "The file could not be decrypted: it is damaged, or not the one the "
                    "message names."
                ) from None
            return
        yield from self._media(address)

    def _media(self, address: str) -> Generator[bytes, None, None]:
        for path in media_address(address).download_paths:
            with self._http.stream(path, timeout_s=MEDIA_TIMEOUT_S) as response:
                if response.status_code == 404 and path.startswith("/_matrix/client/v1"):
                    response.read()
                    if errcode_of(response) in ("M_UNRECOGNIZED", ""):
                        continue  # an older homeserver: try the open endpoint
                if response.status_code >= 400:
                    response.read()
                    raise error_of(self._http, response, json_or_none(response))
                yield from response.iter_bytes()
                return

    def sign_out(self) -> None:
        """Revoke the access token on the homeserver (its device goes too)."""
        self._call("POST", "/logout", json_body={})

    def close(self) -> None:
        self._http.close()


@dataclass(frozen=True, slots=True)
class _RoomContext:
    members: Mapping[str, Participant]
    others: tuple[Participant, ...]
    """Everyone to answer: members but this account and bridge bots."""
    direct: bool
    platform: Platform | None
    """A bridged room's network."""


def _sent_by_dmdesk_here(event: Mapping[str, Any]) -> bool:
    """A reply this session of DMDesk sent, coming back in the sync. Only the
    sending session sees an event's ``transaction_id``, and DMDesk's are its
    outbox's client ids (``<hex>`` or ``<hex>-<n>`` for a reply's files). Taking
    the echo in would race the outbox's own write of the same event and show a
    reply's files twice. A pasted token's other app names its transactions
    otherwise, and what it sends comes in as usual."""
    unsigned = event.get("unsigned")
    txn = unsigned.get("transaction_id") if isinstance(unsigned, Mapping) else None
    return isinstance(txn, str) and OUR_TRANSACTION.fullmatch(txn) is not None


def _moment(stamp: Any) -> datetime | None:
    """An event's ``origin_server_ts`` as a time, or None where it cannot be one."""
    if not isinstance(stamp, int) or isinstance(stamp, bool):
        return None
    return moment(stamp / 1000)


def _events(section: Any) -> list[Mapping[str, Any]]:
    events = section.get("events") if isinstance(section, Mapping) else section
    return [e for e in events if isinstance(e, Mapping)] if isinstance(events, list) else []
