"""Copies of the database: one before every migration and one a day, kept to the
newest few, and the way back to one when the file is damaged.

A copy is taken with SQLite's backup API, a consistent snapshot even while
DMDesk writes. Restoring never deletes the damaged file: it is set aside beside
the database, so nothing stored is lost even if the copy is older.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEPT = 5
"""Copies kept; older ones are deleted once a new one is whole."""
DAILY = timedelta(hours=24)


def backups_of(path: Path) -> list[Path]:
    """The copies of a database, newest first."""
    folder = path.parent / BACKUP_DIR
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.sqlite3") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def back_up(path: Path, reason: str) -> Path:
    """A copy of the database now (``reason`` goes in its name), then only the
    newest ``KEPT`` are kept. Raises sqlite3.Error or OSError."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".part")
    _copy(path, partial)
    partial.replace(target)
    for old in backups_of(path)[KEPT:]:
        old.unlink(missing_ok=True)
    return target


def replace_all(path: Path, reason: str) -> Path:
    """One fresh copy in place of all the others (which hold what was since
    deleted for good). Returns the new copy."""
    fresh = back_up(path, reason)
    for old in backups_of(path):
        if old != fresh:
            old.unlink(missing_ok=True)
    return fresh


def back_up_daily(path: Path) -> Path | None:
    """A copy, if the newest is a day old or there is none (for the writer lane at
    start-up: a large inbox takes a second or two)."""
    newest = next(iter(backups_of(path)), None)
    if newest is not None and datetime.now(UTC).timestamp() - newest.stat().st_mtime < (
        DAILY.total_seconds()
    ):
        return None
    return back_up(path, "daily")


def damage_marker(path: Path) -> Path:
    """A file beside the database that says it was found damaged while DMDesk ran,
    so the next start checks it whole and offers the newest copy."""
    return path.with_name(path.name + ".damaged")


def is_damage(error: BaseException) -> bool:
    """Whether SQLite's error says the file itself is damaged (not locked, full…)."""
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def restore(path: Path, backup: Path) -> Path:
    """Put ``backup`` in the damaged database's place; the damaged file (and its
    WAL) is set aside beside it, never deleted. Returns where it went."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    _copy(backup, path)
    damage_marker(path).unlink(missing_ok=True)
    log.warning("restored %s from %s; the damaged file is %s", path, backup, aside)
    return aside


def _copy(source_path: Path, target: Path) -> None:
    """SQLite's backup API: a consistent snapshot of one file into another."""
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
