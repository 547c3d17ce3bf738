"""The hot read paths of the window, in plain SQL over the standard library.

The conversation list, the thread and the contact pane read through here on the
GUI thread: every query is one indexed page read (well under a millisecond at
20,000 conversations and 1,000,000 messages, see docs/performance.md), and
going through ``sqlite3`` directly lets the window paint its first page before
SQLAlchemy is even imported. The SQL is SQLite's; a PostgreSQL store would
provide its own reader with these same methods.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dmdesk.domain import (
    Account,
    AccountStatus,
    Attachment,
    Contact,
    ConversationFlags,
    ConversationSummary,
    Direction,
    HeldReason,
    Identity,
    ListPosition,
    ListQuery,
    MergeSuggestion,
    Message,
    MessageStatus,
    Note,
    Participant,
    PeopleQuery,
    PersonConversation,
    PersonRow,
    Platform,
    Profile,
    QuickReply,
    Quote,
    Reaction,
    SavedView,
    View,
)
from dmdesk.store import attachment_columns, people_reads
from dmdesk.store.database import apply_pragmas
from dmdesk.store.kept_files import in_data_folder, kept_files
from dmdesk.store.stage_names import parse_stages
from dmdesk.store.timestamps import from_millis, to_millis

SNIPPET_CHARS = 160


# Merge suggestions for one contact, the surest first. The keys are indexed
# (migration 0015); the name rule looks only at the few with the very same name.
def _not_said_apart(other: str) -> str:
    return f"""
    AND NOT EXISTS (SELECT 1 FROM not_same_people n
        WHERE n.first_contact_id = min(:contact, {other})
        AND n.second_contact_id = max(:contact, {other}))"""


_SUGGESTIONS = f"""
SELECT other.contact_id, other.platform, 'the same phone number' FROM contact_identities mine
    JOIN contact_identities other ON other.phone_key = mine.phone_key
    -- Said of both sides, so the partial index on the other side serves.
    WHERE mine.contact_id = :contact AND mine.phone_key != '' AND other.phone_key != ''
    AND other.contact_id != :contact {_not_said_apart("other.contact_id")}
UNION ALL
SELECT other.contact_id, other.platform,
    CASE WHEN instr(other.handle_key, '@') > 0 THEN 'the same e-mail'
    ELSE 'the same handle' END
    FROM contact_identities mine
    JOIN contact_identities other ON other.handle_key = mine.handle_key
    WHERE mine.contact_id = :contact AND mine.handle_key != '' AND other.handle_key != ''
    AND other.contact_id != :contact AND other.platform != mine.platform
    {_not_said_apart("other.contact_id")}
UNION ALL
SELECT twin.id,
    (SELECT platform FROM contact_identities WHERE contact_id = twin.id ORDER BY id LIMIT 1),
    'the same name, and a message names ' || named.handle
    FROM contacts me JOIN contacts twin
        ON twin.display_name = me.display_name COLLATE NOCASE AND twin.id != me.id
    JOIN contact_identities named
        ON named.contact_id IN (me.id, twin.id) AND length(named.handle) >= 3
    WHERE me.id = :contact AND instr(trim(me.display_name), ' ') > 0
    {_not_said_apart("twin.id")}
    AND EXISTS (SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.contact_id IN (me.id, twin.id) AND instr(lower(m.text), lower(named.handle)) > 0)
