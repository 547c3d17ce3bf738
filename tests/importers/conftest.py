"""Fixtures for import tests: a workspace to import into, downloads to import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from import_workspace import Workspace

from dmdesk.store.database import Database


@pytest.fixture
def workspace(database: Database, data_dir: Path) -> Iterator[Workspace]:
    space = Workspace(database, data_dir)
    yield space
    space.reader.close()


@pytest.fixture
def download(tmp_path: Path) -> Callable[..., Path]:
    """Write a download's files into a fresh folder (or a .zip of them)."""
    count = 0

    def make(
        files: dict[str, str | bytes], *, as_zip: bool = False, name: str = "download"
    ) -> Path:
        from downloads import write, zipped

        nonlocal count
        count += 1
        folder = write(tmp_path / f"{name}-{count}", files)
        return zipped(folder, tmp_path / f"{name}-{count}.zip") if as_zip else folder

    return make
