"""The quick-reply library: keeping, ordering, sharing and counting saved answers.

Every method is a short unit of work meant to run on the writer lane.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dmdesk.domain import Profile, QuickReply
from dmdesk.services.file_safety import PRIVATE_FOLDER, safe_file_name
from dmdesk.services.inbox import Clock, utc_now
from dmdesk.services.outgoing_files import MOST_FILES, AttachmentError, attachment_for
from dmdesk.services.quick_reply_files import MAX_FILE_BYTES, from_json, to_json
from dmdesk.services.quick_reply_package import extract, is_package, read_package, write_package
from dmdesk.store import quick_replies as reply_store
from dmdesk.store.database import Database
from dmdesk.store.kept_files import in_data_folder

QUICK_REPLY_FOLDER = "quick-replies"
"""Where the files of quick replies are kept, in the workspace's data folder."""


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
        self._data_folder = Path(database.path).parent

    def _whole(self, reply: QuickReply) -> QuickReply:
        """The reply with its files' paths made whole (kept relative to the data folder)."""
        return replace(reply, files=in_data_folder(reply.files, self._data_folder))

    def replies(self) -> list[QuickReply]:
        with self._database.transaction() as session:
            return [self._whole(r) for r in reply_store.list_replies(session)]

    def save(self, reply: QuickReply) -> QuickReply:
        """Its words, keyword and platforms; its files change with attach and detach."""
        with self._database.transaction() as session:
            return self._whole(reply_store.save_reply(session, reply))

    def attach(self, reply_id: int, paths: Sequence[Path]) -> QuickReply:
        """Copy files into the workspace (``quick-replies/``) and add them to a reply:
        a price list or a payment QR code stays with it wherever the original goes.
        Raises AttachmentError (unreadable, too big, too many) before copying any."""
        chosen = [attachment_for(path) for path in paths]
        with self._database.transaction() as session:
            current = reply_store.reply(session, reply_id)
        if current is None:
            raise AttachmentError("This quick reply is not there any more.")
        if len(current.files) + len(chosen) > MOST_FILES:
            raise AttachmentError(f"A quick reply carries at most {MOST_FILES} files.")
        added = []
        for attachment in chosen:
            folder = self._data_folder / QUICK_REPLY_FOLDER / uuid.uuid4().hex
            folder.mkdir(mode=PRIVATE_FOLDER, parents=True)
            target = folder / safe_file_name(attachment.name)
            shutil.copyfile(attachment.local_path, target)
            relative = str(target.relative_to(self._data_folder))
            added.append(replace(attachment, local_path=relative))
        with self._database.transaction() as session:
            saved = reply_store.set_files(session, reply_id, (*current.files, *added))
        if saved is None:
            raise AttachmentError("This quick reply is not there any more.")
        return self._whole(saved)

    def detach(self, reply_id: int, local_path: str) -> QuickReply | None:
        """Take a file off a reply (``local_path`` as ``replies()`` gives it); its copy
        in the workspace goes too."""
        with self._database.transaction() as session:
            current = reply_store.reply(session, reply_id)
            if current is None:
                return None
            kept = [a for a in current.files if str(self._data_folder / a.local_path) != local_path]
            saved = reply_store.set_files(session, reply_id, kept)
        removed = Path(local_path)
        if removed.is_relative_to(self._data_folder / QUICK_REPLY_FOLDER):
            removed.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                removed.parent.rmdir()
        return self._whole(saved) if saved is not None else None

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
        """Add a JSON file's replies; one with a name already in the library updates
        it. The whole file is checked first, so a bad file changes nothing.
        Raises QuickReplyFileError."""
        return self._merge(from_json(data))

    def import_path(self, path: Path) -> ImportSummary:
        """A JSON file, or a .zip export with the replies' files: checked whole, then
        the files copied into the workspace and the replies merged by name. Raises
        QuickReplyFileError, OSError."""
        if not is_package(path):
            with path.open("rb") as file:  # no more than the format allows, however big
                return self.import_file(file.read(MAX_FILE_BYTES + 1))
        replies = read_package(path)
        kept = []
        for reply in replies:
            files = []
            for attachment in reply.files:
                folder = self._data_folder / QUICK_REPLY_FOLDER / uuid.uuid4().hex
                folder.mkdir(mode=PRIVATE_FOLDER, parents=True)
                target = folder / safe_file_name(attachment.name)
                extract(path, attachment, target)
                size = target.stat().st_size
                relative = str(target.relative_to(self._data_folder))
                files.append(replace(attachment, local_path=relative, size=size))
            kept.append(replace(reply, files=tuple(files)))
        return self._merge(kept)

    def _merge(self, incoming: Sequence[QuickReply]) -> ImportSummary:
        added = updated = 0
        with self._database.transaction() as session:
            by_name = {r.name.casefold(): r for r in reply_store.list_replies(session)}
            for reply in incoming:
                existing = by_name.get(reply.name.casefold())
                if existing is None:
                    saved = reply_store.save_reply(session, reply)
                    if reply.files and saved.id is not None:
                        reply_store.set_files(session, saved.id, reply.files)
                    by_name[reply.name.casefold()] = saved
                    added += 1
                elif (existing.body, existing.keyword, existing.platforms) != (
                    reply.body,
                    reply.keyword,
                    reply.platforms,
                ) or (reply.files and existing.files != reply.files):
                    reply_store.save_reply(session, replace(reply, id=existing.id))
                    if reply.files and existing.id is not None:
                        reply_store.set_files(session, existing.id, reply.files)
                    updated += 1
        return ImportSummary(added, updated)

    def export_json(self) -> str:
        return to_json(self.replies())

    def export_to(self, path: Path) -> Path:
        """Write every reply to a file; returns where (a .zip beside the JSON's name
        when replies carry files, which then go in it). Raises OSError (disk full,
        no permission), and leaves no half-written file behind."""
        replies = self.replies()
        if any(r.files for r in replies):
            target = path.with_suffix(".zip")
            write_package(replies, target)
            return target
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_text(to_json(replies), encoding="utf-8")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return path

    def profile(self) -> Profile:
        with self._database.transaction() as session:
            return reply_store.profile(session)

    def set_profile(self, profile: Profile) -> None:
        with self._database.transaction() as session:
            reply_store.set_profile(session, profile)
