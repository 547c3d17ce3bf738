"""The report's raw facts, read on a connection of its own from a worker thread:
each wait for a first response (kept by store/response_waits.py) and how many
messages came and went in each quarter of an hour (kept by triggers, migration
0010), automatic ones left out; and how many people stand at each stage."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from dmdesk.domain import Platform
from dmdesk.store.database import apply_pragmas
from dmdesk.store.stage_names import parse_stages
from dmdesk.store.timestamps import QUARTER_MS, to_millis

_RANGE = "wrote_at >= :start AND wrote_at < :end AND (:platform IS NULL OR platform = :platform)"
_WAITS = f"""
    SELECT conversation_id, wrote_at, coalesce(answered_at, -1) FROM response_waits
    WHERE {_RANGE}
"""
# One text of numbers, not a row per wait: building a Python object per row is
# what a read of a hundred thousand rows costs, and numpy reads the text at once.
_WAIT_TIMES = f"""
    SELECT group_concat(wrote_at || ',' || coalesce(answered_at, -1)) FROM response_waits
    WHERE {_RANGE}
"""
_CHAT_OF = """
    SELECT conversation_id FROM response_waits
    WHERE wrote_at = ? AND coalesce(answered_at, -1) = ? AND (? IS NULL OR platform = ?)
    LIMIT 1
"""
_VOLUME = """
    SELECT quarter, sum(incoming), sum(outgoing) FROM message_counts
    WHERE quarter >= :start AND quarter < :end AND (:platform IS NULL OR platform = :platform)
    GROUP BY quarter
"""

_STAGES = """
    SELECT k.stage, count(*),
           sum(k.stage_changed_at >= :start AND k.stage_changed_at < :end)
    FROM contacts k
    WHERE k.stage != '' AND (:platform IS NULL OR EXISTS (
        SELECT 1 FROM contact_identities i WHERE i.contact_id = k.id AND i.platform = :platform))
    GROUP BY k.stage
"""


NOT_ANSWERED = -1
Wait = tuple[int, int, int]
"""A customer's wait for a first response: (chat, when they wrote, when a person at
the shop answered or NOT_ANSWERED), times in milliseconds since 1970. Plain
numbers: a large shop has a hundred thousand of them in 90 days."""


class ReportReader:
    """Reads for reports, from whichever worker runs them (one at a time)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False)
        apply_pragmas(self._connection)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def waits(self, start: datetime, end: datetime, platform: Platform | None) -> list[Wait]:
        """Every wait that started from ``start`` to ``end``, answered or not."""
        return self._read(_WAITS, start, end, platform)

    def wait_times(
        self, start: datetime, end: datetime, platform: Platform | None
    ) -> npt.NDArray[np.int64]:
        """The same waits' times alone, a row each: (wrote, answered or NOT_ANSWERED);
        ``chats_of`` finds whose a few of them were."""
        [(numbers,)] = self._read(_WAIT_TIMES, start, end, platform)
        return np.fromstring(numbers or "", dtype=np.int64, sep=",").reshape(-1, 2)

    def chats_of(self, times: list[tuple[int, int]], platform: Platform | None) -> list[int | None]:
        """Whose each wait of ``times`` was (a few: the longest of a report)."""
        kind = platform and platform.value
        with self._lock:
            found = [
                self._connection.execute(_CHAT_OF, (*pair, kind, kind)).fetchone() for pair in times
            ]
        return [row[0] if row else None for row in found]

    def _read(
        self, sql: str, start: datetime, end: datetime, platform: Platform | None
    ) -> list[Any]:
        edges = {"start": to_millis(start), "end": to_millis(end)}
        with self._lock:
            return self._connection.execute(
                sql, {**edges, "platform": platform and platform.value}
            ).fetchall()

    def volume(
        self, start: datetime, end: datetime, platform: Platform | None
    ) -> list[tuple[int, int, int]]:
        """Messages in and out per quarter hour: (quarter since 1970, in, out)."""
        with self._lock:
            return self._connection.execute(
                _VOLUME,
                {
                    "start": to_millis(start) // QUARTER_MS,
                    "end": -(-to_millis(end) // QUARTER_MS),
                    "platform": platform and platform.value,
                },
            ).fetchall()

    def stages(
        self, start: datetime, end: datetime, platform: Platform | None
    ) -> list[tuple[str, int, int]]:
        """(stage, people there now, of whom reached it in the period), in the
        workspace's order of stages, then any stage since taken out of it."""
        with self._lock:
            rows = self._connection.execute(
                _STAGES,
                {
                    "start": to_millis(start),
                    "end": to_millis(end),
                    "platform": platform and platform.value,
                },
            ).fetchall()
            setting = self._connection.execute(
                "SELECT value FROM workspace_settings WHERE key = 'stages'"
            ).fetchone()
        order = {name: n for n, name in enumerate(parse_stages(setting[0] if setting else None))}
        return sorted(rows, key=lambda row: (order.get(row[0], len(order)), row[0]))

    def titles(self, conversation_ids: list[int]) -> dict[int, tuple[str, Platform]]:
        """The chats' names and platforms, for the longest waits."""
        if not conversation_ids:
            return {}
        marks = ",".join("?" * len(conversation_ids))
        with self._lock:
            rows = self._connection.execute(
                f"SELECT id, title, platform FROM conversations WHERE id IN ({marks})",
                conversation_ids,
            ).fetchall()
        return {row[0]: (row[1], Platform(row[2])) for row in rows}
