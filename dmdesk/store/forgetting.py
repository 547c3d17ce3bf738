"""Forgetting a person (a data request's erasure): their contact, identities,
notes and tags, every conversation with them and its messages, attachments,
reactions and replies still in the outbox; in group chats, the messages and
reactions they sent and their place among the participants. Nothing is kept
to undo it.

Rows deleted from SQLite leave their bytes in free pages, and FTS5 (3.40 here,
without the secure-delete option of 3.44) keeps a deleted document's words in
its index segments until they are merged. So the indexes are optimized (merged
into one segment without what was deleted) in the same transaction, and
``Database.scrub()`` vacuums and empties the WAL after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from dmdesk.domain import ForgetPreview, ForgottenPerson
from dmdesk.store import waiting
from dmdesk.store.schema import (
    AttachmentRow,
    ContactIdentityRow,
    ContactRow,
    ConversationRow,
    MessageRow,
    NoteRow,
    ReactionRow,
)

_SEARCH_INDEXES = ("messages_search", "conversations_search")


def preview(session: Session, contact_id: int) -> ForgetPreview | None:
    """What forgetting the contact would delete, for the question asked first."""
    contact = session.get(ContactRow, contact_id)
    if contact is None:
        return None
    theirs = _Theirs.of(session, contact_id)
    message_ids = theirs.own_messages + theirs.group_messages
    platforms = session.scalars(
        select(ContactIdentityRow.platform)
        .where(ContactIdentityRow.contact_id == contact_id)
        .distinct()
        .order_by(ContactIdentityRow.platform)
    )
    return ForgetPreview(
        contact_id=contact_id,
        name=contact.display_name,
        conversations=len(theirs.conversation_ids),
        messages=len(message_ids),
        notes=session.scalar(
            select(func.count()).select_from(NoteRow).where(NoteRow.contact_id == contact_id)
        )
        or 0,
        tags=len(contact.tags or ()),
        files=len(_files(session, message_ids)),
        platforms=tuple(platforms),
    )


def forget(session: Session, contact_id: int) -> ForgottenPerson | None:
    """Delete everything of the person; None if there is no such contact. The
    result names the files on disk no other message uses any more, to remove."""
    contact = session.get(ContactRow, contact_id)
    if contact is None:
        return None
    theirs = _Theirs.of(session, contact_id)
    identities, conversation_ids, groups = theirs.identities, theirs.conversation_ids, theirs.groups
    own, in_groups = theirs.own_messages, theirs.group_messages
    files = _files(session, own + in_groups)

    _delete_reactions_by(session, identities)
    _delete_in_chunks(session, MessageRow, in_groups)
    # Their messages, attachments, reactions and outbox rows go with them.
    _delete_in_chunks(session, ConversationRow, conversation_ids)
    for group in groups:
        ids = identities[group.platform]
        group.participants = [p for p in group.participants or () if p.get("id") not in ids]
    session.delete(contact)  # identities, notes and "not the same" go with it
    session.flush()
    _mend_groups(session, [g.id for g in groups])
    still_used = set(
        session.scalars(select(AttachmentRow.local_path).where(AttachmentRow.local_path.in_(files)))
    )
    for index in _SEARCH_INDEXES:
        session.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
    return ForgottenPerson(
        name=contact.display_name,
        conversation_ids=tuple(conversation_ids),
        messages=len(own) + len(in_groups),
        files=tuple(sorted(files - still_used)),
    )


@dataclass(frozen=True)
class _Theirs:
    """What of the person there is: asked once for the question and once to delete."""

    identities: dict[str, set[str]]
    conversation_ids: list[int]
    groups: list[ConversationRow]
    own_messages: list[int]
    group_messages: list[int]

    @classmethod
    def of(cls, session: Session, contact_id: int) -> _Theirs:
        identities = _identities(session, contact_id)
        conversation_ids = _conversations(session, contact_id)
        groups = _groups_with(session, identities, exclude=conversation_ids)
        return cls(
            identities,
            conversation_ids,
            groups,
            _messages_of(session, conversation_ids),
            _sent_in_groups(session, groups, identities),
        )


def _identities(session: Session, contact_id: int) -> dict[str, set[str]]:
    """The person's platform user ids, by platform."""
    found: dict[str, set[str]] = {}
    for platform, user_id in session.execute(
        select(ContactIdentityRow.platform, ContactIdentityRow.platform_user_id).where(
            ContactIdentityRow.contact_id == contact_id
        )
    ):
        found.setdefault(platform, set()).add(user_id)
    return found


