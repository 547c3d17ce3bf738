"""The quick-reply library: keeping, ordering, sharing and counting saved answers.

Every method is a short unit of work meant to run on the writer lane.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dmdesk.domain import Profile, QuickReply
from dmdesk.services.inbox import Clock, utc_now
from dmdesk.services.quick_reply_files import from_json, to_json
from dmdesk.store import quick_replies as reply_store
from dmdesk.store.database import Database


@dataclass(frozen=True, slots=True)
class ImportSummary:
    added: int
    updated: int

    def __str__(self) -> str:
        parts = [f"{self.added} added"] if self.added else []
        parts += [f"{self.updated} updated"] if self.updated else []
        return "Quick replies imported: " + (", ".join(parts) or "nothing new")


class QuickReplyService:
    def __init__(self, database: Database, clock: Clock = utc_now) -> None:
        self._database = database
        self._clock = clock

    def replies(self) -> list[QuickReply]:
        with self._database.transaction() as session:
            return reply_store.list_replies(session)

    def save(self, reply: QuickReply) -> QuickReply:
        with self._database.transaction() as session:
            return reply_store.save_reply(session, reply)

    def duplicate(self, reply: QuickReply) -> QuickReply:
        """A copy right after the original, named so the two can be told apart."""
        with self._database.transaction() as session:
            copy = reply_store.save_reply(
                session, replace(reply, id=None, name=f"{reply.name} (copy)"[:200])
            )
            order = [r.id for r in reply_store.list_replies(session) if r.id != copy.id]
            assert copy.id is not None
            order.insert(order.index(reply.id) + 1 if reply.id in order else len(order), copy.id)
            reply_store.reorder(session, [i for i in order if i is not None])
            return copy

    def delete(self, reply_id: int) -> QuickReply | None:
        with self._database.transaction() as session:
            return reply_store.delete_reply(session, reply_id)

    def reorder(self, reply_ids: Sequence[int]) -> None:
        with self._database.transaction() as session:
            reply_store.reorder(session, reply_ids)

    def record_use(self, reply_id: int) -> None:
        with self._database.transaction() as session:
            reply_store.record_use(session, reply_id, self._clock())

    def import_file(self, data: bytes) -> ImportSummary:
        """Add the file's replies; one with a name already in the library updates it.
        The whole file is checked first, so a bad file changes nothing.
        Raises QuickReplyFileError."""
        incoming = from_json(data)
        added = updated = 0
        with self._database.transaction() as session:
            by_name = {r.name.casefold(): r for r in reply_store.list_replies(session)}
            for reply in incoming:
                existing = by_name.get(reply.name.casefold())
                if existing is None:
                    by_name[reply.name.casefold()] = reply_store.save_reply(session, reply)
                    added += 1
                elif (existing.body, existing.keyword, existing.platforms) != (
                    reply.body,
                    reply.keyword,
                    reply.platforms,
                ):
                    reply_store.save_reply(session, replace(reply, id=existing.id))
                    updated += 1
        return ImportSummary(added, updated)

    def export_json(self) -> str:
        return to_json(self.replies())

    def export_to(self, path: Path) -> int:
        """Write every reply to a file; returns how many. Raises OSError (disk full,
        no permission), and leaves no half-written file behind."""
        replies = self.replies()
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_text(to_json(replies), encoding="utf-8")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return len(replies)

    def profile(self) -> Profile:
        with self._database.transaction() as session:
            return reply_store.profile(session)

    def set_profile(self, profile: Profile) -> None:
        with self._database.transaction() as session:
            reply_store.set_profile(session, profile)
