"""The tables, as typed SQLAlchemy models.

Times are stored as integer milliseconds since the epoch (UTC): they sort and
compare as numbers, index compactly, and read back without parsing on the hot
paths in ``reads.py``. The ORM sees aware ``datetime`` objects.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from dmdesk.store.timestamps import from_millis, to_millis


class EpochMillis(TypeDecorator[datetime]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else to_millis(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else from_millis(int(value))


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AccountRow(Base):
    """A platform account. Never holds a secret: those live in the OS keyring."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200))
    handle: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="connected")
    connector: Mapped[str] = mapped_column(String(20))
    sync_cursor: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(EpochMillis)
    settings: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """Non-secret connector settings (page id, base URL)."""
    credential_key: Mapped[str] = mapped_column(String(64), default="")
    """The keyring entry's name; the secret stays in the keyring."""
    status_detail: Mapped[str] = mapped_column(Text, default="")
    retry_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """When the platform lets us call again (rate limited), or the next try (offline)."""
    synced_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """The last fetch that worked (migration 0014)."""
    credential_renewed_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """When the keyring's credential was saved or last renewed."""
    credential_expires_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """When it stops working, where the platform's expire; None: it does not."""


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # The Follow-ups view, soonest first (migration 0007).
        Index(
            "ix_contacts_follow_up",
            "follow_up_on",
            "id",
            sqlite_where=text("follow_up_on IS NOT NULL"),
            postgresql_where=text("follow_up_on IS NOT NULL"),
        ),
        # The left pane's count per stage, and stage: in search (migration 0016).
        Index(
            "ix_contacts_stage",
            "stage",
            sqlite_where=text("stage != ''"),
            postgresql_where=text("stage != ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    """The owner's own reminder to get back to this person (Follow-ups view)."""
    do_not_message: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(EpochMillis)
    stage: Mapped[str] = mapped_column(String(40), default="", server_default="")
    """Where the person stands, one of the workspace's stages (store/stages.py), or ""."""
    stage_changed_at: Mapped[datetime | None] = mapped_column(EpochMillis)


class ContactIdentityRow(Base):
    """One platform identity of a contact: a person may write from several."""

    __tablename__ = "contact_identities"
    __table_args__ = (
        UniqueConstraint("platform", "platform_user_id"),
        # Merge suggestions: the others with the same number or handle (0015).
        Index(
            "ix_contact_identities_phone_key",
            "phone_key",
            sqlite_where=text("phone_key != ''"),
            postgresql_where=text("phone_key != ''"),
        ),
        Index(
            "ix_contact_identities_handle_key",
            "handle_key",
            sqlite_where=text("handle_key != ''"),
            postgresql_where=text("handle_key != ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(20))
    platform_user_id: Mapped[str] = mapped_column(String(200))
    handle: Mapped[str] = mapped_column(String(200), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    phone_key: Mapped[str] = mapped_column(String(20), default="", server_default="")
    """Its phone number's digits, where it has one (store/match_keys.py)."""
    handle_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """Its handle or e-mail in lower case, where it has one."""


class NotSamePeopleRow(Base):
    """Two contacts the owner said are not one person: never suggested again."""

    __tablename__ = "not_same_people"

    first_contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    second_contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    """The larger id of the two."""


_WAITING = "waiting_since IS NOT NULL AND archived = 0 AND trashed = 0 AND snoozed_until IS NULL"
_PERSON_ACTIVITY = "contact_id IS NOT NULL AND trashed = 0"
_PERSON_WAITING = (
    "contact_id IS NOT NULL AND waiting_since IS NOT NULL AND archived = 0 AND trashed = 0"
)


class ConversationRow(Base):
    """A DM thread. Denormalised (last message, unread count) so the list never
    has to be derived from the messages at read time."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("account_id", "platform_conversation_id"),
        # The list pages by keyset in this order; partial indexes keep each
        # folder's page read at one index range scan.
        Index(
            "ix_conversations_inbox_order",
            "pinned",
            "last_activity_at",
            "id",
            sqlite_where=text("archived = 0 AND trashed = 0 AND snoozed_until IS NULL"),
            postgresql_where=text("archived = 0 AND trashed = 0 AND snoozed_until IS NULL"),
        ),
        Index(
            "ix_conversations_archived_order",
            "pinned",
            "last_activity_at",
            "id",
            sqlite_where=text("archived = 1 AND trashed = 0"),
        ),
        Index(
            "ix_conversations_trash_order",
            "pinned",
            "last_activity_at",
            "id",
            sqlite_where=text("trashed = 1"),
        ),
        Index(
            "ix_conversations_unread",
            "platform",
            "unread_count",
            sqlite_where=text("unread_count > 0"),
        ),
        # The Waiting view, longest wait first (migrations 0006 and 0007).
        Index(
            "ix_conversations_waiting",
            "waiting_since",
            "id",
            sqlite_where=text(_WAITING),
            postgresql_where=text(_WAITING),
        ),
        # The People table by last message and by wait: a seek per person (0016).
        Index(
            "ix_conversations_person_activity",
            "contact_id",
            "last_activity_at",
            sqlite_where=text(_PERSON_ACTIVITY),
            postgresql_where=text(_PERSON_ACTIVITY),
        ),
        Index(
            "ix_conversations_person_waiting",
            "contact_id",
            "waiting_since",
            sqlite_where=text(_PERSON_WAITING),
            postgresql_where=text(_PERSON_WAITING),
        ),
        # The Snoozed view, soonest first, and the clock's next wake (migration 0007).
        Index(
            "ix_conversations_snoozed",
            "snoozed_until",
            "id",
            sqlite_where=text("snoozed_until IS NOT NULL AND trashed = 0"),
            postgresql_where=text("snoozed_until IS NOT NULL AND trashed = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    platform_conversation_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    participants: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    last_activity_at: Mapped[datetime] = mapped_column(EpochMillis)
    last_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL", use_alter=True)
    )
    unread_count: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    trashed: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column(EpochMillis)
    """Out of the Inbox until then, or until the customer writes (store/snoozes.py)."""
    snooze_if_no_reply: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """A follow-up: the snooze was "until they reply, or at …"."""
    back_from_snooze_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """Came back from a snooze then, and not announced yet."""
    draft_text: Mapped[str] = mapped_column(Text, default="")
    waiting_since: Mapped[datetime | None] = mapped_column(EpochMillis)
    """The customer's first message after the shop's last (store/waiting.py)."""
    reply_not_needed_at: Mapped[datetime | None] = mapped_column(EpochMillis)
    """The newest message when the owner said no reply is needed."""


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # Ingest is idempotent on this pair. NULLs (a reply not yet sent) are
        # distinct in SQL, so pending messages do not collide.
        UniqueConstraint("account_id", "platform_message_id"),
        Index("ix_messages_thread_order", "conversation_id", "sent_at", "id"),
        # "has:attachment" in search, newest first.
        Index("ix_messages_with_attachments", "id", sqlite_where=text("has_attachments = 1")),
        # The Scheduled view, the soonest first (migration 0008).
        Index(
            "ix_messages_scheduled",
            "scheduled_for",
            "id",
            sqlite_where=text("scheduled_for IS NOT NULL AND status = 'pending'"),
            postgresql_where=text("scheduled_for IS NOT NULL AND status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    sender_platform_id: Mapped[str] = mapped_column(String(200), default="")
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(EpochMillis)
    status: Mapped[str] = mapped_column(String(10))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    unsent: Mapped[bool] = mapped_column(Boolean, default=False)
    has_attachments: Mapped[bool] = mapped_column(Boolean, default=False)
    scheduled_for: Mapped[datetime | None] = mapped_column(EpochMillis)
    """A reply sent later: when the owner asked it to go (its sent_at says when it did)."""
    automatic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reply_to: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The platform's id of the message this one answers (migration 0012)."""
    """Sent by software, not a person: our away message, or a customer's bot. It
    neither ends nor starts a wait (migration 0009)."""


class ResponseWaitRow(Base):
    """A customer's wait for a first response (store/response_waits.py): rebuilt
    from a conversation's messages whenever they change, read by reports."""

    __tablename__ = "response_waits"
    __table_args__ = (
        # A report's range, all platforms or one, without touching the table.
        Index("ix_response_waits_wrote", "wrote_at", "platform", "answered_at", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(20))
    wrote_at: Mapped[int] = mapped_column(BigInteger)
    """Milliseconds since 1970, as every time in the store."""
    answered_at: Mapped[int | None] = mapped_column(BigInteger)


class MessageCountRow(Base):
    """How many messages came and went in a quarter hour on a platform, for the
    report's days and hours: kept by triggers on ``messages`` (migration 0010), so
    every write counts, and a report reads a few thousand rows, not a million."""

    __tablename__ = "message_counts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    quarter: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    """Quarter hours since 1970 (every time zone's hours are whole quarters)."""
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    incoming: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    outgoing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReactionRow(Base):
    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("account_id", "platform_reaction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform_reaction_id: Mapped[str] = mapped_column(String(200))
    sender_platform_id: Mapped[str] = mapped_column(String(200), default="")
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(32))


class AttachmentRow(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(300), default="")
    mime: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    local_path: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int | None] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    poster_url: Mapped[str] = mapped_column(Text, default="", server_default="")


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_contact_created", "contact_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(EpochMillis)
    updated_at: Mapped[datetime] = mapped_column(EpochMillis)


class QuickReplyRow(Base):
    """Saved answers with {variables}; `platforms` empty means every platform."""

    __tablename__ = "quick_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    keyword: Mapped[str] = mapped_column(String(50), default="")
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    """Files that go with it: kind, name, mime, size, and ``file``, relative to the
    data folder (migration 0013)."""
    position: Mapped[int] = mapped_column(Integer, default=0)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(EpochMillis)


class WorkspaceSettingRow(Base):
    """Small settings that belong with the data, such as who is answering."""

    __tablename__ = "workspace_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxRow(Base):
    """A reply on its way out: kept until the platform took it, or the user
    discards it after a failure. At most one attempt is in flight at a time."""

    __tablename__ = "outbox"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(EpochMillis)
    sending_since: Mapped[datetime | None] = mapped_column(EpochMillis)
    """Set while an attempt is in flight: after a crash, whether it went out is unknown."""
    last_error: Mapped[str] = mapped_column(Text, default="")
    messaging_tag: Mapped[str] = mapped_column(String(40), default="")
    """A platform tag the reply must carry (Meta's HUMAN_AGENT past the 24 hours)."""
    held_reason: Mapped[str] = mapped_column(String(20), default="", server_default="")
    """Why a scheduled reply waits for the owner's word (domain.HeldReason), or ""."""


class SavedViewRow(Base):
    """A search kept in the left pane ("Unanswered Instagram", "tag:wholesale")."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


SEARCH_TABLES = ("messages_search", "conversations_search")
"""FTS5 tables (and their shadow tables) the migrations make; not ORM tables."""