def _conversations(session: Session, contact_id: int) -> list[int]:
    return list(
        session.scalars(select(ConversationRow.id).where(ConversationRow.contact_id == contact_id))
    )


def _messages_of(session: Session, conversation_ids: list[int]) -> list[int]:
    found: list[int] = []
    for chunk in _chunks(conversation_ids):
        found += session.scalars(select(MessageRow.id).where(MessageRow.conversation_id.in_(chunk)))
    return found


def _groups_with(
    session: Session, identities: dict[str, set[str]], exclude: list[int]
) -> list[ConversationRow]:
    """The group chats (not the person's own) they took part in."""
    if not identities:
        return []
    groups = session.scalars(
        select(ConversationRow).where(
            ConversationRow.is_group.is_(True), ConversationRow.platform.in_(list(identities))
        )
    )
    skip = set(exclude)
    return [
        g
        for g in groups
        if g.id not in skip
        and (
            any(p.get("id") in identities[g.platform] for p in g.participants or ())
            or _sent_in(session, g, identities[g.platform])
        )
    ]


def _sent_in(session: Session, group: ConversationRow, user_ids: set[str]) -> bool:
    return (
        session.scalar(
            select(MessageRow.id)
            .where(
                MessageRow.conversation_id == group.id,
                MessageRow.sender_platform_id.in_(list(user_ids)),
            )
            .limit(1)
        )
        is not None
    )


def _sent_in_groups(
    session: Session, groups: list[ConversationRow], identities: dict[str, set[str]]
) -> list[int]:
    """What the person wrote in group chats."""
    found: list[int] = []
    for group in groups:
        found += session.scalars(
            select(MessageRow.id).where(
                MessageRow.conversation_id == group.id,
                MessageRow.sender_platform_id.in_(list(identities[group.platform])),
                MessageRow.direction == "incoming",
            )
        )
    return found


def _files(session: Session, message_ids: list[int]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(message_ids):
        found.update(
            session.scalars(
                select(AttachmentRow.local_path).where(
                    AttachmentRow.message_id.in_(chunk), AttachmentRow.local_path != ""
                )
            )
        )
    return found


def _delete_reactions_by(session: Session, identities: dict[str, set[str]]) -> None:
    """Their reactions on messages that stay (in groups: the rest go with their
    messages)."""
    for platform, user_ids in identities.items():
        # A lookup per reaction of theirs, not a list of every message on the
        # platform (a million of them) to look each one up in.
        on_platform = (
            select(MessageRow.id)
            .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
            .where(MessageRow.id == ReactionRow.message_id, ConversationRow.platform == platform)
            .exists()
        )
        session.execute(
            delete(ReactionRow).where(
                ReactionRow.sender_platform_id.in_(list(user_ids)),
                ReactionRow.direction == "incoming",
                on_platform,
            )
        )


def _mend_groups(session: Session, group_ids: list[int]) -> None:
    """A group whose newest message was theirs shows the one before it."""
    for group_id in group_ids:
        session.execute(
            update(ConversationRow)
            .where(ConversationRow.id == group_id)
            .values(
                last_message_id=select(MessageRow.id)
                .where(MessageRow.conversation_id == group_id)
                .order_by(MessageRow.sent_at.desc(), MessageRow.id.desc())
                .limit(1)
                .scalar_subquery()
            )
        )
    waiting.recompute(session, group_ids)


_Deleted = type[MessageRow] | type[ConversationRow]


def _delete_in_chunks(session: Session, table: _Deleted, ids: Iterable[int]) -> None:
    for chunk in _chunks(list(ids)):
        session.execute(delete(table).where(table.id.in_(chunk)))


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
