"""Where DMDesk keeps its files."""

from __future__ import annotations

import os
import stat
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


def resources_dir() -> Path:
    """DMDesk's own files (icons, the demo's photos): ``dmdesk/resources`` in an
    installed wheel, ``resources/`` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def guides_dir() -> Path:
    """The step-by-step guides to connecting each platform: ``dmdesk/guides`` in an
    installed wheel, ``docs/connect/`` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "guides"
    return installed if installed.is_dir() else package.parent / "docs" / "connect"


PRIVATE_UMASK = 0o077
"""Whatever DMDesk creates (database, WAL, backups, keys, media, downloads,
settings) only its owner can read."""


def keep_private(folder: Path) -> None:
    """Make the data folder the owner's alone: created 0700; a folder an older
    DMDesk left readable by others is closed, everything in it 0600 (folders 0700).
    Cheap when it is private already: one stat."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not stat.S_IMODE(folder.stat().st_mode) & 0o077:
        return
    for root, folders, files in os.walk(folder):
        os.chmod(root, 0o700)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(root, f))]
