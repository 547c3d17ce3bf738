"""Stages: the workspace's list of them (kept with its data, so a CSV import and
the report read the same), and moving people between them, undoably."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dmdesk.domain import StageChange
from dmdesk.store.schema import ContactRow, WorkspaceSettingRow
from dmdesk.store.stage_names import SETTING, clean, parse_stages


def stages(session: Session) -> tuple[str, ...]:
    row = session.get(WorkspaceSettingRow, SETTING)
    return parse_stages(row.value if row is not None else None)


def set_stages(session: Session, names: Sequence[str], renamed: dict[str, str]) -> tuple[str, ...]:
    """The owner's list; people at a renamed stage (``renamed``: old name to new)
    move with it. People at a stage taken out keep it until moved."""
    kept = clean(names)
    session.merge(WorkspaceSettingRow(key=SETTING, value=json.dumps(list(kept))))
    for old, new in renamed.items():
        if old != new:
            for row in session.scalars(select(ContactRow).where(ContactRow.stage == old)):
                row.stage = new
    return kept


def set_stage(
    session: Session, contact_ids: Iterable[int], stage: str, now: datetime
) -> StageChange | None:
    """Move people to ``stage`` ("" for none); None if nobody moved."""
    before: dict[int, tuple[str, datetime | None]] = {}
    for row in session.scalars(select(ContactRow).where(ContactRow.id.in_(list(contact_ids)))):
        if row.stage != stage:
            before[row.id] = (row.stage, row.stage_changed_at)
            row.stage = stage
            row.stage_changed_at = now if stage else None
    if not before:
        return None
    people = "1 person" if len(before) == 1 else f"{len(before)} people"
    described = f"Moved {people} to {stage}" if stage else f"Took {people} out of their stage"
    return StageChange(described, before)


def put_back(session: Session, change: StageChange) -> None:
    for row in session.scalars(select(ContactRow).where(ContactRow.id.in_(list(change.before)))):
        row.stage, row.stage_changed_at = change.before[row.id]
