"""Full-text search over the FTS5 indexes of migration 0004, in SQLite's SQL.

Ordering: the newest ``CANDIDATES`` matches (FTS5 hands them out in rowid order
without sorting) are ranked by bm25 blended with age, so the best recent hits
come first while the work stays bounded however common the word; results past
the candidates continue newest first. Ranking all 200,000 messages holding a
common word takes 350 ms; this takes a few.

A PostgreSQL store would provide the same ``SearchReader`` over its own
full-text search.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from dmdesk.domain import (
    ConversationState,
    ConversationSummary,
    SearchCursor,
    SearchHit,
    SearchPage,
    SearchQuery,
    SearchTerm,
    stage_key,
)
from dmdesk.store.database import apply_pragmas
from dmdesk.store.reads import CONVERSATION_COLUMNS, CONVERSATION_JOINS, conversation_from_row
from dmdesk.store.snippets import snippet
from dmdesk.store.timestamps import from_millis, to_millis

CANDIDATES = 300
"""Matches ranked per search; past them, results continue newest first."""
PEOPLE_HITS = 5
"""Conversations found by name, handle or notes, shown above the messages."""

_STATES = {
    ConversationState.UNREAD: "c.unread_count > 0",
    ConversationState.ARCHIVED: "c.archived = 1",
    ConversationState.PINNED: "c.pinned = 1",
    ConversationState.UNANSWERED: "c.waiting_since IS NOT NULL",
}


class SearchReader:
    """Searches on a connection of its own, from whichever worker thread runs them
    (one at a time)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False)
        apply_pragmas(self._connection)
        # stage:content-posted finds "Content posted", whatever its letters.
        self._connection.create_function("stage_key", 1, stage_key, deterministic=True)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def search(
        self, query: SearchQuery, limit: int = 50, cursor: SearchCursor | None = None
    ) -> SearchPage:
        with self._lock:
            if query.is_empty:
                return SearchPage((), None)
            if not query.finds_messages:
                return self._conversations(query, limit, cursor)
            people: list[SearchHit] = []
            if cursor is None and query.terms:
                people = self._people(query)
            page = self._messages(query, limit, cursor)
            return SearchPage((*people, *page.hits), page.more)

    def count(self, query: SearchQuery, cap: int = 1000) -> int:
        """How many results, up to ``cap`` (a saved view's badge)."""
        with self._lock:
            if query.is_empty:
                return 0
            if not query.finds_messages:
                where, params = _conversation_conditions(query)
                sql = f"SELECT 1 FROM conversations c {_LAST} WHERE {where}"
            else:
                sql, params = _message_query(query, "f.rowid", "f.rowid DESC")
            (count,) = self._connection.execute(
                f"SELECT count(*) FROM ({sql} LIMIT ?)", (*params, cap)
            ).fetchone()
            return int(count)

    # --- messages --------------------------------------------------------------

    def _messages(self, query: SearchQuery, limit: int, cursor: SearchCursor | None) -> SearchPage:
        if cursor is None:
            ranked = self._ranked(query)
            cursor = SearchCursor(
                ranked=tuple(ranked),
                before_id=min(ranked) if len(ranked) == CANDIDATES else None,
            )
        ids = list(cursor.ranked[:limit])
        rest = cursor.ranked[limit:]
        before_id = cursor.before_id
        if len(ids) < limit and before_id is not None:
            sql, params = _message_query(query, "f.rowid", "f.rowid DESC", before_id=before_id)
            older = [
                row[0]
                for row in self._connection.execute(
                    f"{sql} LIMIT ?", (*params, limit - len(ids) + 1)
                )
            ]
            more_older = len(older) > limit - len(ids)
            older = older[: limit - len(ids)]
            ids += older
            before_id = older[-1] if more_older and older else None
        more = SearchCursor(ranked=rest, before_id=before_id) if rest or before_id else None
        return SearchPage(tuple(self._hits(query, ids)), more)

    def _ranked(self, query: SearchQuery) -> list[int]:
        sql, params = _message_query(
            query, "f.rowid, m.sent_at, bm25(messages_search, 1.0, 0.0)", "f.rowid DESC"
        )
        rows = self._connection.execute(f"{sql} LIMIT {CANDIDATES}", params).fetchall()
        if not rows:
            return []
        newest: int = max(row[1] for row in rows)
        oldest: int = min(row[1] for row in rows)
        span = max(newest - oldest, 1)

        def score(row: Any) -> float:
            # bm25 is negative, lower is better; a hit loses up to a third of its
            # weight with age across the candidates, so better words win but a
            # fresh mention beats an equally good old one.
            age = float(newest - row[1]) / span
            return float(row[2]) * (1 - age / 3)

        return [row[0] for row in sorted(rows, key=lambda row: (score(row), -row[0]))]

    def _hits(self, query: SearchQuery, ids: Sequence[int]) -> list[SearchHit]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        messages = {
            row[0]: row
            for row in self._connection.execute(
                "SELECT id, conversation_id, sender_name, sent_at, text, has_attachments "
                f"FROM messages WHERE id IN ({marks})",
                list(ids),
            )
        }
        conversations = self._conversation_summaries({row[1] for row in messages.values()})
        hits = []
        for message_id in ids:
            row = messages.get(message_id)
            if row is None or row[1] not in conversations:
                continue
            if query.terms:
                shown, highlights = snippet(row[4], query.terms)
            else:
                shown, highlights = _head(row[4], bool(row[5])), ()
            hits.append(
                SearchHit(
                    conversation=conversations[row[1]],
                    message_id=message_id,
                    sender_name=row[2],
                    sent_at=from_millis(row[3]),
                    snippet=shown,
                    highlights=highlights,
                )
            )
        return hits

    # --- conversations -----------------------------------------------------------

    def _people(self, query: SearchQuery) -> list[SearchHit]:
        """Conversations found by name or handle (first) or by their notes."""
        match = _terms_match(query.terms)
        where, params = _conversation_conditions(query)
        rows = self._connection.execute(
            "SELECT p.rowid, p.notes FROM conversations_search p "
            f"JOIN conversations c ON c.id = p.rowid {_LAST} "
            f"WHERE conversations_search MATCH ? AND {where} "
            "ORDER BY bm25(conversations_search, 10.0, 10.0, 1.0), c.last_activity_at DESC "
            "LIMIT ?",
            (match, *params, PEOPLE_HITS),
        ).fetchall()
        conversations = self._conversation_summaries({row[0] for row in rows})
        hits = []
        for conversation_id, notes in rows:
            conversation = conversations.get(conversation_id)
            if conversation is None:
                continue
            shown, highlights = snippet(notes, query.terms)
            if not highlights:  # found by name or handle: show where they are at
                shown = conversation.snippet
            hits.append(_conversation_hit(conversation, shown, highlights))
        return hits

    def _conversations(
        self, query: SearchQuery, limit: int, cursor: SearchCursor | None
    ) -> SearchPage:
        where, params = _conversation_conditions(query)
        if cursor is not None and cursor.before_activity is not None:
            where += " AND (c.last_activity_at, c.id) < (?, ?)"
            params = [*params, *cursor.before_activity]
        rows = self._connection.execute(
            f"SELECT c.id, c.last_activity_at FROM conversations c {_LAST} WHERE {where} "
            "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?",
            (*params, limit + 1),
        ).fetchall()
        more = None
        if len(rows) > limit:
            rows = rows[:limit]
            more = SearchCursor(before_activity=(rows[-1][1], rows[-1][0]))
        conversations = self._conversation_summaries({row[0] for row in rows})
        hits = [
            _conversation_hit(
                conversations[conversation_id], conversations[conversation_id].snippet
            )
            for conversation_id, _ in rows
        ]
        return SearchPage(tuple(hits), more)

    def _conversation_summaries(self, ids: set[int]) -> dict[int, ConversationSummary]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._connection.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations c {CONVERSATION_JOINS} "
            f"WHERE c.id IN ({marks})",
            list(ids),
        )
        return {row[0]: conversation_from_row(row) for row in rows}


