"""WhatsApp "Export chat" text files: one line starts each message, other lines
continue it. The date form depends on the phone's language and region; the
order of day and month comes from the whole file (``date_order.py``), and where
nothing in it decides, the user is asked.

iPhones write what is not a message (calls, "changed the group name", the
encryption notice) as a line from the chat itself, its text led by a U+200E
mark: those are notices, and the chat's name is never taken for a person.

A file is read twice, as a stream: once to settle the date order and who
writes, once to hand on the messages, so a long chat never sits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath

from dmdesk.domain import AttachmentKind, Platform
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    MessageKeys,
    person_named,
)
from dmdesk.importers.source import DownloadSource
from dmdesk.importers.whatsapp_dates import DateEvidence
from dmdesk.importers.whatsapp_dates import DateOrderUnknown as DateOrderUnknown
from dmdesk.importers.whatsapp_dates import Start as _Start
from dmdesk.importers.whatsapp_dates import WhatsAppFormatError as WhatsAppFormatError

MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None)
"""Direction marks WhatsApp scatters before dates and names."""

LINE = re.compile(
    r"""^\[?
    (?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})   # the date, in some order
    (?:,\s*|\s+klo\s+|\s+)                                  # ", " or Finnish " klo "
    (?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?
    (?:\s*(?P<clock>(?P<ampm>[aApP])\.?\s?[mM]\.?))?        # AM, PM, a. m., p. m.
    \.?\]?\s*(?:-\s)?                                       # "] ", " - " or ". - "
    (?P<rest>.*)$""",
    re.VERBOSE,
)
ATTACHED = re.compile(r"<attached: (?P<name>[^>]+)>|^(?P<plain>\S+\.\w{2,4}) \(file attached\)$")
OMITTED = ("<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>")
"""Android's words for media left out of the export."""
IOS_OMITTED = {
    AttachmentKind.IMAGE: (
        "image omitted",
        "imagen omitida",
        "bild weggelassen",
        "imagem ocultada",
        "image absente",
        "immagine omessa",
        "afbeelding weggelaten",
        "photo omitted",
    ),
    AttachmentKind.VIDEO: (
        "video omitted",
        "video omitido",
        "video weggelassen",
        "vídeo omitido",
        "vidéo absente",
        "video omesso",
        "video weggelaten",
    ),
    AttachmentKind.AUDIO: (
        "audio omitted",
        "audio omitido",
        "audio weggelassen",
        "áudio ocultado",
        "audio omis",
        "audio omesso",
        "audio weggelaten",
    ),
    AttachmentKind.STICKER: (
        "sticker omitted",
        "sticker omitido",
        "sticker weggelassen",
        "figurinha omitida",
        "autocollant omis",
        "sticker omesso",
        "sticker weggelaten",
    ),
    AttachmentKind.FILE: (
        "document omitted",
        "documento omitido",
        "dokument weggelassen",
        "document absent",
        "documento omesso",
        "document weggelaten",
        "gif omitted",
        "gif omitido",
        "gif weggelassen",
        "contact card omitted",
        "tarjeta de contacto omitida",
        "kontaktkarte weggelassen",
    ),
}
"""What an iPhone writes for each kind of media left out, in the languages of the
shops DMDesk serves most."""
OMITTED_KIND = {words: kind for kind, all_words in IOS_OMITTED.items() for words in all_words}
NOT_INCLUDED = {
    AttachmentKind.IMAGE: "Photo not included in the export",
    AttachmentKind.VIDEO: "Video not included in the export",
    AttachmentKind.AUDIO: "Voice message or audio not included in the export",
    AttachmentKind.STICKER: "Sticker not included in the export",
    AttachmentKind.FILE: "Media not included in the export",
}
EDITED = re.compile(
    r"\s*<(?:This message was edited|Se editó este mensaje\.?|Diese Nachricht wurde "
    r"bearbeitet\.?|Esta mensagem foi editada|Ce message a été modifié|Questo messaggio è "
    r"stato modificato|Dit bericht is bewerkt)>$"
)
"""The mark an edited message ends with."""
IOS_NOTICE_MARK = "\u200e"
NOTICE_WORDS = (
    "call",
    "llamada",
    "anruf",
    "chamada",
    "ligação",
    "appel",
    "chiamata",
    "oproep",
    "end-to-end",
    "extremo a extremo",
    "ende-zu-ende",
    "ponta a ponta",
    "bout en bout",
    "security code",
    "código de seguridad",
    "sicherheitsnummer",
    "código de segurança",
)
"""Words of the notices an iPhone writes in a person's name: calls, and the
encryption and security-code notices, in the languages of ``IOS_OMITTED``."""
NOTICE_CHARS = 200
DELETED = re.compile(
    r"^(?:This message was deleted|You deleted this message|Se eliminó este mensaje|"
    r"Eliminaste este mensaje|Diese Nachricht wurde gelöscht|Du hast diese Nachricht "
    r"gelöscht|Esta mensagem foi apagada|Você apagou esta mensagem|Ce message a été "
    r"supprimé|Vous avez supprimé ce message|Questo messaggio è stato eliminato|Hai "
    r"eliminato questo messaggio|Dit bericht is verwijderd|Je hebt dit bericht verwijderd)\.?$"
)
"""What is left of a message its sender deleted."""


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


