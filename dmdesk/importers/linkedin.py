"""LinkedIn's data download: ``messages.csv``, one row per message.

Columns are read by their header names (the set grew over the years), content
may span lines, and a byte order mark may lead. Rows of one conversation
usually come together; when they do not, the conversation is continued.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

from dmdesk.domain import AttachmentKind, Platform
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

# A message may be long; csv's default cap (128 KB a field) would refuse it.
csv.field_size_limit(64 * 1024 * 1024)


class LinkedInImporter(Importer):
    format = "linkedin"
    label = "LinkedIn data download (messages.csv)"
    platform = Platform.LINKEDIN

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._file = _find(source, MESSAGES_FILE) or ""
        self.skipped_sponsored = 0

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
        described = self.source.described(self._file)
        keys: dict[str, MessageKeys] = {}
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
                rows = (row for row in reader if not self._sponsored(row))
                for conversation, group in itertools.groupby(
                    rows, key=lambda row: row.get("CONVERSATION ID") or ""
                ):
                    first = next(group)
                    conversation_keys = keys.setdefault(
                        conversation, MessageKeys(self.format, conversation)
                    )
                    people = _people(first)
                    yield ImportedThread(
                        key=conversation,
                        title=(first.get("CONVERSATION TITLE") or "").strip(),
                        is_group=len(people) > 2,
                        people=people,
                        messages=(
                            self._message(row, conversation_keys, reader, described)
                            for row in itertools.chain([first], group)
                            if (row.get("IS MESSAGE DRAFT") or "").lower() not in ("yes", "true")
                        ),
                        source_file=self._file,
                    )
            except csv.Error as error:
                raise ImportFormatError(f"{described}, line {reader.line_num}: {error}") from None

    def _sponsored(self, row: Mapping[str, str | None]) -> bool:
        if (row.get("CONVERSATION TITLE") or "").strip() == SPONSORED:
            self.skipped_sponsored += 1
            return True
        return False

    def _message(
        self,
        row: Mapping[str, str | None],
        keys: MessageKeys,
        reader: csv.DictReader[str],
        where: str,
    ) -> ImportedMessage:
        written = (row.get("DATE") or "").strip()
        try:
            sent_at = datetime.fromisoformat(written.removesuffix(" UTC")).replace(tzinfo=UTC)
        except ValueError:
            raise ImportFormatError(
                f"{where}, line {reader.line_num}: {written!r} is not a date"
            ) from None
        sender = _person(row.get("FROM"), row.get("SENDER PROFILE URL"))
        text = row.get("CONTENT") or ""
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


def _person(name: str | None, url: str | None) -> Person | None:
    name, url = (name or "").strip(), (url or "").strip()
    if not name and not url:
        return None  # a line LinkedIn wrote itself
    return Person(id=url, name=name) if url else person_named(name)


def _people(row: Mapping[str, str | None]) -> tuple[Person, ...]:
    names = [n.strip() for n in (row.get("TO") or "").split(",") if n.strip()]
    urls = [u.strip() for u in (row.get("RECIPIENT PROFILE URLS") or "").split(",") if u.strip()]
    if len(urls) != len(names):
        urls = [""] * len(names)
    people = [_person(name, url) for name, url in zip(names, urls, strict=True)]
    people.append(_person(row.get("FROM"), row.get("SENDER PROFILE URL")))
    return tuple(dict.fromkeys(p for p in people if p is not None))
