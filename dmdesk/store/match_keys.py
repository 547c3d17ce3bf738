"""What makes two platform identities likely the same person: the same phone
number (bridges and WhatsApp give numbers, written every which way), the same
e-mail, or the same handle on another platform. Each identity keeps these keys,
indexed, so a person's likely others are found without reading every contact."""

from __future__ import annotations

import re

PHONE_SPACING = re.compile(r"[\s().\-]")
PHONE_DIGITS = (8, 15)
"""A number's length without its spacing: E.164 allows 15; fewer than 8 is a code."""
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SHORTEST_HANDLE = 3


def phone_key(*texts: str) -> str:
    """The digits of the first of ``texts`` that is a phone number ("+44 7700 900456",
    "0044 7700-900456" and "447700900456" are one key); "" where none is. A
    WhatsApp export names someone not in the phone's contacts by their number."""
    for text in texts:
        bare = PHONE_SPACING.sub("", text or "")
        bare = bare.removeprefix("+") if bare.startswith("+") else bare
        bare = bare.removeprefix("00") if len(bare) > PHONE_DIGITS[0] + 2 else bare
        if bare.isdigit() and PHONE_DIGITS[0] <= len(bare) <= PHONE_DIGITS[1]:
            return bare
    return ""


def handle_key(handle: str) -> str:
    """An e-mail address, or a handle without its "@", in lower case; "" for what is
    neither (a name-only identity, a phone number, two letters)."""
    text = (handle or "").strip().casefold()
    if EMAIL.match(text):
        return text
    text = text.removeprefix("@")
    if len(text) < SHORTEST_HANDLE or phone_key(text) or " " in text:
        return ""
    return text
