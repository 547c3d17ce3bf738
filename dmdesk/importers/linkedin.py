"""LinkedIn's data download: ``messages.csv``, one row per message.

Columns are read by their header names (the set grew over the years), content
may span lines, and a byte order mark may lead. Rows of one conversation
usually come together; when they do not, the conversation is continued.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.importers.html_text import plain_text
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    ImportFormatError,
    MessageKeys,
    Person,
    person_named,
)
from dmdesk.importers.source import DownloadSource

MESSAGES_FILE = "messages.csv"
PROFILE_FILE = "Profile.csv"
REQUIRED = ("CONVERSATION ID", "FROM", "DATE", "CONTENT")
SPONSORED = "Sponsored Conversation"
HTML_BODY = re.compile(r"^\s*<(?:p|div|span|br|html|body|table)\b", re.IGNORECASE)
"""An InMail's body as LinkedIn stores it: its HTML."""

# A message may be long; csv's default cap (128 KB a field) would refuse it.
csv.field_size_limit(64 * 1024 * 1024)


class LinkedInImporter(Importer):
    format = "linkedin"
    label = "LinkedIn data download (messages.csv)"
    platform = Platform.LINKEDIN

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._file = _find(source, MESSAGES_FILE) or ""

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return _find(source, MESSAGES_FILE) is not None

    def files(self) -> list[str]:
        return [self._file] if self._file else []

    def owner(self) -> Person | None:
        name = _find(self.source, PROFILE_FILE)
        if name is None:
            return None
        try:
            with self.source.open_text(name) as text:
                row = next(csv.DictReader(text), None)
        except (csv.Error, ImportFormatError):
            return None
        if not row:
            return None
        full = " ".join(
            part.strip() for part in (row.get("First Name") or "", row.get("Last Name") or "")
        ).strip()
        return person_named(full) if full else None

    def threads(self) -> Iterator[ImportedThread]:
        keys: dict[str, MessageKeys] = {}
        # Who is who is read from the whole file first (a small file, read twice):
        # a name with its profile URL in one conversation is that person in all.
        directory = _Directory(self._rows())
        for conversation, group in itertools.groupby(
            self._rows(), key=lambda row: row.get("CONVERSATION ID") or ""
        ):
            # One conversation's rows (hundreds at most): who is in it is read from
            # all of them before its messages are handed on.
            held = list(group)
            conversation_keys = keys.setdefault(
                conversation, MessageKeys(self.format, conversation)
            )
            people = _People(held, directory)
            yield ImportedThread(
                key=conversation,
                title=(held[0].get("CONVERSATION TITLE") or "").strip(),
                is_group=len(people.everyone) > 2,
                people=people.everyone,
                messages=(
                    self._message(row, people, conversation_keys)
                    for row in held
                    if (row.get("IS MESSAGE DRAFT") or "").lower() not in ("yes", "true")
                ),
                source_file=self._file,
            )

    def _rows(self) -> Iterator[_Row]:
        """The file's rows, sponsored conversations left out; each knows its line."""
        described = self.source.described(self._file)
        with self.source.open_text(self._file) as text:
            reader = csv.DictReader(text)
            try:
                header = reader.fieldnames or []
                missing = [column for column in REQUIRED if column not in header]
                if missing:
                    raise ImportFormatError(
                        f"{described}: not LinkedIn's messages file "
                        f"(missing columns: {', '.join(missing)})"
                    )
                for row in reader:
                    if (row.get("CONVERSATION TITLE") or "").strip() != SPONSORED:
                        yield _Row(row, f"{described}, line {reader.line_num}")
            except csv.Error as error:
                raise ImportFormatError(f"{described}, line {reader.line_num}: {error}") from None

    def _message(
        self,
        row: _Row,
        people: _People,
        keys: MessageKeys,
    ) -> ImportedMessage:
        written = (row.get("DATE") or "").strip()
        try:
            sent_at = datetime.fromisoformat(written.removesuffix(" UTC")).replace(tzinfo=UTC)
        except ValueError:
            raise ImportFormatError(f"{row.where}: {written!r} is not a date") from None
        sender = people.sender(row)
        text = row.get("CONTENT") or ""
        if HTML_BODY.match(text):
            text = plain_text(text)  # InMail, kept as the HTML LinkedIn showed
        attachments = (row.get("ATTACHMENTS") or "").split()
        return ImportedMessage(
            key=keys(sender.id if sender else "", written, text),
            sender=sender,
            text=text,
            sent_at=sent_at,
            media=tuple(
                ImportedMedia(AttachmentKind.FILE, url.rsplit("/", 1)[-1] or "Attachment", url=url)
                for url in attachments
                if url.startswith(("http://", "https://"))
            ),
        )