LIMIT :limit
"""

# Literal conditions, so SQLite can match the partial indexes of schema.py.
_IN_INBOX = "c.archived = 0 AND c.trashed = 0 AND c.snoozed_until IS NULL"
_VIEW_CONDITIONS = {
    View.INBOX: _IN_INBOX,
    View.UNREAD: f"{_IN_INBOX} AND c.unread_count > 0",
    View.WAITING: f"c.waiting_since IS NOT NULL AND {_IN_INBOX}",
    View.SNOOZED: "c.snoozed_until IS NOT NULL AND c.trashed = 0",
    View.PINNED: "c.pinned = 1 AND c.trashed = 0 AND c.snoozed_until IS NULL",
    View.ARCHIVED: "c.archived = 1 AND c.trashed = 0",
    View.TRASH: "c.trashed = 1",
}
# What each view lists by, when it lists the soonest first.
_TIME_ORDER = {View.WAITING: "c.waiting_since", View.SNOOZED: "c.snoozed_until"}

CONVERSATION_COLUMNS = f"""
    c.id, c.account_id, c.platform, c.title, c.is_group, c.last_activity_at,
    c.unread_count, c.archived, c.trashed, c.pinned, c.muted, c.snoozed_until,
    c.contact_id, c.participants,
    substr(m.text, 1, {SNIPPET_CHARS}), m.direction, m.has_attachments, m.unsent,
    c.waiting_since, c.snooze_if_no_reply, p.follow_up_on,
    (SELECT min(s.scheduled_for) FROM messages s WHERE s.conversation_id = c.id
        AND s.scheduled_for IS NOT NULL AND s.status = 'pending'),
    p.stage, p.tags
"""
CONVERSATION_JOINS = """
    LEFT JOIN messages m ON m.id = c.last_message_id
    LEFT JOIN contacts p ON p.id = c.contact_id
"""
"""What ``CONVERSATION_COLUMNS`` reads from besides ``conversations c``."""

# Follow-ups: "if they don't reply" reminders and the conversations of contacts
# with a follow-up date (due at 09:00 local that day, as domain.follow_up_moment:
# SQLite's 'utc' modifier reads the time on the system's own clock), each once, at
# the sooner of the two. Both halves are index ranges; the list is short.
_FOLLOW_UPS = """
    WITH due(id, at) AS (
        SELECT c.id, c.snoozed_until FROM conversations c
        WHERE c.snoozed_until IS NOT NULL AND c.trashed = 0 AND c.snooze_if_no_reply = 1
        UNION ALL
        SELECT c.id, CAST(strftime('%s', k.follow_up_on || ' 09:00', 'utc') AS INTEGER) * 1000
        FROM contacts k JOIN conversations c ON c.contact_id = k.id
        WHERE k.follow_up_on IS NOT NULL AND c.trashed = 0
    ), firsts(id, at) AS (SELECT id, min(at) FROM due GROUP BY id)
"""
# Scheduled: conversations with a reply sent later, by the soonest to go.
_SCHEDULED = """
    WITH firsts(id, at) AS (
        SELECT s.conversation_id, min(s.scheduled_for) FROM messages s
        WHERE s.scheduled_for IS NOT NULL AND s.status = 'pending' GROUP BY s.conversation_id
    )
"""
_LISTED_BY_FIRSTS = {View.FOLLOW_UPS: _FOLLOW_UPS, View.SCHEDULED: _SCHEDULED}

_MESSAGE_COLUMNS = """
    id, conversation_id, platform_message_id, sender_name, direction, text,
    sent_at, status, edited, unsent, has_attachments, scheduled_for,
    CASE WHEN scheduled_for IS NOT NULL AND status = 'pending'
        THEN (SELECT o.held_reason FROM outbox o WHERE o.message_id = messages.id) END,
    automatic, reply_to, account_id
