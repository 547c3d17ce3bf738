"""Contacts, their platform identities and their notes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dmdesk.domain import Note, Participant, Platform
from dmdesk.store.match_keys import handle_key, phone_key
from dmdesk.store.schema import ContactIdentityRow, ContactRow, NoteRow


def contact_for(session: Session, platform: Platform, person: Participant, now: datetime) -> int:
    """The contact behind a platform identity, created on first sight."""
    identity = session.scalar(
        select(ContactIdentityRow).where(
            ContactIdentityRow.platform == platform.value,
            ContactIdentityRow.platform_user_id == person.platform_user_id,
        )
    )
    if identity is not None:
        if person.handle and identity.handle != person.handle:
            identity.handle = person.handle
            keys = match_keys(person)
            identity.phone_key, identity.handle_key = keys["phone_key"], keys["handle_key"]
        return identity.contact_id
    contact = ContactRow(
        display_name=person.display_name or person.handle or person.platform_user_id,
        tags=[],
        do_not_message=False,
        created_at=now,
    )
    session.add(contact)
    session.flush()
    session.add(
        ContactIdentityRow(
            contact_id=contact.id,
            platform=platform.value,
            platform_user_id=person.platform_user_id,
            handle=person.handle,
            display_name=person.display_name,
            **match_keys(person),
        )
    )
    return contact.id


def match_keys(person: Participant) -> dict[str, str]:
    """The identity's keys for merge suggestions (store/match_keys.py)."""
    return {
        "phone_key": phone_key(person.handle, person.platform_user_id, person.display_name),
        "handle_key": handle_key(person.handle),
    }


def add_identity(
    session: Session, contact_id: int, platform: Platform, person: Participant
) -> None:
    """Record that a contact also writes from another platform."""
    session.add(
        ContactIdentityRow(
            contact_id=contact_id,
            platform=platform.value,
            platform_user_id=person.platform_user_id,
            handle=person.handle,
            display_name=person.display_name,
            **match_keys(person),
        )
    )


def rename_contact(session: Session, contact_id: int, display_name: str) -> None:
    session.get_one(ContactRow, contact_id).display_name = display_name


def set_tags(session: Session, contact_id: int, tags: Iterable[str]) -> None:
    unique: list[str] = []
    for tag in (t.strip() for t in tags):
        if tag and tag.casefold() not in {u.casefold() for u in unique}:
            unique.append(tag)
    session.get_one(ContactRow, contact_id).tags = unique


def set_follow_up(session: Session, contact_id: int, follow_up_on: date | None) -> None:
    session.get_one(ContactRow, contact_id).follow_up_on = follow_up_on


def set_do_not_message(session: Session, contact_id: int, do_not_message: bool) -> None:
    session.get_one(ContactRow, contact_id).do_not_message = do_not_message


def add_tag(session: Session, contact_ids: Iterable[int], tag: str) -> int:
    """``tag`` on each of the people who lack it (in any case); returns how many got it."""
    added = 0
    for row in session.scalars(select(ContactRow).where(ContactRow.id.in_(list(contact_ids)))):
        if tag.casefold() not in {t.casefold() for t in row.tags or ()}:
            row.tags = [*(row.tags or ()), tag]
            added += 1
    return added


def add_note(session: Session, contact_id: int, text: str, now: datetime) -> Note:
    row = NoteRow(contact_id=contact_id, text=text, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return Note(row.id, contact_id, text, now, now)


def edit_note(session: Session, note_id: int, text: str, now: datetime) -> None:
    row = session.get(NoteRow, note_id)
    if row is not None and row.text != text:
        row.text = text
        row.updated_at = now


def delete_note(session: Session, note_id: int) -> Note | None:
    """Delete a note and return it as it was; None if there was no such note."""
    row = session.get(NoteRow, note_id)
    if row is None:
        return None
    note = Note(row.id, row.contact_id, row.text, row.created_at, row.updated_at)
    session.delete(row)
    return note


def restore_note(session: Session, note: Note) -> None:
    """Put a deleted note back with its id and times, unless its contact is gone too."""
    if session.get(ContactRow, note.contact_id) is not None:
        session.merge(
            NoteRow(
                id=note.id,
                contact_id=note.contact_id,
                text=note.text,
                created_at=note.created_at,
                updated_at=note.updated_at,
            )
        )
