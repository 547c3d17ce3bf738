"""Filling a quick reply's {variables} for one person.

`{first_name}` becomes "Chloé"; `{first_name|there}` falls back to "there" when
the first name is unknown. A variable that is unknown, or empty without a
fallback, stays in the text as written, so the composer can highlight it and
refuse to send until the user fills it in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dmdesk.domain import Contact, ConversationSummary, Platform, Profile
from dmdesk.services.business_hours import MONTHS

VARIABLES: dict[str, str] = {
    "first_name": "the person's first name",
    "name": "the person's full name",
    "handle": "their @handle on this platform",
    "platform": "Instagram, Messenger, …",
    "my_name": "your name",
    "business": "your business's name",
    "today": "today's date",
    "next_open": "when you open next (business hours)",
}
"""Every variable a template may use, with what it means (shown in the library)."""

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\|([^{}\n]*))?\}")
"""`{name}` or `{name|fallback}`; other braces are ordinary text."""


@dataclass(frozen=True, slots=True)
class Unfilled:
    """A placeholder left in the text: where it is and what it was called."""

    start: int
    end: int
    name: str


def first_name(full_name: str) -> str:
    """The first word of a person's name, or "" if the name looks like a handle."""
    words = full_name.split()
    if not words or words[0].startswith("@"):
        return ""
    return words[0].strip(",.;:!?")


def values_for(
    contact: Contact | None,
    conversation: ConversationSummary | None,
    profile: Profile,
    today: date,
    next_open: str = "",
) -> dict[str, str]:
    """What each variable means when answering this conversation."""
    name = contact.display_name if contact else ""
    if not name and conversation is not None and not conversation.is_group:
        name = conversation.title
    platform: Platform | None = conversation.platform if conversation else None
    handle = ""
    if contact is not None and platform is not None:
        handle = next((i.handle for i in contact.identities if i.platform is platform), "")
    if not handle and conversation is not None and len(conversation.participants) == 1:
        handle = conversation.participants[0].handle
    return person_values(name, handle, platform, profile, today, next_open)


def person_values(
    name: str,
    handle: str,
    platform: Platform | None,
    profile: Profile,
    today: date,
    next_open: str = "",
) -> dict[str, str]:
    """The variables' values for a person known by ``name`` and ``handle``."""
    return {
        "first_name": first_name(name),
        "name": name.strip(),
        "handle": f"@{handle.lstrip('@')}" if handle else "",
        "platform": platform.label if platform else "",
        "my_name": profile.my_name.strip(),
        "business": profile.business.strip(),
        "today": f"{today.day} {MONTHS[today.month - 1]} {today.year}",
        "next_open": next_open,
    }


def fill(body: str, values: Mapping[str, str]) -> str:
    """The body with every variable that has a value (or a fallback) replaced."""
    return "".join(piece.text for piece in fill_pieces(body, values))


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a filled reply: the template's own words, a value filled in, or a
    placeholder left to fill."""

    text: str
    kind: Literal["words", "value", "gap"]


def fill_pieces(body: str, values: Mapping[str, str]) -> list[Piece]:
    """The filled body, piece by piece. A filled-in value is never a placeholder,
    whatever it holds: a customer named "Ana {x}" is text, not a template."""
    pieces: list[Piece] = []
    position = 0
    for match in PLACEHOLDER.finditer(body):
        pieces.append(Piece(body[position : match.start()], "words"))
        value = values.get(match.group(1), "")
        fallback = match.group(2)
        if value:
            pieces.append(Piece(value, "value"))
        elif fallback is not None and match.group(1) in VARIABLES:
            pieces.append(Piece(fallback, "value"))
        else:
            pieces.append(Piece(match.group(0), "gap"))
        position = match.end()
    pieces.append(Piece(body[position:], "words"))
    return [piece for piece in pieces if piece.text]
