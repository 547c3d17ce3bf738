"""Importing a platform's data download: look it over, then write it in one go.

Two passes over the download. ``preview`` reads everything once without
writing: counts, dates, people, and who the owner is. ``run`` reads it again and
writes in a single transaction, so a failure or a cancel leaves the database as
it was (media files copied so far are removed again).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from dmdesk.domain import NAME_ONLY_ID, Attachment, Direction, Participant, Platform
from dmdesk.importers.bounds import capped_text
from dmdesk.importers.errors import Answer as Answer  # the window's answers to questions
from dmdesk.importers.errors import ImportQuestion as ImportQuestion  # only the user knows
from dmdesk.importers.formats import WHAT_WE_READ as WHAT_WE_READ  # the window's words
from dmdesk.importers.model import ImportedMedia, ImportedMessage, ImportedThread, Person, Section
from dmdesk.importers.model import Importer as Importer  # a download opened to read
from dmdesk.importers.model import ImportFormatError as ImportFormatError  # a broken download
from dmdesk.services.import_media import MEDIA_LIMIT_BYTES, MediaKeeper
from dmdesk.store import imports as store
from dmdesk.store.database import check_intact
from dmdesk.store.timestamps import to_millis

if TYPE_CHECKING:
    from dmdesk.store.database import Database, UnitOfWork

BATCH = 2000
"""Messages written per INSERT batch (and between progress reports)."""
DUPLICATE_WINDOW_MS = 90_000
"""A message that came through a connector and an imported one with the same text
and direction this close in time are the same message (downloads round times)."""

Progress = Callable[[int, int, int], None]
"""(bytes read, bytes in all, messages so far)."""


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class ImportFailed(Exception):
    """The import stopped; nothing was written. The text says why, in plain words."""


class NothingToImport(ImportFormatError):
    """Every conversation of the download is of a kind DMDesk does not import."""


class OwnerUnknown(Exception):
    """The download does not say who the owner is: ask (``--me``, or a choice)."""

    def __init__(self, message: str, candidates: tuple[Person, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class ImportPreview:
    format_label: str
    platform: Platform
    threads: int
    messages: int
    first: datetime | None
    last: datetime | None
    owner: Person | None
    owner_reason: str
    """How the owner was found: "given", "the download's profile", …"""
    people: tuple[Person, ...]
    """Everyone in it, most present first: the choices for the owner."""
    media_files: int
    skipped: Mapping[str, int]


@dataclass(slots=True)
class ImportSummary:
    platform: Platform
    account_name: str = ""
    threads_new: int = 0
    threads_updated: int = 0
    messages_added: int = 0
    already_there: int = 0
    """Imported before, or came through a connector."""
    media_copied: int = 0
    media_too_big: tuple[str, ...] = ()
    """Files left out for their size, each in words."""
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    first: datetime | None = None
    last: datetime | None = None
    """The span of the download's messages."""

    def lines(self) -> list[str]:
        """The summary in plain sentences, for the dialog and the command line."""
        if self.messages_added:
            where = f"{plural(self.threads_new, 'new conversation')}"
            if self.threads_updated:
                where += f" and {plural(self.threads_updated, 'existing one')}"
            lines = [f"{plural(self.messages_added, 'new message')} in {where}."]
        else:
            lines = ["Nothing new: DMDesk had every message of this download already."]
        lines.append(f"Account: {self.platform.label} · {self.account_name}.")
        if self.first and self.last:
            lines.append(f"The download covers {self.first:%d %b %Y} to {self.last:%d %b %Y}.")
        if self.already_there and self.messages_added:
            verb = "was" if self.already_there == 1 else "were"
            lines.append(f"{plural(self.already_there, 'message')} {verb} already here.")
        if self.media_copied:
            copied = plural(self.media_copied, "photo or file", "photos and files")
            lines.append(f"{copied} copied into DMDesk's data folder.")
        lines.extend(f"Not copied: {what}." for what in self.media_too_big[:5])
        if len(self.media_too_big) > 5:
            lines.append(f"Not copied: {len(self.media_too_big) - 5:,} more files over the limit.")
        lines.extend(
            f"Not imported: {what} ({count:,})." for what, count in sorted(self.skipped.items())
        )
        return lines


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def is_owner(sender: Person, owner: Person) -> bool:
    if sender.id == owner.id:
        return True
    by_name = sender.id.startswith(NAME_ONLY_ID) or owner.id.startswith(NAME_ONLY_ID)
    return by_name and bool(owner.name) and sender.name.casefold() == owner.name.casefold()