"""


class InboxReader:
    """Read-only access for one thread (the GUI thread): a connection of its own."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._connection = sqlite3.connect(path)
        apply_pragmas(self._connection)

    def close(self) -> None:
        self._connection.close()

    # --- conversation list ---------------------------------------------------

    def conversation_page(
        self, query: ListQuery, after: ListPosition | None = None, limit: int = 50
    ) -> list[ConversationSummary]:
        """One page of the list in display order: pinned first, then newest activity;
        in Waiting, Snoozed and Follow-ups, the soonest time first."""
        if query.view in _LISTED_BY_FIRSTS:
            head, conditions = _LISTED_BY_FIRSTS[query.view], ["c.trashed = 0"]
            source, order_by = "firsts f JOIN conversations c ON c.id = f.id", "f.at"
        else:
            head, conditions = "", [_VIEW_CONDITIONS[query.view]]
            source, order_by = "conversations c", _TIME_ORDER.get(query.view, "")
        params: list[Any] = []
        if query.platform is not None:
            conditions.append("c.platform = ?")
            params.append(query.platform.value)
        if after is not None and query.view.soonest_first:
            conditions.append(f"({order_by}, c.id) > (?, ?)")
            params += [after.time_ms, after.conversation_id]
        elif after is not None:
            conditions.append("(c.pinned, c.last_activity_at, c.id) < (?, ?, ?)")
            params += [int(after.pinned), after.last_activity_ms, after.conversation_id]
        order = (
            f"{order_by}, c.id"
            if query.view.soonest_first
            else "c.pinned DESC, c.last_activity_at DESC, c.id DESC"
        )
        sql = (
            f"{head} SELECT {CONVERSATION_COLUMNS} FROM {source} {CONVERSATION_JOINS} "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT ?"
        )
        params.append(limit)
        return [conversation_from_row(row) for row in self._connection.execute(sql, params)]

    def position_after(
        self, conversation: ConversationSummary, view: View = View.INBOX
    ) -> ListPosition:
        return position_of(conversation, view)

    def conversation(self, conversation_id: int) -> ConversationSummary | None:
        row = self._connection.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations c {CONVERSATION_JOINS} "
            "WHERE c.id = ?",
            (conversation_id,),
        ).fetchone()
        return None if row is None else conversation_from_row(row)

    def unread_conversations(self, *, muted: bool = True) -> int:
        """Conversations in the Inbox with unread messages (the Unread view's size);
        without ``muted``, the ones that call for attention (the badges' count)."""
        every, calling = self.unread_counts()
        return every if muted else calling

    def unread_counts(self) -> tuple[int, int]:
        """In one read: unread conversations in the Inbox, and those not muted."""
        every, calling = self._connection.execute(
            "SELECT count(*), coalesce(sum(NOT c.muted), 0) FROM conversations c "
            f"WHERE {_VIEW_CONDITIONS[View.UNREAD]}"
        ).fetchone()
        return int(every), int(calling)

    def waiting_count(self) -> int:
        """Conversations in Waiting: the customer waits for an answer."""
        (count,) = self._connection.execute(
            f"SELECT count(*) FROM conversations c WHERE {_VIEW_CONDITIONS[View.WAITING]}"
        ).fetchone()
        return int(count)

    def snoozed_count(self) -> int:
        (count,) = self._connection.execute(
            f"SELECT count(*) FROM conversations c WHERE {_VIEW_CONDITIONS[View.SNOOZED]}"
        ).fetchone()
        return int(count)

    def follow_up_count(self) -> int:
        (count,) = self._connection.execute(f"{_FOLLOW_UPS} SELECT count(*) FROM firsts").fetchone()
        return int(count)

    def scheduled_count(self) -> int:
        (count,) = self._connection.execute(
            "SELECT count(DISTINCT conversation_id) FROM messages "
            "WHERE scheduled_for IS NOT NULL AND status = 'pending'"
        ).fetchone()
        return int(count)

    def next_snooze_due(self) -> datetime | None:
        """When the soonest snooze comes back (None: nothing is snoozed)."""
        (due,) = self._connection.execute(
            "SELECT min(c.snoozed_until) FROM conversations c "
            f"WHERE {_VIEW_CONDITIONS[View.SNOOZED]}"
        ).fetchone()
        return None if due is None else from_millis(due)

    def back_from_snooze(self) -> list[ConversationSummary]:
        """Conversations back from a snooze, still unread, not announced yet."""
        rows = self._connection.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations c {CONVERSATION_JOINS} "
            "WHERE c.back_from_snooze_at IS NOT NULL AND c.unread_count > 0 AND c.trashed = 0 "
            "ORDER BY c.back_from_snooze_at, c.id"
        ).fetchall()
        return [conversation_from_row(row) for row in rows]

    def draft(self, conversation_id: int) -> str:
        row = self._connection.execute(
            "SELECT draft_text FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return "" if row is None else str(row[0])

    # --- thread ----------------------------------------------------------------

    def thread_page(
        self, conversation_id: int, before: Message | None = None, limit: int = 50
    ) -> list[Message]:
        """Up to ``limit`` messages older than ``before`` (or the newest), oldest first."""
        if before is None:
            rows = self._connection.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
                "ORDER BY sent_at DESC, id DESC LIMIT ?",
                (conversation_id, limit),
            ).fetchall()
        else:
            rows = self._connection.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
                "AND (sent_at, id) < (?, ?) ORDER BY sent_at DESC, id DESC LIMIT ?",
                (conversation_id, to_millis(before.sent_at), before.id, limit),
            ).fetchall()
        rows.reverse()
        return self._messages(rows)

    def whole_thread(self, conversation_id: int, chunk: int = 1000) -> Iterator[Message]:
        """Every message of a conversation, oldest first, read a chunk at a time."""
        after: tuple[int, int] = (-(2**62), 0)
        while True:
            rows = self._connection.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
                "AND (sent_at, id) > (?, ?) ORDER BY sent_at, id LIMIT ?",
                (conversation_id, *after, chunk),
            ).fetchall()
            if not rows:
                return
            yield from self._messages(rows)
            after = (rows[-1][6], rows[-1][0])

    def conversation_ids(self) -> list[int]:
        """Every conversation not in the Trash, newest activity first (for exports)."""
        return [
            row[0]
            for row in self._connection.execute(
                "SELECT id FROM conversations WHERE trashed = 0 "
                "ORDER BY last_activity_at DESC, id DESC"
            )
        ]

    def messages(self, message_ids: Sequence[int]) -> list[Message]:
        """The given messages, oldest first (for live updates of an open thread)."""
        if not message_ids:
            return []
        marks = ",".join("?" * len(message_ids))
        rows = self._connection.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id IN ({marks}) ORDER BY sent_at, id",
            list(message_ids),
        ).fetchall()
        return self._messages(rows)

    def pictures(self, conversation_id: int) -> list[tuple[int, Attachment]]:
        """Every photo and sticker of a conversation with its message id, oldest first."""
        rows = self._connection.execute(
            f"SELECT a.message_id, {_prefixed('a.', attachment_columns.COLUMNS)} "
            "FROM attachments a JOIN messages m ON m.id = a.message_id "
            "WHERE m.conversation_id = ? AND a.kind IN ('image', 'sticker') AND NOT m.unsent "
            "ORDER BY m.sent_at, m.id, a.id",
            (conversation_id,),
        )
        return [(message_id, attachment_columns.from_columns(*rest)) for message_id, *rest in rows]

    def newest_incoming(self, conversation_ids: Sequence[int]) -> list[tuple[int, str, str]]:
        """For each conversation, (account id, platform conversation id, platform id
        of its newest message from the customer); those with none are left out."""
        found = []
        for conversation_id in conversation_ids:
            row = self._connection.execute(
                "SELECT c.account_id, c.platform_conversation_id, m.platform_message_id"
                " FROM conversations c JOIN messages m ON m.conversation_id = c.id"
                " WHERE c.id = ? AND m.direction = 'incoming'"
                " AND m.platform_message_id IS NOT NULL"
                " ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
                (conversation_id,),
            ).fetchone()
            if row is not None:
                found.append((row[0], row[1], row[2]))
        return found

    def due_follow_ups(self, today: date) -> list[tuple[int, str, date, int | None]]:
        """Contacts whose follow-up date has come: (id, name, date, their latest
        conversation's id or None)."""
        rows = self._connection.execute(
            "SELECT p.id, p.display_name, p.follow_up_on,"
            " (SELECT c.id FROM conversations c WHERE c.contact_id = p.id AND c.trashed = 0"
            "  ORDER BY c.last_activity_at DESC LIMIT 1)"
            " FROM contacts p WHERE p.follow_up_on IS NOT NULL AND p.follow_up_on <= ?"
            " ORDER BY p.follow_up_on, p.id",
            (today.isoformat(),),
        ).fetchall()
        return [(row[0], row[1], date.fromisoformat(row[2]), row[3]) for row in rows]

    def last_incoming_at(self, conversation_id: int) -> datetime | None:
        """When the person last wrote (Meta's reply window counts from it)."""
        row = self._connection.execute(
            "SELECT sent_at FROM messages WHERE conversation_id = ? AND direction = 'incoming'"
            " ORDER BY sent_at DESC, id DESC LIMIT 1",
            (conversation_id,),
        ).fetchone()
        return None if row is None else from_millis(row[0])

    def send_problems(self, message_ids: Sequence[int]) -> dict[int, str]:
        """Why replies still in the outbox have not gone yet (or failed), by id."""
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        return dict(
            self._connection.execute(
                f"SELECT message_id, last_error FROM outbox WHERE message_id IN ({marks})"
                " AND last_error != ''",
                list(message_ids),
            ).fetchall()
        )

    def _messages(self, rows: list[Any]) -> list[Message]:
        with_attachments = [row[0] for row in rows if row[10]]
        attachments = self._attachments(with_attachments)
        reactions = self._reactions([row[0] for row in rows])
        quotes = self._quotes([(row[15], row[14]) for row in rows if row[14]])
        return [
            _message(
                row,
                attachments.get(row[0], ()),
                reactions.get(row[0], ()),
                quotes.get((row[15], row[14])),
            )
            for row in rows
        ]

    def _quotes(self, answered: list[tuple[int, str]]) -> dict[tuple[int, str], Quote]:
        """What each reply answers, by (account, the original's platform id), read on
        the unique index of the two: its sender, words and first photo, or a Quote
        without a message where the original is not stored."""
        if not answered:
            return {}
        wanted = sorted(set(answered))
        pairs = " OR ".join(["(account_id = ? AND platform_message_id = ?)"] * len(wanted))
        rows = self._connection.execute(
            "SELECT id, account_id, platform_message_id, sender_name, direction, text, unsent,"
            f" has_attachments FROM messages WHERE {pairs}",
            [value for pair in wanted for value in pair],
        ).fetchall()
        pictures = self._attachments([row[0] for row in rows if row[7]])
        found: dict[tuple[int, str], Quote] = {}
        for message_id, account_id, platform_id, sender, direction, text, unsent, _ in rows:
            picture = next((a for a in pictures.get(message_id, ()) if a.shows_inline), None)
            found[(account_id, platform_id)] = Quote(
                message_id,
                sender,
                "This message was unsent." if unsent else text,
                picture,
                ours=direction == Direction.OUTGOING.value,
            )
        for key in wanted:
            found.setdefault(key, Quote(None))
        return found

    def _reactions(self, message_ids: list[int]) -> dict[int, tuple[Reaction, ...]]:
        """Each message's reactions, one per emoji, in the order they were first put."""
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        found: dict[int, dict[str, tuple[list[str], list[bool]]]] = {}
        for message_id, key, name, direction in self._connection.execute(
            "SELECT message_id, key, sender_name, direction FROM reactions "
            f"WHERE message_id IN ({marks}) ORDER BY id",
            message_ids,
        ):
            names, ours = found.setdefault(message_id, {}).setdefault(key, ([], []))
            names.append(name)
            ours.append(direction == Direction.OUTGOING.value)
        return {
            message_id: tuple(
                Reaction(key, tuple(names), any(ours)) for key, (names, ours) in by_key.items()
            )
            for message_id, by_key in found.items()
        }

    def _attachments(self, message_ids: list[int]) -> dict[int, tuple[Attachment, ...]]:
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        found: dict[int, list[Attachment]] = {}
        for message_id, *columns in self._connection.execute(
            f"SELECT message_id, {attachment_columns.COLUMNS} FROM attachments "
            f"WHERE message_id IN ({marks}) ORDER BY id",
            message_ids,
        ):
            found.setdefault(message_id, []).append(attachment_columns.from_columns(*columns))
        return {key: tuple(value) for key, value in found.items()}

    # --- contacts ----------------------------------------------------------------

    def contact(self, contact_id: int) -> Contact | None:
        row = self._connection.execute(
            "SELECT id, display_name, tags, follow_up_on, do_not_message, stage FROM contacts "
            "WHERE id = ?",
            (contact_id,),
        ).fetchone()
        if row is None:
            return None
        identities = self._identities(contact_id)
        return Contact(
            id=row[0],
            display_name=row[1],
            tags=tuple(_json_list(row[2])),
            follow_up_on=date.fromisoformat(row[3]) if row[3] else None,
            do_not_message=bool(row[4]),
            identities=identities,
            stage=row[5],
        )

    # --- stages and tags ------------------------------------------------------------

    def stages(self) -> tuple[str, ...]:
        """The workspace's stages, in order."""
        row = self._connection.execute(
            "SELECT value FROM workspace_settings WHERE key = 'stages'"
        ).fetchone()
        return parse_stages(row[0] if row else None)

    def stage_counts(self) -> dict[str, int]:
        """How many people stand at each stage (through its partial index)."""
        return dict(
            self._connection.execute(
                "SELECT stage, count(*) FROM contacts WHERE stage != '' GROUP BY stage"
            ).fetchall()
        )

    def people_page(self, query: PeopleQuery, offset: int, limit: int) -> list[PersonRow]:
        """A page of the People table (store/people_reads.py)."""
        return people_reads.people_page(self._connection, query, offset, limit)

    def people_count(self, query: PeopleQuery) -> int:
        return people_reads.people_count(self._connection, query)

    def known_tags(self) -> list[str]:
        """Every tag in use, the most used first (for completion)."""
        counts: dict[str, int] = {}
        shown: dict[str, str] = {}
        for (tag,) in self._connection.execute(
            "SELECT j.value FROM contacts k, json_each(k.tags) j "
            "WHERE k.tags != '[]' AND j.type = 'text'"
        ):
            key = tag.casefold()
            counts[key] = counts.get(key, 0) + 1
            shown.setdefault(key, tag)
        return [shown[k] for k in sorted(counts, key=lambda k: (-counts[k], k))]

    def _identities(self, contact_id: int) -> tuple[Identity, ...]:
        return tuple(
            Identity(Platform(platform), user_id, handle, name, identity_id)
            for identity_id, platform, user_id, handle, name in self._connection.execute(
                "SELECT id, platform, platform_user_id, handle, display_name "
                "FROM contact_identities WHERE contact_id = ? ORDER BY id",
                (contact_id,),
            )
        )

    def person_conversations(self, contact_id: int) -> list[PersonConversation]:
        """Every conversation with a person, on every platform, the latest first."""
        return [
            PersonConversation(
                conversation_id,
                Platform(platform),
                title,
                from_millis(activity),
                bool(archived),
                bool(trashed),
            )
            for conversation_id, platform, title, activity, archived, trashed in (
                self._connection.execute(
                    "SELECT id, platform, title, last_activity_at, archived, trashed "
                    "FROM conversations WHERE contact_id = ? "
                    "ORDER BY last_activity_at DESC, id DESC",
                    (contact_id,),
                )
            )
        ]

    def merge_suggestions(self, contact_id: int, limit: int = 3) -> list[MergeSuggestion]:
        """Others who may be this person: the same phone number, e-mail or handle on
        another platform (indexed keys), or the same full name where a message of
        one names the other's handle. Never a pair the owner said are not one."""
        found: dict[int, MergeSuggestion] = {}
        for other, platform, reason in self._connection.execute(
            _SUGGESTIONS, {"contact": contact_id, "limit": limit * 4}
        ):
            if other not in found and len(found) < limit:
                person = self._contact_named(other)
                if person is not None:
                    found[other] = MergeSuggestion(person, Platform(platform), reason)
        return list(found.values())

    def _contact_named(self, contact_id: int) -> Contact | None:
        row = self._connection.execute(
            "SELECT display_name FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        if row is None:
            return None
        return Contact(id=contact_id, display_name=row[0], identities=self._identities(contact_id))

    def people_matching(self, words: str, limit: int = 20) -> list[Contact]:
        """People whose name, or one of whose identities' names or handles, holds
        ``words`` (any case), for "Merge with…"; those with conversations first."""
        pattern = (
            "%" + words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        rows = self._connection.execute(
            "SELECT k.id, k.display_name FROM contacts k WHERE k.display_name LIKE ?1 "
            "ESCAPE '\\' OR EXISTS (SELECT 1 FROM contact_identities i WHERE "
            "i.contact_id = k.id AND (i.handle LIKE ?1 ESCAPE '\\' OR i.display_name "
            "LIKE ?1 ESCAPE '\\')) ORDER BY (SELECT max(c.last_activity_at) FROM "
            "conversations c WHERE c.contact_id = k.id) DESC NULLS LAST, k.display_name "
            "LIMIT ?2",
            (pattern, limit),
        ).fetchall()
        return [
            Contact(id=contact_id, display_name=name, identities=self._identities(contact_id))
            for contact_id, name in rows
        ]

    def notes(self, contact_id: int) -> list[Note]:
        """A contact's notes, newest first."""
        return [
            Note(note_id, contact_id, text, from_millis(created), from_millis(updated))
            for note_id, text, created, updated in self._connection.execute(
                "SELECT id, text, created_at, updated_at FROM notes WHERE contact_id = ? "
                "ORDER BY created_at DESC, id DESC",
                (contact_id,),
            )
        ]

    def quick_replies(self) -> list[QuickReply]:
        """Every quick reply, in the library's order."""
        known = {p.value for p in Platform}
        return [
            QuickReply(
                id=reply_id,
                name=name,
                body=body,
                keyword=keyword,
                platforms=tuple(Platform(p) for p in json.loads(platforms or "[]") if p in known),
                position=position,
                use_count=use_count,
                last_used_at=from_millis(last_used) if last_used is not None else None,
                files=in_data_folder(kept_files(files), self.path.parent),
            )
            for reply_id, name, body, keyword, platforms, position, use_count, last_used, files in (
                self._connection.execute(
                    "SELECT id, name, body, keyword, platforms, position, use_count, "
                    "last_used_at, files FROM quick_replies ORDER BY position, id"
                )
            )
        ]

    def profile(self) -> Profile:
        values = dict(
            self._connection.execute(
                "SELECT key, value FROM workspace_settings WHERE key IN ('my_name', 'business')"
            ).fetchall()
        )
        return Profile(my_name=values.get("my_name", ""), business=values.get("business", ""))

    def saved_views(self) -> list[SavedView]:
        return [
            SavedView(row[0], row[1], row[2], row[3])
            for row in self._connection.execute(
                "SELECT id, name, query, position FROM saved_views ORDER BY position, id"
            )
        ]

    def accounts(self) -> list[Account]:
        return [
            Account(
                row[0],
                Platform(row[1]),
                row[2],
                row[3],
                AccountStatus(row[4]),
                row[5],
                settings=tuple(sorted(json.loads(row[6] or "{}").items())),
                credential_key=row[7],
                status_detail=row[8],
                retry_at=_moment(row[9]),
                synced_at=_moment(row[10]),
                credential_renewed_at=_moment(row[11]),
                credential_expires_at=_moment(row[12]),
            )
            for row in self._connection.execute(
                "SELECT id, platform, display_name, handle, status, connector, settings,"
                " credential_key, status_detail, retry_at, synced_at, credential_renewed_at,"
                " credential_expires_at FROM accounts ORDER BY id"
            )
        ]


def _moment(millis: int | None) -> datetime | None:
    return None if millis is None else from_millis(millis)


def position_of(conversation: ConversationSummary, view: View = View.INBOX) -> ListPosition:
    """The keyset cursor just after ``conversation`` in ``view``'s order."""
    listed_by = {
        View.WAITING: conversation.waiting_since,
        View.SNOOZED: conversation.snoozed_until,
        View.FOLLOW_UPS: conversation.follow_up_at,
        View.SCHEDULED: conversation.next_scheduled_at,
    }.get(view)
    return ListPosition(
        conversation.flags.pinned,
        to_millis(conversation.last_activity_at),
        conversation.id,
        to_millis(listed_by) if listed_by is not None else 0,
    )


def _json_list(raw: str | None) -> list[Any]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def conversation_from_row(row: Any) -> ConversationSummary:
    (
        conversation_id, account_id, platform, title, is_group, last_activity,
        unread, archived, trashed, pinned, muted, snoozed, contact_id, participants,
        snippet, direction, has_attachments, unsent, waiting_since, if_no_reply,
        follow_up_on, next_scheduled, stage, tags,
    ) = row  # fmt: skip
    text = snippet or ""
    if unsent:
        text = "Message unsent"
    elif not text and has_attachments:
        text = "Sent an attachment"
    return ConversationSummary(
        id=conversation_id,
        account_id=account_id,
        platform=Platform(platform),
        title=title,
        is_group=bool(is_group),
        last_activity_at=from_millis(last_activity),
        snippet=text,
        snippet_outgoing=direction == Direction.OUTGOING.value,
        flags=ConversationFlags(
            archived=bool(archived),
            trashed=bool(trashed),
            pinned=bool(pinned),
            muted=bool(muted),
            unread_count=unread,
            snoozed_until=from_millis(snoozed) if snoozed is not None else None,
            snooze_if_no_reply=bool(if_no_reply),
        ),
        contact_id=contact_id,
        waiting_since=from_millis(waiting_since) if waiting_since is not None else None,
        follow_up_on=date.fromisoformat(follow_up_on) if follow_up_on else None,
        next_scheduled_at=from_millis(next_scheduled) if next_scheduled is not None else None,
        stage=stage or "",
        tags=tuple(t for t in _json_list(tags) if isinstance(t, str)) if tags else (),
        participants=tuple(
            Participant(str(p.get("id", "")), str(p.get("name", "")), str(p.get("handle", "")))
            for p in _json_list(participants)
            if isinstance(p, dict)
        ),
    )


def _message(
    row: Any,
    attachments: tuple[Attachment, ...],
    reactions: tuple[Reaction, ...],
    quote: Quote | None = None,
) -> Message:
    return Message(
        id=row[0],
        conversation_id=row[1],
        platform_message_id=row[2],
        sender_name=row[3],
        direction=Direction(row[4]),
        text=row[5],
        sent_at=from_millis(row[6]),
        status=MessageStatus(row[7]),
        edited=bool(row[8]),
        unsent=bool(row[9]),
        attachments=attachments,
        reactions=reactions,
        scheduled_for=from_millis(row[11]) if row[11] is not None else None,
        held=HeldReason(row[12] or ""),
        automatic=bool(row[13]),
        reply_to=row[14],
        quote=quote,
    )


def _prefixed(prefix: str, columns: str) -> str:
    return ", ".join(prefix + column.strip() for column in columns.split(","))
