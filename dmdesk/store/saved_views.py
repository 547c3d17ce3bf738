"""Saved searches ("views") of the left pane: add, rename, reorder, delete."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dmdesk.domain import SavedView
from dmdesk.store.schema import SavedViewRow


def saved_views(session: Session) -> list[SavedView]:
    rows = session.scalars(select(SavedViewRow).order_by(SavedViewRow.position, SavedViewRow.id))
    return [_view(row) for row in rows]


def add_view(session: Session, name: str, query: str) -> SavedView:
    last = session.scalar(select(func.max(SavedViewRow.position)))
    row = SavedViewRow(name=name, query=query, position=(last or 0) + 1)
    session.add(row)
    session.flush()
    return _view(row)


def rename_view(session: Session, view_id: int, name: str) -> None:
    session.get_one(SavedViewRow, view_id).name = name


def delete_view(session: Session, view_id: int) -> None:
    row = session.get(SavedViewRow, view_id)
    if row is not None:
        session.delete(row)


def move_view(session: Session, view_id: int, step: int) -> None:
    """One place up (-1) or down (+1); positions are renumbered 1, 2, 3…"""
    rows = list(
        session.scalars(select(SavedViewRow).order_by(SavedViewRow.position, SavedViewRow.id))
    )
    index = next((i for i, row in enumerate(rows) if row.id == view_id), None)
    if index is None:
        return
    target = max(0, min(len(rows) - 1, index + step))
    rows.insert(target, rows.pop(index))
    for position, row in enumerate(rows, start=1):
        row.position = position


def _view(row: SavedViewRow) -> SavedView:
    return SavedView(row.id, row.name, row.query, row.position)
