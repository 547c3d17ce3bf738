"""The People table's work off the GUI thread: its CSV out (the table as
filtered, read on a connection of its own) and a CSV of tags, stages and notes
in (services/people_csv.py)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from dmdesk.domain import PeopleQuery
from dmdesk.services.people_csv import (
    PeopleImportCheck,
    apply_people_csv,
    check_people_csv,
    people_csv,
)
from dmdesk.store.database import Database, apply_pragmas
from dmdesk.store.people_reads import every_person


class PeopleService:
    def __init__(self, database: Database) -> None:
        self._database = database

    def export_csv(self, query: PeopleQuery, target: Path) -> int:
        """Write everyone ``query`` lists to ``target``, through a temporary file so
        a failure leaves no half spreadsheet; returns how many people."""
        connection = sqlite3.connect(f"file:{self._database.path}?mode=ro", uri=True)
        try:
            apply_pragmas(connection)
            people = list(every_person(connection, query))
        finally:
            connection.close()
        handle, temporary = tempfile.mkstemp(prefix=".people-", suffix=".csv", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
                out.write(people_csv(people))  # utf-8-sig: Excel reads the accents right
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return len(people)

    def check_import(self, path: Path) -> PeopleImportCheck:
        return check_people_csv(self._database, path)

    def apply_import(self, check: PeopleImportCheck) -> int:
        return apply_people_csv(self._database, check)
