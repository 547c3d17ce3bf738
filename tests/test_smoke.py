"""The installed app starts on a demo workspace, renders, and exits cleanly."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def installed_dmdesk() -> str:
    candidate = Path(sys.executable).parent / "dmdesk"
    found = str(candidate) if candidate.exists() else shutil.which("dmdesk")
    if found is None:
        pytest.fail("the dmdesk entry point is not installed: run `pip install .` first")
    return found


def run_dmdesk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [installed_dmdesk(), *args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_installed_app_renders_the_demo_and_exits(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run_dmdesk("--data-dir", str(tmp_path / "data"), "--demo", "--screenshot", str(shot))
    assert shot.stat().st_size > 20_000
    assert (tmp_path / "data" / "demo-workspace" / "dmdesk.sqlite3").exists()


def test_no_account_opens_the_demo_workspace(tmp_path: Path) -> None:
    run_dmdesk("--screenshot", str(tmp_path / "s.png"), DMDESK_DATA_DIR=str(tmp_path / "d"))
    assert (tmp_path / "d" / "demo-workspace" / "dmdesk.sqlite3").exists()


def test_help_lists_the_options() -> None:
    result = run_dmdesk("--help")
    for option in ("--data-dir", "--demo", "--screenshot"):
        assert option in result.stdout