class ImportService:
    def __init__(
        self,
        database: Database,
        data_dir: Path,
        *,
        owns_database: bool = False,
        media_limit: int = MEDIA_LIMIT_BYTES,
    ) -> None:
        self._database = database
        self._owns_database = owns_database
        self._data_dir = data_dir
        self._media_limit = media_limit

    def close(self) -> None:
        if self._owns_database:
            self._database.close()

    # --- looking it over --------------------------------------------------

    def read(
        self,
        path: Path,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        answers: Sequence[Answer] = (),
    ) -> tuple[Importer, ImportPreview]:
        """Open the download at ``path`` and look it over (``preview``); the importer
        stays open for ``run``, and is closed again if reading fails. ``answers``
        are what the user said to the download's questions (ImportQuestion)."""
        from dmdesk.importers.formats import open_download

        format_name = next((a.format_name for a in answers if a.format_name), None)
        dates = next((a.dates for a in answers if a.dates), None)
        importer = open_download(path, format_name, dates)
        try:
            return importer, self.preview(importer, progress=progress, cancel=cancel)
        except BaseException:
            importer.source.close()
            raise

    def preview(
        self,
        importer: Importer,
        me: str | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportPreview:
        """Read the whole download once: what it holds and who the owner is.
        Raises ImportFormatError for a broken download."""
        people: dict[str, Person] = {}
        threads_of: Counter[str] = Counter()
        sent_by: Counter[str] = Counter()
        votes: Counter[str] = Counter()
        threads = messages = media = 0
        first: datetime | None = None
        last: datetime | None = None
        total = _total_bytes(importer)
        importer.source.bytes_read = 0
        importer.skipped.clear()
        for thread in importer.threads():
            senders: set[str] = set()
            for message in thread.messages:
                _check(cancel)
                left_out = _left_out(message)
                if left_out:
                    importer.skipped[left_out] += 1  # as the import will count it
                    continue
                assert message.sender is not None
                people.setdefault(message.sender.id, message.sender)
                senders.add(message.sender.id)
                sent_by[message.sender.id] += 1
                messages += 1
                media += sum(1 for m in message.media if m.path)
                first = message.sent_at if first is None else min(first, message.sent_at)
                last = message.sent_at if last is None else max(last, message.sent_at)
                if progress is not None and messages % BATCH == 0:
                    progress(importer.source.bytes_read, total, messages)
            threads += 1 if senders else 0
            if senders:
                # The owner may be in a thread without writing in it (a request).
                for person in thread.people:
                    people.setdefault(person.id, person)
                threads_of.update(senders | {person.id for person in thread.people})
            counterpart = thread.counterpart
            if counterpart is not None and len(senders) == 2 and counterpart.id in senders:
                votes.update(senders - {counterpart.id})
        if not messages:
            _check_something_to_import(importer)
        ranked = tuple(
            sorted(people.values(), key=lambda p: (-threads_of[p.id], -sent_by[p.id], p.name))
        )
        owner, reason = _find_owner(importer, me, ranked, threads_of, threads, votes)
        if progress is not None:
            progress(total, total, messages)
        return ImportPreview(
            format_label=importer.label,
            platform=importer.platform,
            threads=threads,
            messages=messages,
            first=first,
            last=last,
            owner=owner,
            owner_reason=reason,
            people=ranked,
            media_files=media,
            skipped=dict(importer.skipped),
        )

    # --- writing ----------------------------------------------------------

    def run(
        self,
        importer: Importer,
        owner: Person,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportSummary:
        check_intact(self._database.path)  # never write into a damaged file
        started = datetime.now(UTC)
        summary = ImportSummary(platform=importer.platform)
        media = MediaKeeper(
            self._data_dir, importer.platform.value, importer.source, self._media_limit
        )
        importer.skipped.clear()
        importer.source.bytes_read = 0
        writer = _ThreadWriter(importer, owner, media, summary, progress, cancel)
        try:
            with self._database.transaction(ddl=True) as session:
                account = store.account_for_import(
                    session, importer.platform, owner.name, owner.handle
                )
                writer.match_people = account.connector != store.IMPORT_CONNECTOR
                summary.account_name = account.display_name
                with store.indexed_and_counted_afterwards(session):
                    for thread in importer.threads():
                        _check(cancel)
                        writer.write(session, account.id, thread)
                    if not summary.messages_added + summary.already_there:
                        _check_something_to_import(importer)  # before an account is kept
        except BaseException as error:
            media.remove_added()
            cause = _storage_error(error)
            if cause is not None:
                raise ImportFailed(_plain_reason(cause)) from error
            raise
        summary.skipped.update(importer.skipped)
        summary.media_copied = len(media.added)
        summary.media_too_big = tuple(media.too_big)
        summary.seconds = (datetime.now(UTC) - started).total_seconds()
        if progress is not None:
            total = _total_bytes(importer)
            progress(total, total, summary.messages_added + summary.already_there)
        return summary


class _ThreadWriter:
    """Writes one thread after another inside the import's transaction."""

    def __init__(
        self,
        importer: Importer,
        owner: Person,
        media: MediaKeeper,
        summary: ImportSummary,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self._importer = importer
        self._platform = importer.platform
        self._owner = owner
        self._media = media
        self._summary = summary
        self._progress = progress
        self._cancel = cancel
        self._total = _total_bytes(importer)
        self._seen = 0
        # Formats whose keys are the platform's own message ids share them with the
        # connectors; the others are told apart from connector messages by text and time.
        self._own_prefix = f"{importer.format}:"
        self.match_people = False
        """Whether threads may continue conversations a connector started."""
        self._senders: dict[Person, tuple[Participant, bool]] = {}
        """Who each sender is in the store, and whether it is the owner."""
        self._names: dict[str, str] = {}
        """Names DMDesk knows for user ids the download leaves unnamed."""

    def write(self, session: UnitOfWork, account_id: int, thread: ImportedThread) -> None:
        others = [p for p in thread.people if not is_owner(p, self._owner)]
        # A chat with one other person is one-to-one, whatever its file is named.
        group = thread.is_group or len(others) > 1
        other = None if group else (thread.counterpart or (others[0] if others else None))
        now = datetime.now(UTC)
        conversation_id: int | None = None
        created = False
        earlier: dict[tuple[str, str], list[int]] = {}
        newest: store.InsertedMessage | None = None
        senders: dict[str, Person] = {}
        messages = iter(thread.messages)
        while batch := list(islice(messages, BATCH)):
            _check(self._cancel)
            rows, media = self._rows(batch, senders)
            if not rows:
                continue
            rows = self._with_names(session, rows)
            if conversation_id is None:
                conversation_id, created = store.conversation_for_import(
                    session,
                    account_id,
                    self._platform,
                    thread.key,
                    self._named(session, [self._participant(other)])[0] if other else None,
                    now,
                    match_people=self.match_people,
                )
                if not created:
                    earlier = store.messages_not_imported(
                        session, conversation_id, self._own_prefix
                    )
            fresh = [row for row in rows if not _came_another_way(row, earlier)]
            inserted = store.insert_messages(session, conversation_id, account_id, fresh)
            self._summary.messages_added += len(inserted)
            self._summary.already_there += len(rows) - len(inserted)
            self._attach(session, inserted, media)
            for message in inserted:
                if newest is None or message.sent_at_ms >= newest.sent_at_ms:
                    newest = message
            self._seen += len(batch)
            if self._progress is not None:
                self._progress(self._importer.source.bytes_read, self._total, self._seen)
        if conversation_id is None:
            return
        if newest is not None:
            if created:
                self._summary.threads_new += 1
            else:
                self._summary.threads_updated += 1
        people = {p.id: p for p in (*thread.people, *thread.extra_people, *senders.values())}
        participants = [
            self._participant(p) for p in people.values() if not is_owner(p, self._owner)
        ]
        participants = self._named(session, participants)
        title = thread.title or ", ".join(p.display_name for p in participants) or "Conversation"
        store.finish_conversation(
            session,
            conversation_id,
            created=created,
            title=title,
            is_group=group,
            participants=participants,
            archived=thread.section is Section.ARCHIVED,
            newest=newest,
        )

    def _rows(
        self, batch: list[ImportedMessage], senders: dict[str, Person]
    ) -> tuple[list[store.NewMessage], dict[str, tuple[ImportedMedia, ...]]]:
        rows: list[store.NewMessage] = []
        media: dict[str, tuple[ImportedMedia, ...]] = {}
        for message in batch:
            left_out = _left_out(message)
            if left_out:
                self._importer.skipped[left_out] += 1
                continue
            assert message.sender is not None
            known = self._senders.get(message.sender)
            if known is None:
                mine = is_owner(message.sender, self._owner)
                known = self._senders[message.sender] = (
                    self._participant(self._owner if mine else message.sender),
                    mine,
                )
            sender, mine = known
            senders.setdefault(message.sender.id, message.sender)
            summary = self._summary
            if summary.first is None or message.sent_at < summary.first:
                summary.first = message.sent_at
            if summary.last is None or message.sent_at > summary.last:
                summary.last = message.sent_at
            rows.append(
                store.NewMessage(
                    key=message.key,
                    sender=sender,
                    direction=Direction.OUTGOING if mine else Direction.INCOMING,
                    text=capped_text(message.text),
                    sent_at=message.sent_at,
                    edited=message.edited,
                    unsent=message.unsent,
                    has_attachments=bool(message.media),
                    reply_to=message.reply_to,
                )
            )
            if message.media:
                media[message.key] = message.media
        return rows, media

    def _attach(
        self,
        session: UnitOfWork,
        inserted: list[store.InsertedMessage],
        media: Mapping[str, tuple[ImportedMedia, ...]],
    ) -> None:
        attachments: list[tuple[int, Attachment]] = []
        for message in inserted:
            for item in media.get(message.key, ()):
                attachments.append((message.id, self._media.keep(item)))
        store.insert_attachments(session, attachments)

    def _participant(self, person: Person) -> Participant:
        return Participant(person.id, person.name, person.handle)

    def _with_names(
        self, session: UnitOfWork, rows: list[store.NewMessage]
    ) -> list[store.NewMessage]:
        if all(row.sender.display_name for row in rows):
            return rows
        senders = {row.sender.platform_user_id: row.sender for row in rows}
        named = {p.platform_user_id: p for p in self._named(session, list(senders.values()))}
        return [replace(row, sender=named[row.sender.platform_user_id]) for row in rows]

    def _named(self, session: UnitOfWork, people: list[Participant]) -> list[Participant]:
        """Names for people a download knows by id only (X): what DMDesk already
        knows of them, else "X user 1234"."""
        unnamed = [
            p.platform_user_id
            for p in people
            if not p.display_name and p.platform_user_id not in self._names
        ]
        if unnamed:
            self._names.update(store.known_names(session, self._platform, unnamed))
        known = self._names
        label = self._platform.label
        return [
            p
            if p.display_name
            else Participant(
                p.platform_user_id,
                known.get(p.platform_user_id, f"{label} user {p.platform_user_id}"),
                p.handle,
            )
            for p in people
        ]


def _find_owner(
    importer: Importer,
    me: str | None,
    ranked: tuple[Person, ...],
    threads_of: Counter[str],
    threads: int,
    votes: Counter[str],
) -> tuple[Person | None, str]:
    profile = importer.owner()
    if me:
        for person in (*ranked, *([profile] if profile else [])):
            if person.answers_to(me):
                return person, "given"
        names = ", ".join(p.name or p.id for p in ranked[:8])
        raise OwnerUnknown(
            f"No one called {me!r} writes in this download. People in it: {names}", ranked
        )
    if profile is not None:
        return profile, "the download's profile"
    leaders = votes.most_common(2)
    if leaders and (len(leaders) == 1 or leaders[0][1] > leaders[1][1]):
        best = leaders[0][0]
        return next(p for p in ranked if p.id == best), "the other person in its chats"
    everywhere = [p for p in ranked if threads_of[p.id] == threads]
    if threads >= 2 and len(everywhere) == 1:
        return everywhere[0], "in every conversation"
    return None, ""


NOTICES = "notices the platform wrote (“created group” …)"
EMPTY = "empty messages (reactions, removed content)"


def _left_out(message: ImportedMessage) -> str:
    """Why a message of a download is not imported ("" if it is): the preview and
    the import count the same things."""
    if message.sender is None:
        return NOTICES
    if not (message.text or message.media or message.unsent):
        return EMPTY
    return ""


def _came_another_way(row: store.NewMessage, earlier: Mapping[tuple[str, str], list[int]]) -> bool:
    times = earlier.get((row.direction.value, row.text))
    if not times:
        return False
    when = to_millis(row.sent_at)
    return any(abs(when - t) <= DUPLICATE_WINDOW_MS for t in times)


def _total_bytes(importer: Importer) -> int:
    return sum(importer.source.size(name) for name in importer.files()) or 1


def _check_something_to_import(importer: Importer) -> None:
    """A download whose every conversation is of a kind DMDesk leaves out (an export
    of one Telegram channel) says so, rather than asking who the user is in it."""
    if importer.skipped and not set(importer.skipped) - {NOTICES}:
        return  # only notices: an empty chat, which the preview shows as empty
    if importer.skipped:
        kinds = sorted(what for what in importer.skipped if what != NOTICES)
        listed = ", ".join(kinds[:-1]) + " and " + kinds[-1] if len(kinds) > 1 else kinds[0]
        raise NothingToImport(
            f"This download holds only {listed}, which DMDesk does not import. "
            "It imports the conversations a business answers: chats with people "
            "and private groups."
        )


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled("The import was cancelled; nothing was changed.")


def _storage_error(error: BaseException) -> sqlite3.Error | OSError | None:
    """The disk or database error behind a failure (SQLAlchemy wraps sqlite3's)."""
    for candidate in (error, getattr(error, "orig", None)):
        if isinstance(candidate, (sqlite3.Error, OSError)):
            return candidate
    return None


def _plain_reason(error: BaseException) -> str:
    text = str(error)
    if "full" in text or getattr(error, "errno", None) == 28:
        return "The disk is full. Free some space and import again; nothing was changed."
    return f"The import stopped ({text}); nothing was changed."
