"""A spreadsheet of tags, stages and notes matched to people by handle, and
written in one transaction once the owner has seen what matched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dmdesk.domain import PeopleImportRow
from dmdesk.store import contacts as contact_store
from dmdesk.store.match_keys import handle_key, phone_key
from dmdesk.store.schema import ContactIdentityRow, ContactRow


def people_with_handle(session: Session, handle: str, platform: str = "") -> set[int]:
    """The contacts with ``handle`` (a handle, e-mail or phone number, however
    written), on ``platform`` if one is named."""
    by_handle, by_phone = handle_key(handle), phone_key(handle)
    if not by_handle and not by_phone:
        return set()
    keys = []
    if by_handle:
        keys.append(ContactIdentityRow.handle_key == by_handle)
    if by_phone:
        keys.append(ContactIdentityRow.phone_key == by_phone)
    found = select(ContactIdentityRow.contact_id).where(or_(*keys))
    if platform:
        found = found.where(ContactIdentityRow.platform == platform)
    return set(session.scalars(found))


def apply(session: Session, rows: Sequence[PeopleImportRow], now: datetime) -> None:
    """Each row's tags added to the person's, its stage set, its note added."""
    for row in rows:
        contact = session.get(ContactRow, row.contact_id)
        if contact is None:
            continue
        if row.tags:
            known = {t.casefold() for t in contact.tags or ()}
            added = [t for t in row.tags if t.casefold() not in known]
            if added:
                contact.tags = [*(contact.tags or ()), *added]
        if row.stage and row.stage != contact.stage:
            contact.stage, contact.stage_changed_at = row.stage, now
        if row.note:
            contact_store.add_note(session, contact.id, row.note, now)
