"""WhatsApp "Export chat" text files: one line starts each message, other lines
continue it. The date form depends on the phone's language and region; day and
month order is inferred from the whole file (a value above 12 settles it).

This module reads lines into messages; writing them to the store is the import
service's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

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


class WhatsAppFormatError(ValueError):
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


@dataclass(frozen=True, slots=True)
class _Start:
    number: int
    fields: dict[str, str]


def read_chat(lines: Iterable[str], file_name: str = "chat.txt") -> list[ChatLine]:
    """Every message of an exported chat, oldest first."""
    starts: list[tuple[_Start, list[str]]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").translate(MARKS).replace("\u202f", " ")
        match = LINE.match(line)
        if match:
            starts.append((_Start(number, match.groupdict(default="")), []))
        elif starts:
            starts[-1][1].append(line)
        elif line.strip():
            raise WhatsAppFormatError(
                f"{file_name}, line {number}: this does not start like a WhatsApp message "
                f"(a date, a time, then a name): {line[:60]!r}"
            )
    if not starts:
        raise WhatsAppFormatError(f"{file_name}: no WhatsApp messages found (is it empty?)")
    order = _date_order([start for start, _ in starts])
    return [_chat_line(start, more, order, file_name) for start, more in starts]


def _date_order(starts: list[_Start]) -> str:
    """ "ymd", "dmy" or "mdy" for the whole file."""
    first = starts[0].fields
    if len(first["a"]) == 4:
        return "ymd"
    if any(int(s.fields["a"]) > 12 for s in starts):
        return "dmy"
    if any(int(s.fields["b"]) > 12 for s in starts):
        return "mdy"
    # Undecided: a 12-hour clock is the US habit, month first; else day first.
    return "mdy" if any(s.fields["ampm"] for s in starts) else "dmy"


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
    )
