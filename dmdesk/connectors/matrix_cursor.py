"""What the Matrix connector's cursor carries besides ``next_batch``: what a sync
says only once (direct rooms, members, bridges, encryption) and what is still
to do (messages waiting for their room key). It is rewritten after every sync,
so it keeps only the rooms DMDesk takes in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dmdesk.domain import Participant

MAX_WAITING_FOR_KEYS = 200
"""Undecryptable messages remembered to decrypt once their keys come; older give up."""


class SyncCursor:
    """What the cursor carries besides ``next_batch``."""

    def __init__(self) -> None:
        self.since = ""
        self.direct: set[str] = set()
        self.bridged: dict[str, str] = {}
        self.bots: set[str] = set()
        """Bridge bots, which sit in bridged rooms but are nobody to answer."""
        self.encrypted: set[str] = set()
        """Rooms with end-to-end encryption on (it is never turned off)."""
        self.undecrypted: list[list[str]] = []
        """[room, event, sender key, session] of messages still waiting for their room
        key, oldest first."""
        self.members: dict[str, dict[str, Participant]] = {}
        """Of the rooms taken in only."""
        self.sizes: dict[str, int] = {}
        """Joined members per room, as the sync's room summary last said."""

    @classmethod
    def load(cls, cursor: str | None) -> SyncCursor:
        known = cls()
        if not cursor:
            return known
        try:
            data = json.loads(cursor)
        except ValueError:
            return known  # an unreadable cursor: sync again from the start
        if isinstance(data, dict):
            known.since = str(data.get("since", ""))
            known.direct = set(data.get("direct", []))
            known.bridged = dict(data.get("bridged", {}))
            known.bots = set(data.get("bots", []))
            known.encrypted = set(data.get("encrypted", []))
            known.undecrypted = [
                [str(part) for part in waiting]
                for waiting in data.get("undecrypted", [])
                if isinstance(waiting, list) and len(waiting) == 4
            ]
            known.members = {
                room: {user: _person(user, kept) for user, kept in people.items()}
                for room, people in dict(data.get("members", {})).items()
            }
            known.sizes = dict(data.get("sizes", {}))
        return known

    def wait_for_key(self, room_id: str, event: Mapping[str, Any]) -> None:
        """Remember an encrypted message to decrypt once the room key it names comes."""
        content = event.get("content")
        content = content if isinstance(content, Mapping) else {}
        sender_key, session = content.get("sender_key"), content.get("session_id")
        if not isinstance(sender_key, str) or not isinstance(session, str):
            return  # names no key (deleted, or malformed): nothing would decrypt it
        waiting = [room_id, str(event.get("event_id")), sender_key, session]
        if waiting not in self.undecrypted:
            self.undecrypted = [*self.undecrypted, waiting][-MAX_WAITING_FOR_KEYS:]

    def dump(self) -> str:
        return json.dumps(
            {
                "since": self.since,
                "direct": sorted(self.direct),
                "bridged": self.bridged,
                "bots": sorted(self.bots),
                "encrypted": sorted(self.encrypted),
                "undecrypted": self.undecrypted,
                "members": {
                    room: {
                        user: [p.display_name, p.platform_user_id, p.handle]
                        for user, p in people.items()
                    }
                    for room, people in self.members.items()
                },
                "sizes": self.sizes,
            }
        )


def _person(user_id: str, kept: Any) -> Participant:
    """A member as the cursor keeps them: [name, network id, handle] (or, as
    earlier versions kept them, just the name)."""
    if isinstance(kept, list) and len(kept) == 3:
        return Participant(str(kept[1]), str(kept[0]), str(kept[2]))
    return Participant(user_id, str(kept))
