"""WhatsApp "Export chat" text files: one line starts each message, other lines
continue it. The date form depends on the phone's language and region; day and
month order is inferred from the whole file (a value above 12 settles it).

A file is read twice, as a stream: once to settle the date order and who
writes, once to hand on the messages, so a long chat never sits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    ImportFormatError,
    MessageKeys,
    person_named,
)
from dmdesk.importers.source import DownloadSource

MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None)
"""Direction marks WhatsApp scatters before dates and names."""

LINE = re.compile(
    r"""^\[?
    (?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})   # the date, in some order
    (?:,\s*|\s+klo\s+|\s+)                                  # ", " or Finnish " klo "
    (?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?
    (?:\s*(?P<ampm>[aApP])\.?\s?[mM]\.?)?                    # AM, PM, a. m., p. m.
    \]?\s*(?:-\s)?                                          # "] " or " - "
    (?P<rest>.*)$""",
    re.VERBOSE,
)
ATTACHED = re.compile(r"<attached: (?P<name>[^>]+)>|^(?P<plain>\S+\.\w{2,4}) \(file attached\)$")
OMITTED = ("<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>")


CHAT_NAME = re.compile(
    r"^(?:WhatsApp Chat (?:with|-)|WhatsApp-Chat mit|Chat de WhatsApp con|"
    r"Conversa do WhatsApp com|Discussion WhatsApp avec|Chat WhatsApp con|"
    r"WhatsApp-chat met)\s+(?P<name>.+)$"
)
"""How the exported file (or its zip) is named, in a few languages."""
IOS_CHAT_FILE = "_chat.txt"
MEDIA_KINDS = (
    (re.compile(r"PHOTO|IMG|\.(?:jpe?g|png|heic)$", re.IGNORECASE), AttachmentKind.IMAGE),
    (re.compile(r"VIDEO|VID|\.(?:mp4|mov|3gp)$", re.IGNORECASE), AttachmentKind.VIDEO),
    (re.compile(r"AUDIO|PTT|AUD|\.(?:opus|m4a|mp3|ogg)$", re.IGNORECASE), AttachmentKind.AUDIO),
    (re.compile(r"STICKER|STK|\.webp$", re.IGNORECASE), AttachmentKind.STICKER),
)


class WhatsAppFormatError(ImportFormatError):
    """The file is not a WhatsApp chat export; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class ChatLine:
    sent_at: datetime
    """Local time of the exporting phone, without a zone (the export has none)."""
    sender: str | None
    """None for system lines ("You created group …")."""
    text: str
    attachments: tuple[str, ...] = field(default=())
    media_omitted: bool = False
    line_number: int = 0
    written_time: str = ""
    """The date and time exactly as the file writes them."""


@dataclass(frozen=True, slots=True)
class _Start:
    number: int
    fields: dict[str, str]
    written_time: str


def read_chat(lines: Iterable[str], file_name: str = "chat.txt") -> list[ChatLine]:
    """Every message of an exported chat, oldest first."""
    kept = list(lines)
    return list(iter_chat(lambda: kept, file_name))


def iter_chat(open_lines: Callable[[], Iterable[str]], file_name: str) -> Iterator[ChatLine]:
    """The messages of a chat, reading the lines twice (``open_lines`` is called twice)."""
    order = _date_order(start for start, _ in _starts(open_lines(), file_name))
    for start, more in _starts(open_lines(), file_name):
        yield _chat_line(start, more, order, file_name)


def chat_senders(open_lines: Callable[[], Iterable[str]], file_name: str) -> set[str]:
    senders: set[str] = set()
    for start, _ in _starts(open_lines(), file_name):
        sender, separator, _ = start.fields["rest"].partition(": ")
        if separator and sender.strip():
            senders.add(sender.strip())
    return senders


def _starts(lines: Iterable[str], file_name: str) -> Iterator[tuple[_Start, list[str]]]:
    """Each message's first line, with the lines that continue it."""
    current: tuple[_Start, list[str]] | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").translate(MARKS).replace("\u202f", " ")
        match = LINE.match(line)
        if match:
            if current is not None:
                yield current
            written = line[: match.start("rest")].strip(" []-")
            current = (_Start(number, match.groupdict(default=""), written), [])
        elif current is not None:
            current[1].append(line)
        elif line.strip():
            raise WhatsAppFormatError(
                f"{file_name}, line {number}: this does not start like a WhatsApp message "
                f"(a date, a time, then a name): {line[:60]!r}"
            )
    if current is None:
        raise WhatsAppFormatError(f"{file_name}: no WhatsApp messages found (is it empty?)")
    yield current


def _date_order(starts: Iterable[_Start]) -> str:
    """ "ymd", "dmy" or "mdy" for the whole file."""
    twelve_hour = False
    for number, start in enumerate(starts):
        fields = start.fields
        if number == 0 and len(fields["a"]) == 4:
            return "ymd"
        if int(fields["a"]) > 12:
            return "dmy"
        if int(fields["b"]) > 12:
            return "mdy"
        twelve_hour = twelve_hour or bool(fields["ampm"])
    # Undecided: a 12-hour clock is the US habit, month first; else day first.
    return "mdy" if twelve_hour else "dmy"