def _conversation_hit(
    conversation: ConversationSummary, shown: str, highlights: tuple[tuple[int, int], ...] = ()
) -> SearchHit:
    """A result that is a conversation (found by its person, notes or filters)."""
    return SearchHit(
        conversation=conversation,
        message_id=None,
        sender_name=conversation.title,
        sent_at=conversation.last_activity_at,
        snippet=shown,
        highlights=highlights,
    )


# --- building the SQL -------------------------------------------------------------

_LAST = "LEFT JOIN messages lm ON lm.id = c.last_message_id"
"""The conversation's last message, for is:unanswered."""


def _message_query(
    query: SearchQuery, columns: str, order: str, before_id: int | None = None
) -> tuple[str, list[Any]]:
    """Messages matching the query, newest first: through the FTS index when there
    are words (or senders, or has:link), else through has:attachment's index or
    the messages table itself."""
    where, params = _conversation_conditions(query)
    conditions = [where]
    match = _match(query)
    if query.has_attachment:
        conditions.append("m.has_attachments = 1")
    if query.before:
        conditions.append("m.sent_at < ?")
        params.append(_start_of(query.before))
    if query.after:
        conditions.append("m.sent_at >= ?")
        params.append(_start_of(query.after))
    if match:
        source = (
            "messages_search f JOIN messages m ON m.id = f.rowid "
            "JOIN conversations c ON c.id = m.conversation_id"
        )
        conditions.insert(0, "messages_search MATCH ?")
        params.insert(0, match)
        if before_id is not None:
            conditions.append("f.rowid < ?")
            params.append(before_id)
    else:
        source = "messages m JOIN conversations c ON c.id = m.conversation_id"
        columns = columns.replace("f.rowid", "m.id").replace(
            "bm25(messages_search, 1.0, 0.0)", "0.0"
        )
        order = order.replace("f.rowid", "m.id")
        if before_id is not None:
            conditions.append("m.id < ?")
            params.append(before_id)
    sql = (
        f"SELECT {columns} FROM {source} {_LAST} WHERE {' AND '.join(conditions)} ORDER BY {order}"
    )
    return sql, params


