"""Fills a new demo workspace with Juniper & Thread's invented history.

Everything goes through the same ingest path as real sync, so the demo shows
exactly what a real account would.
"""

from __future__ import annotations

import mimetypes
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dmdesk.connectors.demo import (
    DEMO_CONNECTOR,
    DEMO_FILES,
    conversation_key,
    demo_file,
    person_participant,
)
from dmdesk.connectors.demo_content import (
    BUSINESS,
    DEMO_ACCOUNTS,
    GROUP_LINES,
    GROUP_PEOPLE,
    GROUP_TITLE,
    OWNER,
    PEOPLE,
    PICTURES,
    POSTERS,
    PRODUCTS,
    SCRIPTS,
    SOUNDS,
)
from dmdesk.domain import (
    Account,
    Attachment,
    AttachmentKind,
    Direction,
    FetchedMessage,
    FetchedReaction,
    MessageStatus,
    Participant,
    Platform,
    Profile,
    StatusUpdate,
)
from dmdesk.services.away_message import ALLOWED, DEFAULT_TEXT, away_text
from dmdesk.services.demo_history import seed_history
from dmdesk.services.snooze_times import morning_of
from dmdesk.store import accounts as account_store
from dmdesk.store import contacts as contact_store
from dmdesk.store import conversations as conversation_store
from dmdesk.store import messages as message_store
from dmdesk.store import outbox
from dmdesk.store import quick_replies as reply_store
from dmdesk.store import snoozes as snooze_store
from dmdesk.store.database import Database

if TYPE_CHECKING:
    from dmdesk.store.database import UnitOfWork

OWNER_PARTICIPANT = Participant("demo-owner", OWNER, "juniperandthread")
UNREAD_RECENT = 9
"""The newest conversations that still wait for an answer start unread."""


def seed_demo_workspace(database: Database, now: datetime) -> bool:
    """Fill an empty workspace; returns False if it already had accounts."""
    with database.transaction() as session:
        if account_store.list_accounts(session):
            return False
        accounts = {
            platform: account_store.add_account(session, platform, name, handle, DEMO_CONNECTOR)
            for platform, name, handle in DEMO_ACCOUNTS
        }
        rng = random.Random(2026)
        for index, person in enumerate(PEOPLE):
            _seed_conversation(session, accounts[person.platform], index, now, rng)
        _seed_group(session, accounts[Platform.INSTAGRAM], now)
        seed_history(session, accounts, now, rng)
        _arrange_folders(session, now)
        profile = Profile(my_name=OWNER.split()[0], business=BUSINESS)
        reply_store.set_profile(session, profile)
        _answered_while_away(session, now, profile)
    return True


def _fill(text: str, index: int) -> str:
    person = PEOPLE[index]
    product, price = PRODUCTS[index % len(PRODUCTS)]
    return text.format(
        first=person.name.split()[0],
        product=product,
        price=price,
        order=f"JT{4100 + index * 7}",
        city=person.city,
    )


def _attachment(spec: str) -> Attachment:
    kind_name, _, name = spec.partition(":")
    kind = AttachmentKind(kind_name)
    if kind is AttachmentKind.LINK:
        return Attachment(kind, name, "text/html", url=name)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    width, height = PICTURES.get(POSTERS.get(name, name), (None, None))
    picture = demo_file(name)
    size = picture.stat().st_size if picture is not None else 48_000 + 9_000 * len(name)
    return Attachment(
        kind,
        name,
        mime,
        url=f"{DEMO_FILES}{name}",
        size=size,
        width=width,
        height=height,
        duration_ms=14_000 if kind is AttachmentKind.VIDEO else SOUNDS.get(name),
        poster_url=f"{DEMO_FILES}{POSTERS[name]}" if name in POSTERS else "",
    )


def _line(raw: str, index: int) -> tuple[Direction, str, tuple[Attachment, ...]]:
    direction = Direction.INCOMING if raw.startswith("<") else Direction.OUTGOING
    text, _, specs = raw[1:].partition("|")
    attachments = tuple(_attachment(_fill(spec, index)) for spec in specs.split(",") if spec)
    return direction, _fill(text, index), attachments


def _seed_conversation(
    session: UnitOfWork, account: Account, index: int, now: datetime, rng: random.Random
) -> None:
    person = PEOPLE[index]
    script = SCRIPTS[index % len(SCRIPTS)]
    customer = person_participant(index, person)
    # The first conversations are minutes old, the last about three weeks.
    moment = _last_written_at(index, now)
    fetched: list[FetchedMessage] = []
    answered = dict(script.answers)
    for number, raw in reversed(list(enumerate(script.lines))):
        direction, text, attachments = _line(raw, index)
        earlier = answered.get(number)
        fetched.append(
            FetchedMessage(
                platform_conversation_id=conversation_key(index),
                platform_message_id=f"demo-{index}-{number}",
                sender=customer if direction is Direction.INCOMING else OWNER_PARTICIPANT,
                direction=direction,
                text=text,
                sent_at=moment,
                conversation_title=person.name,
                participants=(customer,),
                attachments=attachments,
                reply_to=f"demo-{index}-{earlier}" if earlier is not None else "",
            )
        )
        moment -= timedelta(minutes=rng.randint(2, 50))
    fetched.reverse()
    result = message_store.ingest(session, account.id, account.platform, fetched, now)
    message_store.apply_status_updates(
        session,
        account.id,
        [
            StatusUpdate(m.platform_message_id, MessageStatus.READ)
            for m in fetched
            if m.direction is Direction.OUTGOING
        ],
    )
    message_store.add_reactions(
        session,
        account.id,
        [_reaction_to(fetched[number], key, customer) for number, key in script.reactions],
    )
    conversation_id = result.touched_conversation_ids[0]
    trailing_incoming = 0
    for item in reversed(fetched):
        if item.direction is not Direction.INCOMING:
            break
        trailing_incoming += 1
    conversation_store.set_unread_count(
        session, conversation_id, trailing_incoming if index < UNREAD_RECENT else 0
    )
    contact_id = conversation_store.contact_id_of(session, conversation_id)
    if contact_id is not None:
        if script.tags:
            contact_store.set_tags(session, contact_id, script.tags)
        if script.note:
            contact_store.add_note(
                session, contact_id, _fill(script.note, index), fetched[-1].sent_at
            )
        contact_store.set_do_not_message(session, contact_id, script.do_not_message)


