"""The data folder is the owner's alone: other users on the computer cannot read
a conversation. Tests run as root, so modes are checked with stat, not by trying
to read as someone else."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from importers import downloads as d


def dmdesk(*argv: str | Path) -> None:
    """The command line in a process of its own (it sets the process's umask)."""
    program = "import sys; from dmdesk.app import main; raise SystemExit(main(sys.argv[1:]))"
    subprocess.run(
        [sys.executable, "-c", program, *map(str, argv)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
        timeout=120,
    )


def modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_everything_dmdesk_writes_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    archive = d.zipped(d.write(tmp_path / "ig", d.instagram_files()), tmp_path / "instagram.zip")
    dmdesk("import", "--data-dir", data, archive)
    found = modes(data)
    assert any(name.endswith(".png") for name in found), found  # media came in
    assert "dmdesk.sqlite3" in found
    for name, mode in found.items():
        path = data / name
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{name} is {mode:o}"


def test_a_folder_an_older_dmdesk_left_open_is_closed_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    archive = d.zipped(d.write(tmp_path / "ig", d.instagram_files()), tmp_path / "instagram.zip")
    dmdesk("import", "--data-dir", data, archive)
    for path in [data, *data.rglob("*")]:  # as an older DMDesk and a 022 umask left them
        path.chmod(0o755 if path.is_dir() else 0o644)
    dmdesk("search", "--data-dir", data, "scarf")
    for name, mode in modes(data).items():
        assert not mode & 0o077, f"{name} is {mode:o}"