def _conversation_conditions(query: SearchQuery) -> tuple[str, list[Any]]:
    conditions = ["c.trashed = 0"]
    params: list[Any] = []
    if query.platforms:
        conditions.append(f"c.platform IN ({','.join('?' * len(query.platforms))})")
        params += [p.value for p in query.platforms]
    for state in sorted(query.states):
        conditions.append(_STATES[state])
    if query.waited_at_least is not None:
        longest = to_millis(datetime.now(UTC) - query.waited_at_least)
        conditions.append("c.waiting_since IS NOT NULL AND c.waiting_since <= ?")
        params.append(longest)
    if query.stages:
        conditions.append(
            "EXISTS (SELECT 1 FROM contacts s WHERE s.id = c.contact_id AND s.stage != '' "
            f"AND stage_key(s.stage) IN ({','.join('?' * len(query.stages))}))"
        )
        params += list(query.stages)
    for tag in query.tags:
        conditions.append(
            "EXISTS (SELECT 1 FROM contacts t, json_each(t.tags) j "
            "WHERE t.id = c.contact_id AND lower(j.value) = lower(?))"
        )
        params.append(tag)
    return " AND ".join(conditions), params


def _match(query: SearchQuery) -> str:
    """The FTS5 expression: every term in the text, any sender, a link."""
    parts = []
    if query.terms:
        parts.append(f"text : ({_terms_match(query.terms)})")
    if query.senders:
        senders = " OR ".join(_quoted(SearchTerm(s, prefix=True)) for s in query.senders)
        parts.append(f"sender_name : ({senders})")
    if query.has_link:
        parts.append('text : ("http"* OR "www")')
    return " AND ".join(parts)


def _terms_match(terms: Sequence[SearchTerm]) -> str:
    return " AND ".join(_quoted(term) for term in terms)


def _quoted(term: SearchTerm) -> str:
    """A term as an FTS5 string: quoted (quotes doubled), so no typed character is
    syntax; the tokenizer splits it into words, matched next to each other."""
    text = '"' + term.text.replace('"', '""') + '"'
    return text + "*" if term.prefix else text


def _start_of(day: date) -> int:
    return to_millis(datetime.combine(day, time()).astimezone())


def _head(text: str, has_attachments: bool) -> str:
    if not text.strip() and has_attachments:
        return "Sent an attachment"
    return snippet(text, ())[0]
