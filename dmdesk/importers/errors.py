"""The errors a download can cause: their own module, so the download source and
the importers' model can raise them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass


class ImportFormatError(ValueError):
    """The download cannot be read as the format says; the text names the file (and
    line, where there is one) in words a user can act on."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to an ``ImportQuestion``: read the download again with it."""

    label: str
    format_name: str | None = None
    """``--format``: which platform's download it is."""
    dates: str | None = None
    """``--dates``: "dmy" (day first) or "mdy" (month first)."""


class ImportQuestion(ImportFormatError):
    """Something only the download's owner can say, because the files leave it open
    (which platform a Meta download is from; whether 02/11 is 2 November or
    February 11). The text asks it for the command line; the window asks
    ``question`` with a button per answer."""

    def __init__(self, message: str, question: str, answers: tuple[Answer, ...]) -> None:
        super().__init__(message)
        self.question = question
        self.answers = answers
