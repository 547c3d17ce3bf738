"""The demo's past: nine weeks of customers' questions and the shop's answers, in
the Archive, so Reports has something true to say (answers a little faster this
month than last, customers writing at lunch and in the evening, more on weekdays)
without crowding the Inbox's own conversations. Written as an import writes a
download's history, in bulk: the demo starts in the time it did before."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dmdesk.connectors.demo_content import DEMO_ACCOUNTS, PRODUCTS
from dmdesk.domain import Account, Direction, Participant, Platform
from dmdesk.store import imports
from dmdesk.store.imports import NewMessage

if TYPE_CHECKING:
    from dmdesk.store.database import UnitOfWork

WEEKS = 9
CONVERSATIONS = 160
HOUR_WEIGHTS = (
    1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 7, 8, 11, 10, 7, 6, 6, 7, 9, 12, 13, 10, 6, 3,
)  # fmt: skip
"""How likely a customer writes at each hour: lunch and the evening, after work."""
DAY_WEIGHTS = (10, 9, 9, 10, 11, 8, 5)
"""Monday first: fewer on Sundays."""
QUESTIONS = (
    "Hi! Is the {product} still available?",
    "Do you ship to Ireland?",
    "How long does delivery take for the {product}?",
    "Could I get the {product} gift wrapped?",
    "Hello, my order hasn't arrived yet, can you check?",
    "Do you have the {product} in green?",
    "What are the care instructions for the {product}?",
    "Is there a discount if I buy two?",
)
ANSWERS = (
    "Hi! Yes, it's in stock and ships tomorrow.",
    "We do! Usually 3–5 working days.",
    "Of course, I'll add a note to your order.",
    "Let me check with the courier, one moment… it's out for delivery today!",
    "Not in green yet, but the olive is very close. Want a photo?",
    "Hand wash cold and dry flat, it lasts for years that way.",
)
THANKS = ("Thank you!", "Perfect, thanks 😊", "Great, ordering now!")
FIRST_NAMES = (
    "Abby", "Alba", "Anil", "Arlo", "Bea", "Bram", "Carys", "Dario", "Edie", "Emre",
    "Flo", "Gus", "Hana", "Idris", "Joss", "Kit", "Leon", "Maeve", "Mira", "Nell",
    "Omar", "Orla", "Pia", "Rafe", "Rhea", "Saoirse", "Tess", "Tomas", "Vera", "Yusuf",
)  # fmt: skip
LAST_NAMES = (
    "Ali", "Barnes", "Boyle", "Dunn", "Ekwueme", "Fischer", "Gallagher", "Ito", "Kaur",
    "Lopez", "Marsh", "Okafor", "Park", "Quinlan", "Russo", "Silva", "Stone", "Vidal",
)  # fmt: skip
"""The past's customers, none of them named as today's: a search for "Grace" finds
the Grace of the Inbox, not a stranger from October."""


def seed_history(
    session: UnitOfWork, accounts: dict[Platform, Account], now: datetime, rng: random.Random
) -> list[int]:
    """Write the past conversations; returns their ids (for the Archive)."""
    platforms = [platform for platform, _name, _handle in DEMO_ACCOUNTS]
    made: list[int] = []
    for number in range(CONVERSATIONS):
        platform = platforms[number % len(platforms)]
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        person = Participant(f"demo-past-{number}", name, name.lower().replace(" ", "."))
        key = f"demo-past-{number}"
        items: list[NewMessage] = []
        at = _customer_moment(now - timedelta(weeks=WEEKS), now - timedelta(days=1), rng)
        turns = rng.choice((1, 1, 2))
        for turn in range(turns):
            product, _price = rng.choice(PRODUCTS)
            question = rng.choice(QUESTIONS).format(product=product)
            items.append(_line(f"{key}-{turn}-0", person, Direction.INCOMING, question, at))
            # Faster as the weeks go by: about 50 min at first, 20 min lately.
            age = (now - at) / timedelta(weeks=WEEKS)
            typical = 20 + 30 * age
            delay = timedelta(minutes=math.exp(rng.gauss(math.log(typical), 0.9)))
            answered = _in_working_hours(at + delay)
            answer = rng.choice(ANSWERS)
            items.append(_line(f"{key}-{turn}-1", person, Direction.OUTGOING, answer, answered))
            at = answered + timedelta(minutes=rng.randint(2, 40))
            if turn == turns - 1:  # a thank-you last, which needs no answer
                thanks = rng.choice(THANKS)
                items.append(_line(f"{key}-{turn}-2", person, Direction.INCOMING, thanks, at))
            at += timedelta(days=rng.randint(2, 12))
            if at > now - timedelta(hours=2):
                break
        account_id = accounts[platform].id
        conversation_id, created = imports.conversation_for_import(
            session, account_id, platform, key, person, now, match_people=False
        )
        inserted = imports.insert_messages(session, conversation_id, account_id, items)
        imports.finish_conversation(
            session,
            conversation_id,
            created=created,
            title=name,
            is_group=False,
            participants=(person,),
            archived=True,
            newest=max(inserted, key=lambda m: m.sent_at_ms, default=None),
        )
        made.append(conversation_id)
    return made


def _line(
    key: str, person: Participant, direction: Direction, text: str, at: datetime
) -> NewMessage:
    shop = Participant("demo-shop", "Juniper & Thread")
    sender = person if direction is Direction.INCOMING else shop
    return NewMessage(key, sender, direction, text, at)


def _customer_moment(start: datetime, end: datetime, rng: random.Random) -> datetime:
    """A moment a customer might write: by the weekday and hour weights."""
    day = start + timedelta(days=rng.randrange((end - start).days))
    local = day.astimezone()
    while rng.randrange(max(DAY_WEIGHTS)) >= DAY_WEIGHTS[local.weekday()]:
        local += timedelta(days=1)
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
    return min(moment, end)


def _in_working_hours(moment: datetime) -> datetime:
    """An answer that would fall in the night waits for the morning."""
    local = moment.astimezone()
    if local.hour >= 22:
        local = (local + timedelta(days=1)).replace(hour=8, minute=40)
    elif local.hour < 8:
        local = local.replace(hour=8, minute=40)
    return local + timedelta(minutes=local.second % 40)
