"""The away message: while the shop is closed, a customer who writes gets one
friendly answer saying when it opens, once, and never a second one for the next
``every`` hours, however many messages they send.

What it says and when it goes is decided here; services/away_answering.py
queues it, in the transaction that stores the customer's message.

Software answers only where it may and where it helps. Not in groups, not to
someone who opted out, not to a bot, not to an old message arriving late, not on
platforms whose rules forbid automated messages from a person's own account
(WhatsApp, Signal and LinkedIn, reached through bridges), not once the shop has
opened since they wrote, and not when someone at the shop is answering by hand
tonight anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dmdesk.domain import Platform, Profile
from dmdesk.services.business_hours import BusinessHours, opening_words
from dmdesk.services.quick_reply_fill import fill_pieces, person_values

if TYPE_CHECKING:
    from dmdesk.store.away_replies import WroteWhileAway

EVERY_PLATFORM = ""
"""The key of the text used where a platform has none of its own."""
DEFAULT_EVERY = timedelta(hours=12)
FRESH_FOR = timedelta(hours=24)
"""Only a message this recent gets an answer: Meta allows a business's automated
message inside 24 hours of the customer's, and an answer a day late reads odd anywhere."""
ALLOWED = frozenset({Platform.INSTAGRAM, Platform.MESSENGER, Platform.TELEGRAM, Platform.X,
                     Platform.MATRIX})  # fmt: skip
"""Platforms whose rules let a business answer automatically (Meta's inside its
24 hours, which FRESH_FOR keeps)."""
DEFAULT_TEXT = (
    "Hi {first_name|there}, thanks for your message to {business|us}! We're closed "
    "right now and will reply {next_open|as soon as we open}."
)

_RUN_OF_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+([,.!?;:])")


@dataclass(frozen=True, slots=True)
class AwayMessage:
    """What the owner set: the text for every platform, or one per platform, and
    how long one conversation goes without a second away message."""

    texts: Mapping[str, str] = field(default_factory=lambda: {EVERY_PLATFORM: DEFAULT_TEXT})
    """By platform value; EVERY_PLATFORM for the rest."""
    every: timedelta = DEFAULT_EVERY

    def text_for(self, platform: Platform) -> str:
        own = self.texts.get(platform.value, "").strip()
        return own or self.texts.get(EVERY_PLATFORM, "").strip()

    def to_json(self) -> str:
        texts = {key: text for key, text in self.texts.items() if text.strip()}
        return json.dumps({"texts": texts, "every_hours": self.every / timedelta(hours=1)})

    @classmethod
    def from_json(cls, text: str) -> AwayMessage:
        """What ``to_json`` wrote; anything unreadable is the default message."""
        try:
            raw = json.loads(text)
            texts = {
                str(key): str(value)
                for key, value in raw["texts"].items()
                if key == EVERY_PLATFORM or key in Platform._value2member_map_
            }
            every = timedelta(hours=min(max(float(raw["every_hours"]), 1.0), 24.0 * 7))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()
        return cls(texts, every)


@dataclass(frozen=True, slots=True)
class AwayPlan:
    """An away message that is on, with the hours it keeps to."""

    message: AwayMessage
    hours: BusinessHours


def away_text(
    template: str,
    name: str,
    handle: str,
    platform: Platform,
    profile: Profile,
    opens: datetime | None,
    now: datetime,
) -> str:
    """The message as this person reads it. A variable with nothing to say and no
    fallback is left out rather than sent as ``{first_name}``."""
    values = person_values(
        name,
        handle,
        platform,
        profile,
        now.astimezone().date(),
        opening_words(opens, now) if opens is not None else "",
    )
    pieces = fill_pieces(template, values)
    text = "".join(piece.text for piece in pieces if piece.kind != "gap")
    if all(piece.kind != "gap" for piece in pieces):
        return text.strip()
    # Where a gap was, its spaces go too ("Hi {first_name}, …" -> "Hi, …").
    return _SPACE_BEFORE_MARK.sub(r"\1", _RUN_OF_SPACES.sub(" ", text)).strip()


def should_answer(plan: AwayPlan, wrote: WroteWhileAway, now: datetime) -> bool:
    """Whether this customer's message gets the away message now."""
    hours, every = plan.hours, plan.message.every
    if wrote.platform not in ALLOWED or not plan.message.text_for(wrote.platform):
        return False
    if not hours.is_set or now - wrote.written_at > FRESH_FOR:
        return False
    if hours.is_open(now) or hours.is_open(wrote.written_at):
        return False
    if hours.open_between(wrote.written_at, now) > timedelta(0):
        return False  # the shop has opened since: someone will see it
    if wrote.automatic_at is not None and now - wrote.automatic_at < every:
        return False  # answered automatically not long ago
    by_hand = wrote.shop_wrote_at
    return not (
        by_hand is not None
        and now - by_hand < every
        and hours.open_between(by_hand, now) == timedelta(0)
        and not hours.is_open(by_hand)
    )  # someone at the shop wrote there since it closed: they are around