def _chat_line(start: _Start, more: list[str], order: str, file_name: str) -> ChatLine:
    f = start.fields
    a, b, c = int(f["a"]), int(f["b"]), int(f["c"])
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    if year < 100:
        year += 2000
    hour = int(f["hour"])
    if f["ampm"]:
        pm = f["ampm"].lower() == "p"
        hour = hour % 12 + (12 if pm else 0)
    try:
        sent_at = datetime(year, month, day, hour, int(f["minute"]), int(f["second"] or 0))
    except ValueError:
        raise WhatsAppFormatError(
            f"{file_name}, line {start.number}: {f['a']}/{f['b']}/{f['c']} "
            f"{f['hour']}:{f['minute']} is not a date and time"
        ) from None
    rest = f["rest"]
    sender, separator, text = rest.partition(": ")
    if not separator:
        sender, text = "", rest  # a system line: no "Name: "
    text = "\n".join([text, *more]) if more else text
    attachments: list[str] = []
    omitted = False
    for line in text.splitlines():
        found = ATTACHED.search(line.strip())
        if found:
            attachments.append(found.group("name") or found.group("plain"))
        if line.strip() in OMITTED:
            omitted = True
    if attachments or omitted:
        text = "\n".join(
            line
            for line in text.splitlines()
            if not ATTACHED.search(line.strip()) and line.strip() not in OMITTED
        ).strip()
    return ChatLine(
        sent_at=sent_at,
        sender=sender.strip() or None,
        text=text,
        attachments=tuple(attachments),
        media_omitted=omitted,
        line_number=start.number,
        written_time=start.written_time,
    )


class WhatsAppImporter(Importer):
    """Every chat export in the folder or zip (a zip as WhatsApp shares it holds one)."""

    format = "whatsapp"
    label = "WhatsApp chat export (.txt)"
    platform = Platform.WHATSAPP

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._files = _chat_files(source)

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return bool(_chat_files(source))

    def files(self) -> list[str]:
        return self._files

    def threads(self) -> Iterator[ImportedThread]:
        for name in self._files:
            described = self.source.described(name)

            def lines(name: str = name) -> Iterable[str]:
                yield from self.source.text_lines(name)

            chat = _chat_name(self.source, name)
            senders = chat_senders(lines, described)
            people = tuple(person_named(sender) for sender in sorted(senders))
            counterpart = next((p for p in people if p.name == chat), None)
            yield ImportedThread(
                key=f"chat:{chat}",
                title=chat,
                # Two senders are the owner and one other person, whatever the file
                # is named ("Ana Sousa" for the Ana who writes): one to one.
                is_group=len(senders) > 2,
                people=people,
                messages=self._messages(iter_chat(lines, described), name, chat),
                source_file=name,
                counterpart=counterpart if len(senders) <= 2 else None,
            )

    def _messages(
        self, chat_lines: Iterator[ChatLine], file_name: str, chat: str
    ) -> Iterator[ImportedMessage]:
        keys = MessageKeys(self.format, chat)
        folder = str(PurePosixPath(file_name).parent).removeprefix(".")
        folder += "/" if folder else ""
        for line in chat_lines:
            sender = person_named(line.sender) if line.sender else None
            media = [
                ImportedMedia(
                    _media_kind(name),
                    name,
                    path=folder + name if self.source.exists(folder + name) else "",
                )
                for name in line.attachments
            ]
            if line.media_omitted:
                media.append(ImportedMedia(AttachmentKind.FILE, "Media not included in the export"))
            try:
                # The phone's local time; this computer's zone is the best guess.
                sent_at = line.sent_at.astimezone(UTC)
            except (OverflowError, ValueError):
                raise WhatsAppFormatError(
                    f"{self.source.described(file_name)}, line {line.line_number}: "
                    f"{line.written_time} is out of range"
                ) from None
            yield ImportedMessage(
                key=keys(sender.id if sender else "", line.written_time, line.text),
                sender=sender,
                text=line.text,
                sent_at=sent_at,
                media=tuple(media),
            )


def _chat_files(source: DownloadSource) -> list[str]:
    names = [source.chosen_file] if source.chosen_file else source.names()
    return [
        name for name in names if name.lower().endswith(".txt") and _looks_like_chat(source, name)
    ]


def _looks_like_chat(source: DownloadSource, name: str) -> bool:
    # A damaged file says so, rather than "not found".
    for line in source.text_lines(name):
        if line.strip():
            return LINE.match(line.translate(MARKS).replace("\u202f", " ")) is not None
    return False


def _chat_name(source: DownloadSource, file_name: str) -> str:
    stem = PurePosixPath(file_name).stem
    if PurePosixPath(file_name).name == IOS_CHAT_FILE:
        # iOS names the zip after the chat and the file inside "_chat.txt".
        stem = source.path.stem if source.path.is_file() and source.chosen_file is None else stem
    match = CHAT_NAME.match(stem)
    return match["name"].strip() if match else stem


def _media_kind(name: str) -> AttachmentKind:
    for pattern, kind in MEDIA_KINDS:
        if pattern.search(name):
            return kind
    return AttachmentKind.FILE