def _find(source: DownloadSource, file_name: str) -> str | None:
    if source.chosen_file is not None:
        return source.chosen_file if source.chosen_file.lower() == file_name.lower() else None
    found = [name for name in source.names() if name.rsplit("/", 1)[-1] == file_name]
    return min(found, key=len) if found else None


class _Row(dict[str, str | None]):
    """A row of messages.csv, and where it is (for messages about it)."""

    def __init__(self, row: Mapping[str, str | None], where: str) -> None:
        super().__init__(row)
        self.where = where


class _Directory:
    """Who the whole file names: each name paired with a profile URL (from a sender's
    own URL, or a recipient's where a row has just one), and everyone who writes."""

    def __init__(self, rows: Iterable[Mapping[str, str | None]]) -> None:
        self.urls: dict[str, str] = {}
        self.writers: set[str] = set()
        for row in rows:
            name, url = _cell(row, "FROM"), _cell(row, "SENDER PROFILE URL")
            if name:
                self.writers.add(name)
                if url:
                    self.urls.setdefault(name, url)
            recipients, urls = _cell(row, "TO"), _urls(row)
            if recipients and len(urls) == 1:
                self.urls.setdefault(recipients, urls[0])


class _People:
    """Who is in one conversation, from all its rows. ``TO`` joins recipients with
    commas, and names hold commas too ("Femi O SPHRi, CPHR"): a name is never cut
    at a comma unless every piece is someone who writes in the file. The profile
    URL columns, where the download has them, say who is who; a person named
    without a URL is the same person as that name with one."""

    def __init__(self, rows: Sequence[Mapping[str, str | None]], directory: _Directory) -> None:
        self._directory = directory
        found: dict[str, Person] = {}
        for row in rows:
            for person in (*self._recipients(row), self.sender(row)):
                if person is not None:
                    known = found.get(person.id)
                    found[person.id] = person if known is None or not known.name else known
        self.everyone = tuple(found.values())

    def sender(self, row: Mapping[str, str | None]) -> Person | None:
        return self._person(_cell(row, "FROM"), _cell(row, "SENDER PROFILE URL"))

    def _recipients(self, row: Mapping[str, str | None]) -> list[Person | None]:
        written, urls = _cell(row, "TO"), _urls(row)
        names = self._names(written)
        if len(urls) == 1:
            return [self._person(written, urls[0])]
        if len(urls) > 1:
            paired = names if len(names) == len(urls) else [""] * len(urls)
            return [self._person(name, url) for name, url in zip(paired, urls, strict=True)]
        return [self._person(name, "") for name in names]

    def _names(self, written: str) -> list[str]:
        """The names in ``TO``: itself, or its comma-cut pieces when each is someone
        who writes."""
        writers = self._directory.writers
        if not written or written in writers:
            return [written] if written else []
        pieces = _partition(written.split(","), writers)
        return pieces if pieces is not None else [written]

    def _person(self, name: str, url: str) -> Person | None:
        url = url or self._directory.urls.get(name, "")
        if not name and not url:
            return None  # a line LinkedIn wrote itself
        return Person(id=url, name=name) if url else person_named(name)


def _partition(parts: list[str], names: set[str]) -> list[str] | None:
    """``parts`` joined back into runs that are each one of ``names``, or None."""
    if not parts:
        return []
    for end in range(1, len(parts) + 1):
        candidate = ",".join(parts[:end]).strip()
        if candidate in names:
            rest = _partition(parts[end:], names)
            if rest is not None:
                return [candidate, *rest]
    return None


def _cell(row: Mapping[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def _urls(row: Mapping[str, str | None]) -> list[str]:
    """The recipients' profile URLs (a URL never holds a bare comma)."""
    return [u.strip() for u in _cell(row, "RECIPIENT PROFILE URLS").split(",") if u.strip()]
