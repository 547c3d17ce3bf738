"""The People table as a spreadsheet, and a spreadsheet of tags, stages and
notes brought back in.

Export writes the table as filtered and sorted, every cell safe from being read
as a formula. Import is checked whole before anything is written: each line is
matched to exactly one person by handle (a handle, e-mail or phone number,
however written; a platform column narrows it), its stage must be one of the
workspace's, and the owner sees what matched and what did not (by line) before
the matched lines are written together, in one transaction. A file that is not
a CSV, too big, or without a handle column is refused whole, in words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dmdesk.domain import PeopleImportRow, PersonRow, Platform, clean_tag, stage_key
from dmdesk.services.safe_output import for_spreadsheet
from dmdesk.store import people_import
from dmdesk.store import stages as stage_store
from dmdesk.store.database import Database

if TYPE_CHECKING:
    from dmdesk.store.database import UnitOfWork

MAX_BYTES = 20 * 1000 * 1000
MAX_LINES = 100_000
NOTE_CHARS = 10_000
HANDLE_COLUMNS = ("handle", "handles", "username", "phone", "email", "e-mail")
"""What the column that names each person may be called (an export's Handles too)."""
HEADER = (
    "Name",
    "Platforms",
    "Handles",
    "Tags",
    "Stage",
    "Last message",
    "Waiting since",
    "Follow-up",
    "Notes",
    "Messages",
)


def people_csv(people: Iterable[PersonRow]) -> str:
    """The table as CSV: one person a line, tags and handles joined by commas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for p in people:
        writer.writerow(
            [
                for_spreadsheet(cell)
                for cell in (
                    p.name,
                    ", ".join(platform.label for platform in p.platforms),
                    ", ".join(p.handles),
                    ", ".join(p.tags),
                    p.stage,
                    p.last_message_at.astimezone().isoformat(timespec="minutes")
                    if p.last_message_at
                    else "",
                    p.waiting_since.astimezone().isoformat(timespec="minutes")
                    if p.waiting_since
                    else "",
                    p.follow_up_on.isoformat() if p.follow_up_on else "",
                    p.notes,
                    p.messages,
                )
            ]
        )
    return out.getvalue()


class PeopleCsvError(Exception):
    """The file cannot be read as a people spreadsheet; the message says why."""


@dataclass
class PeopleImportCheck:
    """What a spreadsheet would do, for the owner to see before anything is written."""

    rows: list[PeopleImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One sentence per line that will not be imported, with its line number."""

    @property
    def summary(self) -> str:
        people = len({r.contact_id for r in self.rows})
        found = f"{len(self.rows)} line{'s' if len(self.rows) != 1 else ''} match"
        found += f" {people} {'person' if people == 1 else 'people'}"
        if not self.problems:
            return found + "."
        count = len(self.problems)
        return f"{found}; {count} line{'s' if count != 1 else ''} will be left out."


def check_people_csv(database: Database, path: Path) -> PeopleImportCheck:
    """Read and match the whole file; raises PeopleCsvError for a file that cannot
    be read at all. Writes nothing."""
    text = _read(path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise PeopleCsvError("The file is empty.")
    columns = {name.strip().casefold(): n for n, name in enumerate(header)}
    handle_at = next((columns[k] for k in HANDLE_COLUMNS if k in columns), None)
    if handle_at is None:
        raise PeopleCsvError(
            "The file has no Handle column: its first line should name the columns, "
            "for example Handle, Tags, Stage, Note."
        )
    check = PeopleImportCheck()
    with database.transaction() as session:
        stages = {stage_key(s): s for s in stage_store.stages(session)}
        for line, cells in enumerate(reader, start=2):
            if line > MAX_LINES + 1:
                check.problems.append(f"Lines after {MAX_LINES:,} are left out.")
                break
            if not any(c.strip() for c in cells):
                continue
            row = _row(session, line, cells, columns, handle_at, stages, check.problems)
            if row is not None:
                check.rows.append(row)
    return check


def apply_people_csv(database: Database, check: PeopleImportCheck) -> int:
    """Write the matched lines, all or none; returns how many."""
    with database.transaction() as session:
        people_import.apply(session, check.rows, datetime.now(UTC))
    return len(check.rows)


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PeopleCsvError(
                f"The file is {size / 1e6:.0f} MB; a people spreadsheet of up to "
                f"{MAX_BYTES / 1e6:.0f} MB can be imported."
            )
        raw = path.read_bytes()
    except OSError as error:
        raise PeopleCsvError(f"The file cannot be read ({error.strerror or error}).") from error
    for encoding in ("utf-8-sig", "cp1252"):  # Excel writes either
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PeopleCsvError("The file is not text (a CSV saved from a spreadsheet).")


def _cell(cells: list[str], at: int | None) -> str:
    if at is None or at >= len(cells):
        return ""
    return cells[at].strip().lstrip("'")  # the apostrophe an export put before a formula


def _row(
    session: UnitOfWork,
    line: int,
    cells: list[str],
    columns: dict[str, int],
    handle_at: int,
    stages: dict[str, str],
    problems: list[str],
) -> PeopleImportRow | None:
    handle = _cell(cells, handle_at)
    platform_text = _cell(cells, columns.get("platform"))
    platform = next(
        (p for p in Platform if platform_text.casefold() in (p.value, p.label.casefold())), None
    )
    if platform_text and platform is None:
        problems.append(f"Line {line}: {platform_text[:40]!r} is not a platform DMDesk knows.")
        return None
    if not handle:
        problems.append(f"Line {line}: no handle.")
        return None
    # An export's Handles cell holds each of the person's: they must agree.
    people: set[int] = set()
    for one in handle.split(","):
        if one.strip():
            people |= people_import.people_with_handle(
                session, one.strip(), platform.value if platform else ""
            )
    shown = handle[:60]
    if not people:
        problems.append(f"Line {line}: nobody has the handle {shown}.")
        return None
    if len(people) > 1:
        problems.append(
            f"Line {line}: {len(people)} people have the handle {shown}; "
            "add a Platform column to say which."
        )
        return None
    stage_text = _cell(cells, columns.get("stage"))
    stage = stages.get(stage_key(stage_text), "") if stage_text else ""
    if stage_text and not stage:
        problems.append(f"Line {line}: {stage_text[:40]!r} is not one of your stages.")
        return None
    tags = tuple(
        dict.fromkeys(
            clean_tag(t)
            for t in _cell(cells, columns.get("tags")).replace(";", ",").split(",")
            if clean_tag(t)
        )
    )
    note = _cell(cells, columns.get("note", columns.get("notes")))[:NOTE_CHARS]
    (contact_id,) = people
    return PeopleImportRow(line, contact_id, shown, tags, stage, note)
