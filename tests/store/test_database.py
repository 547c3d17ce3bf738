import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

import dmdesk.store.database as database_module
from dmdesk.store.database import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    DatabaseError,
    current_revision,
    database_path,
    ensure_schema,
)


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(Path(database_module.__file__).with_name("migrations"))
    )
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_current_head() == SCHEMA_HEAD
    assert tuple(reversed([s.revision for s in scripts.walk_revisions()])) == KNOWN_REVISIONS


def test_new_database_is_migrated_without_backup_and_uses_wal(data_dir: Path) -> None:
    path = database_path(data_dir)
    outcome = ensure_schema(path)
    assert outcome is not None and outcome.backup is None
    assert current_revision(path) == SCHEMA_HEAD
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {
        "accounts",
        "contacts",
        "contact_identities",
        "conversations",
        "messages",
        "attachments",
        "notes",
        "quick_replies",
    } <= tables
    assert ensure_schema(path) is None  # at head: nothing to do, no backup


def test_an_older_file_is_backed_up_before_migrating(data_dir: Path) -> None:
    path = database_path(data_dir)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE keepsake (text TEXT)")
    connection.execute("INSERT INTO keepsake VALUES ('precious')")
    connection.commit()
    connection.close()
    outcome = ensure_schema(path)
    assert outcome is not None and outcome.backup is not None
    backup = sqlite3.connect(outcome.backup)
    assert backup.execute("SELECT text FROM keepsake").fetchone() == ("precious",)


def test_foreign_keys_are_enforced(database) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_file_that_is_not_a_database_gives_a_clear_error(data_dir: Path) -> None:
    path = database_path(data_dir)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="not a DMDesk database"):
        ensure_schema(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_the_migrations_build_exactly_the_tables_the_code_declares(data_dir: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from dmdesk.store.schema import SEARCH_TABLES, Base

    path = database_path(data_dir)
    ensure_schema(path)
    engine = create_engine(f"sqlite:///{path}")

    def ours(name: str | None, kind: str, _parents: object) -> bool:
        return not (kind == "table" and name is not None and name.startswith(SEARCH_TABLES))

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": ours})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_migration_that_fails_half_way_leaves_the_schema_as_it_was(data_dir: Path) -> None:
    """Its tables, triggers and indexes come and go with its transaction: Python
    3.11's sqlite3 used to commit each DDL statement on its own."""
    path = database_path(data_dir)
    ensure_schema(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0004'")
    connection.execute("DROP TABLE reactions")
    # Migration 0005 makes its table, then an index of this name: that step fails.
    connection.execute("CREATE TABLE ix_reactions_message_id (x)")
    connection.commit()
    schema_before = sorted(connection.execute("SELECT type, name FROM sqlite_master"))
    connection.close()
    with pytest.raises(DatabaseError, match="Upgrading the database failed"):
        ensure_schema(path)
    connection = sqlite3.connect(path)
    assert sorted(connection.execute("SELECT type, name FROM sqlite_master")) == schema_before
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
    connection.close()


def test_a_new_database_is_said_to_be_created_not_migrated_from_none(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="dmdesk.store.database"):
        ensure_schema(database_path(data_dir))
    assert f"created (schema {SCHEMA_HEAD})" in caplog.text and "None" not in caplog.text
