"""Opening the database: file location, connection settings, migrations.

Start-up must not pay for importing SQLAlchemy and Alembic (about 0.5 s on the
machines we measure on) before the window shows. So the schema version is
checked with the standard library first, and Alembic is imported only when a
migration is actually due.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmdesk.store.backups import back_up, backups_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    # What services hold during a transaction: an opaque handle they pass to the
    # store's functions. They never import SQLAlchemy nor see a row.
    UnitOfWork = Session

log = logging.getLogger(__name__)

DATABASE_FILE = "dmdesk.sqlite3"
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
)
"""Every schema this DMDesk can read or migrate from, oldest first; a test keeps
it equal to the migration scripts."""
SCHEMA_HEAD = KNOWN_REVISIONS[-1]

# Set on every connection, SQLAlchemy's and the fast readers' alike. No memory
# mapping and a 16 MB page cache per connection: at 1,000,000 messages a 256 MB map
# and 64 MB caches put 130 MB more in the app's resident memory for no measurable
# gain in opening a conversation (docs/performance.md).
PAGE_CACHE_KIB = 16384
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA temp_store = MEMORY",
    f"PRAGMA cache_size = -{PAGE_CACHE_KIB}",
    "PRAGMA busy_timeout = 5000",
)


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message says why in plain words."""


class NewerDatabase(DatabaseError):
    """Written by a newer DMDesk: this one must not touch it."""


class DamagedDatabase(DatabaseError):
    """Part of the file cannot be read; ``backup`` is the newest copy to offer."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path
        self.backup = next(iter(backups_of(path)), None)


SQLITE_HEADER = b"SQLite format 3\x00"


def damaged(path: Path, error: BaseException) -> DamagedDatabase:
    """The error to raise when reading ``path`` failed with SQLite's ``error``."""
    return DamagedDatabase(
        f"Part of DMDesk's data could not be read ({error}). The file is {path}.", path
    )


def cannot_use(path: Path, error: BaseException) -> DatabaseError:
    """SQLite could not open or write the file: most often a folder that is
    read-only (a backup drive, a locked-down home), which the user can fix."""
    return DatabaseError(
        f"DMDesk cannot use its data in {path.parent} ({error}). If that folder is "
        "read-only, make it writable, or copy it somewhere writable and start DMDesk "
        "with --data-dir."
    )


def check_intact(path: Path) -> None:
    """Refuse a damaged file before writing into it (an import): a write into a
    damaged page can spread the damage. SQLite's quick check reads every page."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from None
    finally:
        connection.close()
    if verdict != "ok":
        raise damaged(path, RuntimeError(verdict))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE


def apply_pragmas(connection: Any) -> None:
    """Configure a DB-API connection to the store."""
    cursor = connection.cursor()
    try:
        for pragma in CONNECTION_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def current_revision(path: Path) -> str | None:
    """The schema revision of the file, or None for a new or empty one."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise cannot_use(path, error) from error
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        row = None
    except sqlite3.DatabaseError as error:
        with path.open("rb") as file:
            is_sqlite = file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        if is_sqlite:
            raise damaged(path, error) from error
        raise DatabaseError(f"{path} is not a DMDesk database: {error}") from error
    finally:
        connection.close()
    return None if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class MigrationOutcome:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def ensure_schema(path: Path) -> MigrationOutcome | None:
    """Bring the file to the newest schema, backing it up first, and mend a search
    index an older DMDesk left behind. None if no migration was due."""
    revision = current_revision(path)
    if revision == SCHEMA_HEAD:
        _mend_search_index(path)
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        # No backup, no migration: every start would pile up a copy and fail.
        raise NewerDatabase(
            f"This data was written by a newer DMDesk (its schema is {revision}; this "
            f"DMDesk reads up to {SCHEMA_HEAD}): update DMDesk to open it. Nothing was changed."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = _backup(path, revision) if path.exists() and path.stat().st_size else None
    try:
        _run_migrations(path)
    except Exception as error:
        hint = f" A copy from before the upgrade is at {backup}." if backup else ""
        raise DatabaseError(f"Upgrading the database failed: {error}.{hint}") from error
    _set_wal(path)
    _mend_search_index(path)
    if revision is None:
        log.info("database %s created (schema %s)", path, SCHEMA_HEAD)
    else:
        log.info("database %s migrated from schema %s to %s", path, revision, SCHEMA_HEAD)
    return MigrationOutcome(revision, SCHEMA_HEAD, backup)


def _backup(path: Path, revision: str | None) -> Path:
    try:
        return back_up(path, f"schema-{revision or 'none'}")
    except (sqlite3.Error, OSError) as error:
        raise DatabaseError(f"Could not back up the database before upgrading: {error}") from error


def _mend_search_index(path: Path) -> None:
    from dmdesk.store import search_index

    try:
        search_index.mend(path)
    except sqlite3.OperationalError as error:
        raise cannot_use(path, error) from error
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from error


def _set_wal(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def _run_migrations(path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    engine = create_engine_for(path, ddl=True)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def create_engine_for(path: Path, *, ddl: bool = False) -> Engine:
    """An engine for the store file; with ``ddl``, one whose transactions are
    SQLite's own, DDL included.

    Python 3.11's ``sqlite3`` opens a transaction only before INSERT, UPDATE or
    DELETE, so a ``DROP TRIGGER`` or ``CREATE TABLE`` runs in autocommit and is
    committed at once, whatever becomes of the rest (an import that failed left
    the search trigger dropped). For units of work with DDL (migrations, imports)
    SQLAlchemy's recipe for pysqlite: the driver starts nothing itself, and every
    transaction begins with an explicit ``BEGIN IMMEDIATE`` (they write from the
    start, so they take the write lock at once rather than fail to upgrade to it).
    Ordinary sessions keep the driver's way: their reads take no snapshot that a
    write from the writer lane could make stale."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if ddl:
            dbapi_connection.isolation_level = None
        apply_pragmas(dbapi_connection)

    if ddl:

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """SQLAlchemy access to one store file: one engine, one session factory."""

    def __init__(self, path: Path) -> None:
        from sqlalchemy.orm import sessionmaker

        self.path = path
        self.engine = create_engine_for(path)
        self._sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self._ddl_engine: Engine | None = None

    @contextmanager
    def transaction(self, *, ddl: bool = False) -> Iterator[UnitOfWork]:
        """A session for one unit of work, committed at the end or rolled back on error.
        ``ddl``: the work changes the schema too (an import drops and re-creates the
        search trigger), and that must come and go with the rest."""
        if not ddl:
            with self._sessions.begin() as session:
                yield session
            return
        from sqlalchemy.orm import Session as OrmSession

        if self._ddl_engine is None:
            self._ddl_engine = create_engine_for(self.path, ddl=True)
        with OrmSession(self._ddl_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def scrub(self) -> bool:
        """Rewrite the file so what deleted rows left in its free pages is gone, and
        empty the WAL, whose old frames hold pages as they were (after a person is
        forgotten). False if a reader kept the WAL from being emptied."""
        connection = sqlite3.connect(self.path, isolation_level=None)
        try:
            apply_pragmas(connection)
            # VACUUM builds the new file in a temporary one: on disk, not in memory
            # (a large inbox would need its whole size in RAM).
            connection.execute("PRAGMA temp_store = FILE")
            connection.execute("VACUUM")
            # Waits for readers through the busy timeout, then says if it could not.
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return not busy
        finally:
            connection.close()

    def close(self) -> None:
        self.engine.dispose()
        if self._ddl_engine is not None:
            self._ddl_engine.dispose()
