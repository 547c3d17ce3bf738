"""Writing an imported history: conversations matched or created, messages in
bulk, idempotent on ``(account_id, platform_message_id)``.

Imports write hundreds of thousands of rows, so messages go in as multi-row
``INSERT … ON CONFLICT DO NOTHING RETURNING`` batches instead of one ORM object
each: a message already stored is skipped by the database, and what comes back
is exactly what was new. (SQLite syntax; a PostgreSQL store has the same.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from dmdesk.domain import (
    NAME_ONLY_ID,
    Account,
    AccountStatus,
    Attachment,
    Direction,
    MessageStatus,
    Participant,
    Platform,
)
from dmdesk.store import attachment_columns, waiting
from dmdesk.store.accounts import add_account, list_accounts, set_status
from dmdesk.store.contacts import add_identity, contact_for
from dmdesk.store.conversations import add_conversation, participants_json
from dmdesk.store.database import PAGE_CACHE_KIB
from dmdesk.store.schema import (
    AttachmentRow,
    ContactIdentityRow,
    ConversationRow,
    MessageRow,
)
from dmdesk.store.timestamps import QUARTER_MS, from_millis, to_millis

IMPORT_CONNECTOR = "import"
"""Accounts that hold only imported history: nothing syncs them, nothing is sent."""

_INSERT_HEAD = (
    "INSERT INTO messages (conversation_id, account_id, platform_message_id, "
    "sender_platform_id, sender_name, direction, text, sent_at, status, edited, unsent, "
    "has_attachments, reply_to) VALUES "
)
_ROW_MARKS = "(" + ",".join("?" * 13) + ")"
_INSERT_TAIL = (
    " ON CONFLICT (account_id, platform_message_id) DO NOTHING "
    "RETURNING id, platform_message_id, sent_at"
)
_ROW_TRIGGERS = ("messages_search_insert", "messages_count_insert")
"""What an import suspends and does in bulk (migrations 0004 and 0010)."""
_COUNT_NEW = f"""
    INSERT INTO message_counts (quarter, platform, incoming, outgoing)
    SELECT m.sent_at / {QUARTER_MS}, c.platform, sum(m.direction = 'incoming'),
           sum(m.direction = 'outgoing')
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.id > ? AND NOT m.automatic
    GROUP BY 1, 2
    ON CONFLICT (quarter, platform) DO UPDATE SET
        incoming = incoming + excluded.incoming, outgoing = outgoing + excluded.outgoing
"""
_IMPORT_CACHE_KIB = 65536
_ROWS_PER_STATEMENT = 500
"""12 parameters a row: 6,000 a statement, under SQLite's limit of 32,766."""
_SENT = MessageStatus.SENT.value
_DELIVERED = MessageStatus.DELIVERED.value


@dataclass(frozen=True, slots=True)
class NewMessage:
    key: str
    sender: Participant
    direction: Direction
    text: str
    sent_at: datetime
    edited: bool = False
    unsent: bool = False
    has_attachments: bool = False
    reply_to: str = ""


@dataclass(frozen=True, slots=True)
class InsertedMessage:
    id: int
    key: str
    sent_at_ms: int


