"""The order of day and month in a WhatsApp chat export, which depends on the
phone's region and is written nowhere. A day above 12 settles it; where every
date could be read both ways, the file's other evidence decides: the dates in
its attachments' names (``PHOTO-2020-11-02-…``, ``IMG-20201102-WA0001``), which
reading keeps its messages in time order, and how its clock is written ("PM" is
the US's habit; "pm" and "p. m." are the rest of the world's). Where nothing
decides, the user is asked (``DateOrderUnknown``) rather than a guess made.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from dmdesk.importers.errors import Answer, ImportFormatError, ImportQuestion

NAME_DATE = re.compile(
    r"(?:PHOTO|VIDEO|AUDIO|STICKER|GIF|DOCUMENT|PTT)-(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"|(?:IMG|VID|AUD|PTT|STK|DOC)-(?P<y2>\d{4})(?P<m2>\d{2})(?P<d2>\d{2})-WA",
    re.IGNORECASE,
)
"""Where WhatsApp writes the day a file was sent into its name (iPhone, Android)."""
DAY_FIRST, MONTH_FIRST, YEAR_FIRST = "dmy", "mdy", "ymd"


class WhatsAppFormatError(ImportFormatError):
    """The file is not a WhatsApp chat export; the message names the file and line."""


class DateOrderUnknown(WhatsAppFormatError, ImportQuestion):
    """Every date of the chat reads as well day first as month first."""


@dataclass(frozen=True, slots=True)
class Start:
    """The line that starts a message, as the header pattern read it."""

    number: int
    fields: dict[str, str]
    written_time: str
    marked: bool = False
    """Its text begins with U+200E: an iPhone's notice, or a file."""

    @property
    def day_month(self) -> tuple[int, int]:
        return int(self.fields["a"]), int(self.fields["b"])


class DateEvidence:
    """What the file says about its date order, gathered line by line as it is read
    (a chat of a million lines is never held)."""

    def __init__(self) -> None:
        self._first = True
        self._settled: str | None = None
        self._open: Start | None = None
        """The first date that reads both ways, for the question."""
        self._named: Counter[str] = Counter()
        self._clock: Counter[str] = Counter()
        self._backwards: Counter[str] = Counter({DAY_FIRST: 0, MONTH_FIRST: 0})
        self._previous: dict[str, tuple[int, ...]] = {}

    def add(self, start: Start) -> None:
        if self._first:
            self._first = False
            if len(start.fields["a"]) == 4:
                self._settled = YEAR_FIRST
        if self._settled is not None:
            return
        first, second = start.day_month
        if first > 12 or second > 12:
            self._settled = DAY_FIRST if first > 12 else MONTH_FIRST
            return
        if (
            first != second
            and self._open is None
            and None not in (_moment(start, DAY_FIRST), _moment(start, MONTH_FIRST))
        ):
            self._open = start  # a real date either way (0/1 is no date at all)
        for month, day in _dates_named_in(start.fields["rest"]):
            # A file sent on 2 November is named "…-2020-11-02-…".
            if (day, month) == (first, second):
                self._named[DAY_FIRST] += 1
            elif (month, day) == (first, second):
                self._named[MONTH_FIRST] += 1
        clock = start.fields.get("clock", "")
        if clock:
            # "PM" in capitals is how US phones write it (month first); "pm" and
            # "p. m." are British, Indian, Australian and Spanish-speaking ones.
            self._clock[MONTH_FIRST if clock.isupper() and "." not in clock else DAY_FIRST] += 1
        for order in (DAY_FIRST, MONTH_FIRST):
            moment = _moment(start, order)
            if moment is None:
                continue
            previous = self._previous.get(order)
            if previous is not None and moment < previous:
                self._backwards[order] += 1
            self._previous[order] = moment

    def order(self, given: str | None, file_name: str) -> str:
        """ "ymd", "dmy" or "mdy"; ``given`` is the user's answer, which only evidence
        that cannot be wrong (a day above 12) overrides. Raises DateOrderUnknown."""
        if self._settled is not None:
            return self._settled
        if self._open is None:
            return DAY_FIRST  # every date reads the same either way
        if given in (DAY_FIRST, MONTH_FIRST):
            return given
        # A chat is written in time order: the reading under which its dates go
        # backwards less often is the right one (12/11 then 01/12 is November to
        # December, not December back to January).
        in_order = Counter[str]()
        if self._backwards[DAY_FIRST] != self._backwards[MONTH_FIRST]:
            in_order[min(self._backwards, key=lambda order: self._backwards[order])] = 1
        for votes in (self._named, in_order, self._clock):
            ranked = votes.most_common()
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                return ranked[0][0]
        raise _question(self._open, file_name)


def _dates_named_in(text: str) -> Iterator[tuple[int, int]]:
    for found in NAME_DATE.finditer(text):
        month, day = found["m"] or found["m2"], found["d"] or found["d2"]
        yield int(month), int(day)


def _moment(start: Start, order: str) -> tuple[int, ...] | None:
    f = start.fields
    first, second = start.day_month
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    year = int(f["c"]) % 100
    try:
        date(2000 + year, month, day)
    except ValueError:
        return None
    hour = int(f["hour"])
    if f["ampm"]:
        hour = hour % 12 + (12 if f["ampm"].lower() == "p" else 0)
    return (year, month, day, hour, int(f["minute"]))


def _question(start: Start, file_name: str) -> DateOrderUnknown:
    first, second = start.day_month
    year = int(start.fields["c"])
    year += 2000 if year < 100 else 0

    def named(day: int, month: int) -> str:
        return f"{day} {date(2000, month, 1):%B} {year}"

    day_first, month_first = named(first, second), named(second, first)
    written = f"{start.fields['a']}/{start.fields['b']}/{start.fields['c']}"
    return DateOrderUnknown(
        f"{file_name}: its dates read as well day first as month first ({written} on line "
        f"{start.number} is {day_first} or {month_first}); say which with --dates dmy "
        "or --dates mdy",
        f"The dates in this chat read two ways, and nothing in it says which: is "
        f"“{written}” {day_first} or {month_first}?\n\nPhones write the day first in "
        "most of the world, and the month first in the US.",
        (
            Answer(f"{day_first} (day first)", dates=DAY_FIRST),
            Answer(f"{month_first} (month first)", dates=MONTH_FIRST),
        ),
    )