def _reaction_to(line: FetchedMessage, key: str, customer: Participant) -> FetchedReaction:
    """The other side's emoji on a scripted line: the shop's on the customer's, and
    the customer's on the shop's."""
    theirs = line.direction is Direction.INCOMING
    return FetchedReaction(
        f"{line.platform_message_id}-reaction",
        line.platform_message_id,
        OWNER_PARTICIPANT if theirs else customer,
        Direction.OUTGOING if theirs else Direction.INCOMING,
        key,
    )


def _seed_group(session: UnitOfWork, account: Account, now: datetime) -> None:
    members = tuple(
        Participant(f"demo-group-{n}", p.name, p.handle) for n, p in enumerate(GROUP_PEOPLE)
    )
    by_name = {p.display_name: p for p in members}
    moment = now - timedelta(hours=5)
    fetched = []
    for number, (sender_name, raw) in enumerate(GROUP_LINES):
        text, _, spec = raw.partition("|")
        sender = by_name.get(sender_name, OWNER_PARTICIPANT)
        fetched.append(
            FetchedMessage(
                platform_conversation_id="demo-group-fair",
                platform_message_id=f"demo-group-{number}",
                sender=sender,
                direction=Direction.INCOMING if sender_name else Direction.OUTGOING,
                text=text,
                sent_at=moment + timedelta(minutes=9 * number),
                conversation_title=GROUP_TITLE,
                is_group=True,
                participants=members,
                attachments=(_attachment(spec),) if spec else (),
            )
        )
    message_store.ingest(session, account.id, account.platform, fetched, now)


def _last_written_at(index: int, now: datetime) -> datetime:
    """When conversation ``index``'s last line was written (as _seed_conversation dates it)."""
    return now - timedelta(minutes=6 + index * index * 8)


def _answered_while_away(session: UnitOfWork, now: datetime, profile: Profile) -> None:
    """A customer who wrote late last night got the away message, and still waits
    for a person's answer: the thread shows it marked Automatic."""
    index = next(
        i
        for i in range(10, 17)
        if SCRIPTS[i % len(SCRIPTS)].lines[-1].startswith("<") and PEOPLE[i].platform in ALLOWED
    )
    person = PEOPLE[index]
    at = _last_written_at(index, now) + timedelta(minutes=1)
    day = at.astimezone().date()
    opens = morning_of(day) if at < morning_of(day) else morning_of(day + timedelta(days=1))
    text = away_text(DEFAULT_TEXT, person.name, "", person.platform, profile, opens, at)
    conversation_id = conversation_store.ids_by_platform_key(session)[conversation_key(index)]
    message_id = message_store.add_outgoing(
        session, conversation_id, text, "demo-away-1", at, automatic=True
    )
    message_store.mark_sent(session, message_id, "demo-away-1")
    outbox.delivered(session, message_id)


def _arrange_folders(session: UnitOfWork, now: datetime) -> None:
    """Some pinned, muted, archived, snoozed and trashed conversations, as a real
    inbox has, and a few follow-ups."""
    ids_by_key = conversation_store.ids_by_platform_key(session)

    def ids(*indexes: int) -> list[int]:
        return [ids_by_key[conversation_key(i)] for i in indexes]

    conversation_store.update_flags(session, ids(2, 6), pinned=True)
    conversation_store.update_flags(session, [ids_by_key["demo-group-fair"]], muted=True)
    conversation_store.update_flags(session, ids(*range(44, 52)), archived=True)
    conversation_store.update_flags(session, ids(60, 61), trashed=True)
    # A shop that keeps up: the thank-yous of the last weeks needed no answer, so
    # Waiting shows the few customers of the last day or so, in amber and red.
    conversation_store.update_flags(session, ids(*range(17, len(PEOPLE))), reply_needed=False)
    tomorrow = now.astimezone().date() + timedelta(days=1)
    snooze_store.snooze(session, ids(9), morning_of(tomorrow))
    snooze_store.snooze(session, ids(21), now + timedelta(days=2), if_no_reply=True)
    # A reply written tonight for the morning: Scheduled shows it, faded in its thread.
    message_store.add_outgoing(
        session,
        ids(4)[0],
        "Morning Emily! Your parcel goes out first thing; I'll send the tracking link.",
        "demo-scheduled-1",
        now,
        send_at=morning_of(tomorrow),
    )
    contact_id = conversation_store.contact_id_of(session, ids(30)[0])
    if contact_id is not None:
        contact_store.set_follow_up(session, contact_id, tomorrow + timedelta(days=2))