@contextmanager
def indexed_and_counted_afterwards(session: Session) -> Iterator[None]:
    """Add many messages, then index them for search and count them for reports,
    one statement each.

    The search and count triggers work one row at a time; for an import, one
    ``INSERT … SELECT`` of the new rows afterwards is faster. The triggers are
    dropped and re-created inside the import's transaction, which must be one
    that takes DDL in (``Database.transaction(ddl=True)``), so a failed import
    restores them with everything else and no other connection ever sees them
    missing."""
    connection = session.connection()
    triggers = [
        connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).scalar_one_or_none()
        for name in _ROW_TRIGGERS
    ]
    if None in triggers:
        yield
        return
    before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM messages").scalar_one()
    for name in _ROW_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    # Building the index of a big import wants a bigger page cache than browsing.
    connection.exec_driver_sql(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    try:
        yield
        connection.exec_driver_sql(
            "INSERT INTO messages_search(rowid, text, sender_name) "
            "SELECT id, text, sender_name FROM messages WHERE id > ?",
            (before,),
        )
        connection.exec_driver_sql(_COUNT_NEW, (before,))
        for trigger in triggers:
            assert trigger is not None
            connection.exec_driver_sql(trigger)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


def account_for_import(
    session: Session, platform: Platform, owner_name: str, owner_handle: str
) -> Account:
    """Where an imported history goes: the connected account of that platform when
    there is one (so its conversations and the import meet), else the import
    account for this owner, created on first use."""
    candidates = [
        account
        for account in list_accounts(session)
        if account.platform is platform and account.connector != "demo"
    ]
    connected = [a for a in candidates if a.connector != IMPORT_CONNECTOR]
    names = {owner_name.casefold(), owner_handle.casefold().lstrip("@")} - {""}

    def is_owner(account: Account) -> bool:
        return bool(
            names & {account.display_name.casefold(), account.handle.casefold().lstrip("@")}
        )

    for group in (connected, [a for a in candidates if a.connector == IMPORT_CONNECTOR]):
        mine = [a for a in group if is_owner(a)]
        if mine:
            return mine[0]
        if len(group) == 1 and group is connected:
            return group[0]
    account = add_account(
        session,
        platform,
        display_name=owner_name or owner_handle or f"{platform.label} history",
        handle=owner_handle,
        connector=IMPORT_CONNECTOR,
    )
    set_status(session, account.id, AccountStatus.IMPORTED)
    return replace(account, status=AccountStatus.IMPORTED)


def known_names(session: Session, platform: Platform, user_ids: Sequence[str]) -> dict[str, str]:
    """Names DMDesk already has for platform user ids (an X archive has ids only)."""
    found: dict[str, str] = {}
    for start in range(0, len(user_ids), 500):
        rows = session.execute(
            select(ContactIdentityRow.platform_user_id, ContactIdentityRow.display_name).where(
                ContactIdentityRow.platform == platform.value,
                ContactIdentityRow.platform_user_id.in_(user_ids[start : start + 500]),
            )
        )
        found.update({uid: name for uid, name in rows if name})
    return found


def conversation_for_import(
    session: Session,
    account_id: int,
    platform: Platform,
    key: str,
    other: Participant | None,
    now: datetime,
    *,
    match_people: bool,
) -> tuple[int, bool]:
    """The conversation an imported thread continues, and whether it is new.

    Found by the platform's id for it, else (one-to-one, in an account a
    connector fills: ``match_people``) by the other person: a download names a
    thread differently from the platform's API, but the person is the same.
    Created (and its contact) otherwise."""
    found = session.scalar(
        select(ConversationRow.id).where(
            ConversationRow.account_id == account_id,
            ConversationRow.platform_conversation_id == key,
        )
    )
    if found is not None:
        return found, False
    if other is not None and match_people:
        found = _conversation_with(session, account_id, platform, other)
        if found is not None:
            return found, False
    row = add_conversation(
        session,
        account_id,
        platform,
        key,
        title="",
        is_group=other is None,
        participants=[],
        contact_id=None if other is None else contact_for_import(session, platform, other, now),
        at=now,
    )
    return row.id, True


def _conversation_with(
    session: Session, account_id: int, platform: Platform, person: Participant
) -> int | None:
    """The account's one-to-one conversation with someone known by id or by name."""
    name = person.display_name.casefold()
    contacts = select(ContactIdentityRow.contact_id).where(
        ContactIdentityRow.platform == platform.value,
        (ContactIdentityRow.platform_user_id == person.platform_user_id)
        | (func.lower(ContactIdentityRow.display_name) == name)
        | (func.lower(ContactIdentityRow.handle) == name),
    )
    return session.scalar(
        select(ConversationRow.id)
        .where(
            ConversationRow.account_id == account_id,
            ConversationRow.is_group.is_(False),
            ConversationRow.contact_id.in_(contacts),
        )
        .order_by(ConversationRow.last_activity_at.desc())
        .limit(1)
    )


def contact_for_import(
    session: Session, platform: Platform, person: Participant, now: datetime
) -> int:
    """The contact for someone a download knows by name only: the contact already
    known under that name on the platform, if any, else a new one."""
    if person.platform_user_id.startswith(NAME_ONLY_ID):
        known = session.scalar(
            select(ContactIdentityRow.contact_id).where(
                ContactIdentityRow.platform == platform.value,
                func.lower(ContactIdentityRow.display_name) == person.display_name.lower(),
            )
        )
        exists = session.scalar(
            select(ContactIdentityRow.id).where(
                ContactIdentityRow.platform == platform.value,
                ContactIdentityRow.platform_user_id == person.platform_user_id,
            )
        )
        if known is not None and exists is None:
            add_identity(session, known, platform, person)
            return known
    return contact_for(session, platform, person, now)


def messages_not_imported(
    session: Session, conversation_id: int, import_prefix: str
) -> dict[tuple[str, str], list[int]]:
    """(direction, text) -> send times in ms of the messages that came another way
    (a connector, a reply from DMDesk): an import must not add them again."""
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = session.execute(
        select(MessageRow.direction, MessageRow.text, MessageRow.sent_at).where(
            MessageRow.conversation_id == conversation_id,
            ~func.coalesce(MessageRow.platform_message_id, "").startswith(import_prefix),
        )
    )
    for direction, text, sent_at in rows:
        found[(direction, text)].append(to_millis(sent_at))
    return found


def insert_messages(
    session: Session, conversation_id: int, account_id: int, messages: Sequence[NewMessage]
) -> list[InsertedMessage]:
    """Insert what is not stored yet; returns only the messages that were new.

    Straight to the sqlite3 connection, in multi-row statements: building
    SQLAlchemy parameters for each of a million rows took longer than SQLite's
    own work (docs/performance.md)."""
    if not messages:
        return []
    connection = session.connection().connection.driver_connection
    assert connection is not None
    inserted: list[InsertedMessage] = []
    for start in range(0, len(messages), _ROWS_PER_STATEMENT):
        chunk = messages[start : start + _ROWS_PER_STATEMENT]
        values: list[object] = []
        for m in chunk:
            values += (
                conversation_id,
                account_id,
                m.key,
                m.sender.platform_user_id,
                m.sender.display_name,
                m.direction.value,
                m.text,
                to_millis(m.sent_at),
                _SENT if m.direction is Direction.OUTGOING else _DELIVERED,
                int(m.edited),
                int(m.unsent),
                int(m.has_attachments),
                m.reply_to,
            )
        statement = _INSERT_HEAD + ",".join([_ROW_MARKS] * len(chunk)) + _INSERT_TAIL
        inserted += (
            InsertedMessage(row[0], row[1], row[2])
            for row in connection.execute(statement, values).fetchall()
        )
    return inserted


def insert_attachments(session: Session, attachments: Sequence[tuple[int, Attachment]]) -> None:
    if not attachments:
        return
    session.connection().execute(
        insert(AttachmentRow),
        [attachment_columns.values(message_id, a) for message_id, a in attachments],
    )


def finish_conversation(
    session: Session,
    conversation_id: int,
    *,
    created: bool,
    title: str,
    is_group: bool,
    participants: Sequence[Participant],
    archived: bool,
    newest: InsertedMessage | None,
) -> None:
    """After a thread's messages: the list's summary (last message, time), and for a
    conversation this import created, its title, people and folder."""
    row = session.get_one(ConversationRow, conversation_id)
    if created and newest is None:
        session.delete(row)  # every message was a duplicate or a system line
        return
    if created:
        row.title = title
        row.is_group = is_group
        row.participants = participants_json(participants)
        row.archived = archived
    if newest is not None and (
        row.last_message_id is None or newest.sent_at_ms >= to_millis(row.last_activity_at)
    ):
        row.last_message_id = newest.id
        row.last_activity_at = from_millis(newest.sent_at_ms)
    if newest is not None:
        # A history is history: nobody waits in what it brought, only in what
        # arrives after it.
        if (
            row.reply_not_needed_at is None
            or to_millis(row.reply_not_needed_at) < newest.sent_at_ms
        ):
            row.reply_not_needed_at = from_millis(newest.sent_at_ms)
        session.flush()
        waiting.recompute(session, [conversation_id])
