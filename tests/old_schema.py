"""A database file at an older schema, to see what a migration makes of it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from dmdesk.store.database import create_engine_for

MIGRATIONS = Path(__file__).parents[1] / "dmdesk/store/migrations"


def schema_at(path: Path, revision: str) -> None:
    """Create ``path`` with the schema as ``revision`` left it (no later migration)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine_for(path)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
