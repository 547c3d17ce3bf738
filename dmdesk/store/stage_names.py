"""The workspace's stage names as its setting keeps them (a JSON list), read by
the ORM and by the plain-sqlite3 readers alike, so nothing here imports
SQLAlchemy."""

from __future__ import annotations

import json
from collections.abc import Iterable

from dmdesk.domain import COLLABORATION_STAGES, CUSTOMER_STAGES, MAX_STAGES, stage_key

SETTING = "stages"
DEFAULT = (*CUSTOMER_STAGES, *COLLABORATION_STAGES)


def parse_stages(raw: str | None) -> tuple[str, ...]:
    """The setting's value as names; the ready sets where it is unset or unreadable."""
    if raw is None:
        return DEFAULT
    try:
        names = json.loads(raw)
    except ValueError:
        return DEFAULT
    if not isinstance(names, list):
        return DEFAULT
    return clean([n for n in names if isinstance(n, str)])


def clean(names: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, one line, at most 40 characters, each once (by its key), at most nine."""
    kept: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:40]
        if name and stage_key(name) not in kept:
            kept[stage_key(name)] = name
    return tuple(kept.values())[:MAX_STAGES]
