"""Keeping the message search index whole, and mending it where an earlier
DMDesk left it behind.

An import drops the trigger that indexes each new message and indexes its rows
in one go at the end. Before transactions took DDL in (``create_engine_for``), a
failed import left the trigger dropped for good, and no message after it could
be found. At start-up a cheap look (is the trigger there, is the newest message
indexed) finds such a database, and it is mended in one transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

MESSAGE_TRIGGER = "messages_search_insert"
MESSAGE_TRIGGER_SQL = (
    f"CREATE TRIGGER {MESSAGE_TRIGGER} AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_search(rowid, text, sender_name) "
    "VALUES (new.id, new.text, new.sender_name); END"
)
"""As migration 0004 creates it."""


def mend(path: Path) -> int:
    """Put back a missing message trigger and index messages the index lacks;
    returns how many were indexed. Nothing to do costs two indexed lookups."""
    # Looked at read-only: closing the only connection of a WAL database that can
    # write would checkpoint it, which costs a start-up its time for nothing.
    looking = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has_trigger = looking.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (MESSAGE_TRIGGER,)
        ).fetchone()
        newest_message = looking.execute("SELECT max(id) FROM messages").fetchone()[0] or 0
        newest_indexed = (
            looking.execute("SELECT max(id) FROM messages_search_docsize").fetchone()[0] or 0
        )
    finally:
        looking.close()
    if has_trigger and newest_indexed >= newest_message:
        return 0
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            indexed = connection.execute(
                "INSERT INTO messages_search(rowid, text, sender_name) "
                "SELECT id, text, sender_name FROM messages WHERE id > ?",
                (newest_indexed,),
            ).rowcount
            if not has_trigger:
                connection.execute(MESSAGE_TRIGGER_SQL)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()
    log.warning("mended the search index: %s messages indexed again", indexed)
    return int(indexed)
