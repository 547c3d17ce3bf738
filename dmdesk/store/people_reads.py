"""The People table's reads, in plain sqlite3 as the conversation list's are: a
page of people in the order asked for, and how many there are.

A page is read in two steps: the ids in order (only the sort's own value is
worked out for every person), then the details of those ids alone, so the count
of messages, a scan of each person's threads, is paid for a page, not for 20,000
people (unless that is the order asked for)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from dmdesk.domain import PeopleQuery, PeopleSort, PersonRow, Platform
from dmdesk.store.stage_names import parse_stages
from dmdesk.store.timestamps import from_millis

_MESSAGES = (
    "(SELECT count(*) FROM conversations c JOIN messages m ON m.conversation_id = c.id "
    "WHERE c.contact_id = k.id)"
)
_SORT_VALUE = {
    PeopleSort.NAME: "k.display_name COLLATE NOCASE",
    # Each a seek in its partial index (migration 0016): the conditions are its own.
    PeopleSort.LAST_MESSAGE: (
        "(SELECT max(c.last_activity_at) FROM conversations c "
        "WHERE c.contact_id = k.id AND c.contact_id IS NOT NULL AND c.trashed = 0)"
    ),
    PeopleSort.WAITING: (
        "(SELECT min(c.waiting_since) FROM conversations c WHERE c.contact_id = k.id "
        "AND c.contact_id IS NOT NULL AND c.waiting_since IS NOT NULL AND c.archived = 0 "
        "AND c.trashed = 0)"
    ),
    PeopleSort.FOLLOW_UP: "k.follow_up_on",
    PeopleSort.NOTES: "(SELECT count(*) FROM notes n WHERE n.contact_id = k.id)",
    PeopleSort.MESSAGES: _MESSAGES,
}
_NULLS_LAST = {PeopleSort.LAST_MESSAGE, PeopleSort.WAITING, PeopleSort.FOLLOW_UP}
"""Where nobody has a value (no follow-up, not waiting), they go last either way."""

_DETAILS = f"""
SELECT k.id, k.display_name, k.tags, k.stage, k.follow_up_on,
    (SELECT group_concat(i.platform || char(31) || i.handle, char(30))
       FROM contact_identities i WHERE i.contact_id = k.id),
    {_SORT_VALUE[PeopleSort.LAST_MESSAGE]},
    {_SORT_VALUE[PeopleSort.WAITING]},
    {_SORT_VALUE[PeopleSort.NOTES]},
    {_MESSAGES},
    (SELECT c.id FROM conversations c WHERE c.contact_id = k.id AND c.trashed = 0
       ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1)
FROM contacts k WHERE k.id IN ({{marks}})
"""


def _where(query: PeopleQuery) -> tuple[str, list[Any]]:
    conditions = ["1"]
    params: list[Any] = []
    if query.text.strip():
        pattern = "%" + _like(query.text.strip()) + "%"
        conditions.append(
            "(k.display_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM contact_identities i "
            "WHERE i.contact_id = k.id AND (i.handle LIKE ? ESCAPE '\\' "
            "OR i.display_name LIKE ? ESCAPE '\\')))"
        )
        params += [pattern, pattern, pattern]
    if query.tag:
        conditions.append(
            "EXISTS (SELECT 1 FROM json_each(k.tags) j WHERE lower(j.value) = lower(?))"
        )
        params.append(query.tag)
    if query.stage:
        conditions.append("k.stage = ?")
        params.append(query.stage)
    if query.platform is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM contact_identities i WHERE i.contact_id = k.id "
            "AND i.platform = ?)"
        )
        params.append(query.platform.value)
    return " AND ".join(conditions), params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def people_count(connection: sqlite3.Connection, query: PeopleQuery) -> int:
    where, params = _where(query)
    (count,) = connection.execute(
        f"SELECT count(*) FROM contacts k WHERE {where}", params
    ).fetchone()
    return int(count)


def people_ids(
    connection: sqlite3.Connection, query: PeopleQuery, offset: int, limit: int
) -> list[int]:
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    if query.sort is PeopleSort.STAGE:
        # In the workspace's own order (New before Asked), nobody's stage last.
        stages = _stages(connection)
        cases = " ".join(f"WHEN ? THEN {n}" for n in range(len(stages)))
        value = f"CASE k.stage {cases} ELSE {len(stages)} END" if stages else "k.stage"
        order = ["k.stage = ''", f"{value} {direction}", "k.stage COLLATE NOCASE"]
        params += list(stages)
    else:
        value = _SORT_VALUE[query.sort]
        # NULLS LAST, not "IS NULL" first: the value is worked out once a person.
        nulls = " NULLS LAST" if query.sort in _NULLS_LAST else ""
        order = [f"{value} {direction}{nulls}"]
    order.append(f"k.id {direction}")
    rows = connection.execute(
        f"SELECT k.id FROM contacts k WHERE {where} ORDER BY {', '.join(order)} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [row_id for (row_id,) in rows]


def _stages(connection: sqlite3.Connection) -> tuple[str, ...]:
    row = connection.execute("SELECT value FROM workspace_settings WHERE key = 'stages'").fetchone()
    return parse_stages(row[0] if row else None)


def people_page(
    connection: sqlite3.Connection, query: PeopleQuery, offset: int, limit: int
) -> list[PersonRow]:
    ids = people_ids(connection, query, offset, limit)
    if not ids:
        return []
    rows = connection.execute(_DETAILS.format(marks=",".join("?" * len(ids))), ids)
    by_id = {row[0]: _person(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def every_person(
    connection: sqlite3.Connection, query: PeopleQuery, page: int = 500
) -> Iterator[PersonRow]:
    """Everyone the query lists, in its order (for the CSV), a page at a time."""
    offset = 0
    while True:
        rows = people_page(connection, query, offset, page)
        yield from rows
        if len(rows) < page:
            return
        offset += page


def _person(row: Any) -> PersonRow:
    (
        contact_id, name, tags, stage, follow_up, identities, last, waiting, notes, messages,
        latest,
    ) = row  # fmt: skip
    platforms: list[Platform] = []
    handles: list[str] = []
    for identity in (identities or "").split("\x1e"):
        platform, _, handle = identity.partition("\x1f")
        try:
            known = Platform(platform)
        except ValueError:
            continue
        if known not in platforms:
            platforms.append(known)
        if handle:
            handles.append(handle)
    return PersonRow(
        contact_id=contact_id,
        name=name,
        platforms=tuple(platforms),
        handles=tuple(handles),
        tags=tuple(t for t in _tags(tags) if isinstance(t, str)),
        stage=stage or "",
        last_message_at=from_millis(last) if last is not None else None,
        waiting_since=from_millis(waiting) if waiting is not None else None,
        follow_up_on=date.fromisoformat(follow_up) if follow_up else None,
        notes=notes,
        messages=messages,
        latest_conversation_id=latest,
    )


def _tags(raw: str | None) -> list[Any]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