@dataclass(frozen=True, slots=True)
class ChatLine:
    sent_at: datetime
    """Local time of the exporting phone, without a zone (the export has none)."""
    sender: str | None
    """None for system lines ("You created group …") and iPhone notices."""
    text: str
    attachments: tuple[str, ...] = field(default=())
    media_omitted: bool = False
    omitted_kind: AttachmentKind = AttachmentKind.FILE
    """What was left out, where the export says (an iPhone's "image omitted")."""
    edited: bool = False
    unsent: bool = False
    """Deleted by its sender: the export keeps only a line saying so."""
    line_number: int = 0
    written_time: str = ""
    """The date and time exactly as the file writes them."""


@dataclass(slots=True)
class Survey:
    """A first read of a chat: who writes in it, and its date order."""

    writers: set[str]
    """Everyone who writes a message or sends a file (never the chat's own notices)."""
    dates: DateEvidence


def read_chat(
    lines: Iterable[str], file_name: str = "chat.txt", order: str | None = None
) -> list[ChatLine]:
    """Every message of an exported chat, oldest first."""
    kept = list(lines)
    survey = survey_chat(kept, file_name)
    found = survey.dates.order(order, file_name)
    return list(chat_lines(kept, file_name, found, survey.writers))


def survey_chat(lines: Iterable[str], file_name: str) -> Survey:
    survey = Survey(set(), DateEvidence())
    for start, more in _starts(lines, file_name):
        survey.dates.add(start)
        text = _text_of(start, more)[1]
        sender = start.fields["rest"].partition(": ")[0].strip()
        if sender and ": " in start.fields["rest"] and _written_by_a_person(start, text):
            survey.writers.add(sender)
    return survey


def chat_lines(
    lines: Iterable[str], file_name: str, order: str, writers: set[str]
) -> Iterator[ChatLine]:
    """The messages of a chat whose date order and writers a survey found."""
    for start, more in _starts(lines, file_name):
        yield _chat_line(start, more, order, file_name, writers)


def _starts(lines: Iterable[str], file_name: str) -> Iterator[tuple[_Start, list[str]]]:
    """Each message's first line, with the lines that continue it."""
    current: tuple[_Start, list[str]] | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").translate(MARKS).replace("\u202f", " ")
        match = LINE.match(line)
        if match:
            if current is not None:
                yield current
            written = line[: match.start("rest")].strip(" []-.")
            _, separator, said = raw.partition(": ")
            marked = bool(separator) and said.startswith(IOS_NOTICE_MARK)
            current = (_Start(number, match.groupdict(default=""), written, marked), [])
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


def _chat_line(
    start: _Start, more: list[str], order: str, file_name: str, writers: set[str]
) -> ChatLine:
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
    sender, text = _text_of(start, more)
    if not _written_by_a_person(start, text) and (sender not in writers or _is_notice(text)):
        sender = ""  # an iPhone's notice, "from" the chat or a caller
    unsent = DELETED.match(text.strip()) is not None
    if unsent:
        text = ""
    edited = EDITED.search(text) is not None
    if edited:
        text = EDITED.sub("", text)
    attachments: list[str] = []
    omitted: AttachmentKind | None = None
    kept: list[str] = []
    for line in text.splitlines():
        found = ATTACHED.search(line.strip())
        words = line.strip().casefold()
        if found:
            attachments.append(found.group("name") or found.group("plain"))
        elif line.strip() in OMITTED:
            omitted = AttachmentKind.FILE
        elif words in OMITTED_KIND:
            omitted = OMITTED_KIND[words]
        else:
            kept.append(line)
    if attachments or omitted is not None:
        text = "\n".join(kept).strip()
    return ChatLine(
        sent_at=sent_at,
        sender=sender or None,
        unsent=unsent,
        text=text,
        attachments=tuple(attachments),
        media_omitted=omitted is not None,
        omitted_kind=omitted or AttachmentKind.FILE,
        edited=edited,
        line_number=start.number,
        written_time=start.written_time,
    )


def _text_of(start: _Start, more: list[str]) -> tuple[str, str]:
    """Who the line says wrote it ("" for a system line) and its whole text."""
    rest = start.fields["rest"]
    sender, separator, text = rest.partition(": ")
    if not separator:
        sender, text = "", rest  # a system line: no "Name: "
    return sender.strip(), "\n".join([text, *more]) if more else text


def _written_by_a_person(start: _Start, text: str) -> bool:
    """Whether the line is surely a person's: unmarked, or marked but a file, a file
    left out, or what is left of a deleted message. Marked lines of anyone who
    never writes such a line (the chat itself) are notices."""
    return not start.marked or _is_media(text) or DELETED.match(text.strip()) is not None


def _is_notice(text: str) -> bool:
    """A call or a security notice an iPhone writes as if a person had sent it."""
    words = text.strip().casefold()
    return len(words) <= NOTICE_CHARS and any(word in words for word in NOTICE_WORDS)


def _is_media(text: str) -> bool:
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return bool(ATTACHED.search(first)) or first.casefold() in OMITTED_KIND or first in OMITTED


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
            survey = survey_chat(lines(), described)
            senders = survey.writers
            order = survey.dates.order(self.date_order, described)
            people = tuple(person_named(sender) for sender in sorted(senders))
            counterpart = next((p for p in people if p.name == chat), None)
            yield ImportedThread(
                key=f"chat:{chat}",
                title=chat,
                # Two senders are the owner and one other person, whatever the file
                # is named ("Ana Sousa" for the Ana who writes): one to one.
                is_group=len(senders) > 2,
                people=people,
                messages=self._messages(chat_lines(lines(), described, order, senders), name, chat),
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
                kind = line.omitted_kind
                media.append(ImportedMedia(kind, NOT_INCLUDED[kind]))
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
                edited=line.edited,
                unsent=line.unsent,
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
