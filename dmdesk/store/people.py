"""One person across channels: two contacts merged into one (their identities,
conversations and notes together), an identity split back out, and undoing
either exactly."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dmdesk.domain import ContactSnapshot, PeopleMerge, PersonSplit
from dmdesk.store.schema import (
    ContactIdentityRow,
    ContactRow,
    ConversationRow,
    NoteRow,
    NotSamePeopleRow,
)


def merge(session: Session, kept_id: int, merged_id: int) -> PeopleMerge | None:
    """Make ``merged_id`` part of ``kept_id``; None if either is gone or they are one.
    Tags are both sets, the follow-up the sooner, and an opt-out on either wins."""
    if kept_id == merged_id:
        return None
    kept, merged = session.get(ContactRow, kept_id), session.get(ContactRow, merged_id)
    if kept is None or merged is None:
        return None
    record = PeopleMerge(
        kept=_snapshot(kept),
        merged=_snapshot(merged),
        identity_ids=_move(session, ContactIdentityRow, merged_id, kept_id),
        conversation_ids=_move(session, ConversationRow, merged_id, kept_id),
        note_ids=_move(session, NoteRow, merged_id, kept_id),
    )
    kept.tags = _union(kept.tags, merged.tags)
    days = [d for d in (kept.follow_up_on, merged.follow_up_on) if d is not None]
    kept.follow_up_on = min(days) if days else None
    kept.do_not_message = kept.do_not_message or merged.do_not_message
    if not kept.stage and merged.stage:
        kept.stage, kept.stage_changed_at = merged.stage, merged.stage_changed_at
    session.flush()  # nothing of it hangs on the merged contact any more
    session.delete(merged)
    return record


def part(session: Session, record: PeopleMerge) -> None:
    """Undo a merge: the merged contact back with its id and fields, and what was
    its own back on it; the kept one as it was."""
    if session.get(ContactRow, record.kept.id) is None:
        return  # forgotten since: nothing to part
    if session.get(ContactRow, record.merged.id) is None:
        session.add(_row(record.merged))
        session.flush()
    for table, ids in (
        (ContactIdentityRow, record.identity_ids),
        (ConversationRow, record.conversation_ids),
        (NoteRow, record.note_ids),
    ):
        if ids:
            session.execute(
                update(table)
                .where(table.id.in_(ids), table.contact_id == record.kept.id)
                .values(contact_id=record.merged.id)
            )
    # Conversations begun since through an identity that goes back go with it.
    for identity in session.scalars(
        select(ContactIdentityRow).where(ContactIdentityRow.id.in_(record.identity_ids))
    ):
        for conversation in _had_through(session, record.kept.id, identity):
            conversation.contact_id = record.merged.id
    kept = session.get_one(ContactRow, record.kept.id)
    kept.tags = list(record.kept.tags)
    kept.follow_up_on = record.kept.follow_up_on
    kept.do_not_message = record.kept.do_not_message
    kept.stage, kept.stage_changed_at = record.kept.stage, record.kept.stage_changed_at


def split(session: Session, identity_id: int, now: datetime) -> PersonSplit | None:
    """Take one identity out of its person, with the one-to-one conversations had
    through it, into a new contact (named as that identity is); None where it is
    the person's only one. The new contact keeps an opt-out."""
    identity = session.get(ContactIdentityRow, identity_id)
    if identity is None:
        return None
    person = session.get_one(ContactRow, identity.contact_id)
    others = session.scalar(
        select(ContactIdentityRow.id).where(
            ContactIdentityRow.contact_id == person.id, ContactIdentityRow.id != identity_id
        )
    )
    if others is None:
        return None
    name = identity.display_name or identity.handle or person.display_name
    new = ContactRow(
        display_name=name,
        tags=[],
        do_not_message=person.do_not_message,
        created_at=now,
    )
    session.add(new)
    session.flush()
    identity.contact_id = new.id
    moved = []
    for conversation in _had_through(session, person.id, identity):
        conversation.contact_id = new.id
        moved.append(conversation.id)
    return PersonSplit(person.id, new.id, identity.id, tuple(moved), name)


def not_same(session: Session, first_id: int, second_id: int) -> None:
    """Remember that two contacts are not one person (kept as the smaller id first)."""
    low, high = sorted((first_id, second_id))
    if low == high or session.get(NotSamePeopleRow, (low, high)) is not None:
        return
    if session.get(ContactRow, low) is None or session.get(ContactRow, high) is None:
        return
    session.add(NotSamePeopleRow(first_contact_id=low, second_contact_id=high))


def _had_through(
    session: Session, contact_id: int, identity: ContactIdentityRow
) -> list[ConversationRow]:
    """The contact's one-to-one conversations with the person behind ``identity``."""
    return [
        conversation
        for conversation in session.scalars(
            select(ConversationRow).where(
                ConversationRow.contact_id == contact_id,
                ConversationRow.platform == identity.platform,
                ConversationRow.is_group.is_(False),
            )
        )
        if any(p.get("id") == identity.platform_user_id for p in conversation.participants)
    ]


def join(session: Session, record: PersonSplit) -> None:
    """Undo a split: the identity and its conversations back on their person, and the
    contact made for them gone (with any notes written on it since moved along)."""
    if session.get(ContactRow, record.from_contact_id) is None:
        return
    _move(session, ContactIdentityRow, record.new_contact_id, record.from_contact_id)
    _move(session, ConversationRow, record.new_contact_id, record.from_contact_id)
    _move(session, NoteRow, record.new_contact_id, record.from_contact_id)
    session.flush()
    made = session.get(ContactRow, record.new_contact_id)
    if made is not None:
        session.delete(made)


_Owned = type[ContactIdentityRow] | type[ConversationRow] | type[NoteRow]
"""The rows that belong to a contact."""


def _move(session: Session, table: _Owned, from_id: int, to_id: int) -> tuple[int, ...]:
    ids = tuple(session.scalars(select(table.id).where(table.contact_id == from_id)))
    if ids:
        session.execute(update(table).where(table.id.in_(ids)).values(contact_id=to_id))
    return ids


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for tag in (*first, *second):
        if tag.casefold() not in {t.casefold() for t in seen}:
            seen.append(tag)
    return seen


def _snapshot(row: ContactRow) -> ContactSnapshot:
    return ContactSnapshot(
        row.id,
        row.display_name,
        tuple(row.tags or ()),
        row.follow_up_on,
        row.do_not_message,
        row.created_at,
        row.stage,
        row.stage_changed_at,
    )


def _row(snapshot: ContactSnapshot) -> ContactRow:
    return ContactRow(
        id=snapshot.id,
        display_name=snapshot.display_name,
        tags=list(snapshot.tags),
        follow_up_on=snapshot.follow_up_on,
        do_not_message=snapshot.do_not_message,
        created_at=snapshot.created_at,
        stage=snapshot.stage,
        stage_changed_at=snapshot.stage_changed_at,
    )
