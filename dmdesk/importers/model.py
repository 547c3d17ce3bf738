"""What every importer hands on: threads of messages in the words of the store,
and the interface each format implements.

Importers stream: ``threads()`` yields one thread at a time, and a thread's
``messages`` is read lazily from the download, so a 1 GB download never sits in
memory. Consume a thread's messages before asking for the next thread.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from dmdesk.domain import NAME_ONLY_ID, AttachmentKind, Platform
from dmdesk.importers.errors import ImportFormatError as ImportFormatError  # every importer's

if TYPE_CHECKING:
    from dmdesk.importers.source import DownloadSource


class Section(StrEnum):
    """Where the platform filed a thread; archived threads stay archived in DMDesk."""

    INBOX = "inbox"
    ARCHIVED = "archived"
    REQUESTS = "requests"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a download. ``id`` is the platform's user id where the download has
    one; otherwise "name:" and the name, which is all the download says."""

    id: str
    name: str
    handle: str = ""

    def answers_to(self, words: str) -> bool:
        """Whether ``--me WORDS`` means this person (name, handle or id)."""
        wanted = words.strip().lstrip("@").casefold()
        return wanted in {self.name.casefold(), self.handle.casefold(), self.id.casefold()}


def person_named(name: str) -> Person:
    return Person(id=f"{NAME_ONLY_ID}{name}", name=name)


@dataclass(frozen=True, slots=True)
class ImportedMedia:
    kind: AttachmentKind
    name: str
    path: str = ""
    """Inside the download; empty when the file was not included."""
    url: str = ""


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    key: str
    """Stable across downloads of the same history: the platform's message id where
    the download has one, else a digest of what the message is (``MessageKeys``)."""
    sender: Person | None
    """None for lines the platform wrote itself ("You created group …")."""
    text: str
    sent_at: datetime
    """Aware, in UTC."""
    media: tuple[ImportedMedia, ...] = ()
    edited: bool = False
    unsent: bool = False
    reply_to: str = ""
    """The key of the message this one answers, where the download says."""


@dataclass(slots=True)
class ImportedThread:
    key: str
    """The conversation's id on the platform, or the download's name for it."""
    title: str
    is_group: bool
    people: tuple[Person, ...]
    """Everyone the download names in the thread, the owner included."""
    messages: Iterator[ImportedMessage]
    section: Section = Section.INBOX
    source_file: str = ""
    counterpart: Person | None = None
    """The other person of a one-to-one chat, where the download says who it is
    (a Telegram personal chat, "WhatsApp Chat with Ana"): the owner is the other one."""
    extra_people: list[Person] = field(default_factory=list)
    """People found while reading the messages (X groups name members only there)."""


class MessageKeys:
    """Keys for messages the download gives no id: a digest of the thread, sender,
    time as written and text. A second identical message (two "ok" in the same
    minute) gets its own key by counting, so re-reading the thread gives the same
    keys and a repeat import adds nothing."""

    def __init__(self, prefix: str, thread_key: str) -> None:
        self._prefix = prefix
        self._thread = thread_key
        self._seen: Counter[str] = Counter()

    def __call__(self, sender_id: str, written_time: str, text: str) -> str:
        digest = hashlib.blake2b(
            "\x1f".join((self._thread, sender_id, written_time, text)).encode(
                "utf-8", "surrogatepass"
            ),
            digest_size=12,
        ).hexdigest()
        self._seen[digest] += 1
        count = self._seen[digest]
        return f"{self._prefix}:{digest}" + (f":{count}" if count > 1 else "")


class Importer(ABC):
    """One download format."""

    format: ClassVar[str]
    """The ``--format`` name."""
    label: ClassVar[str]
    platform: ClassVar[Platform]

    def __init__(self, source: DownloadSource) -> None:
        self.source = source
        self.skipped: Counter[str] = Counter()
        """What the download holds that is not imported, by kind ("channels": 3)."""
        self.date_order: str | None = None
        """ "dmy" or "mdy" as the owner said, where the download's dates leave the
        order of day and month open (``ImportQuestion``)."""

    @classmethod
    @abstractmethod
    def detect(cls, source: DownloadSource) -> bool:
        """Whether the download looks like this format (cheap: file names, a peek)."""

    @abstractmethod
    def files(self) -> list[str]:
        """The files it reads, for progress and for "nothing to import" messages."""

    def owner(self) -> Person | None:
        """Who downloaded it, where the download says so."""
        return None

    @abstractmethod
    def threads(self) -> Iterator[ImportedThread]:
        """Every thread, each with its messages to be read before the next thread."""
