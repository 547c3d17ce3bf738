"""Where DMDesk keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA_DIR = "DMDESK_DATA_DIR"
DEMO_FOLDER = "demo-workspace"


def data_dir(override: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    """The data directory: ``--data-dir``, else ``$DMDESK_DATA_DIR``, else the user's
    platform data folder. The demo workspace lives in a folder of its own inside it."""
    if override:
        base = Path(override)
    elif os.environ.get(ENV_DATA_DIR):
        base = Path(os.environ[ENV_DATA_DIR])
    else:
        base = user_data_path("DMDesk", appauthor=False)
    base = base.expanduser()
    return base / DEMO_FOLDER if demo else base
