"""The tray for real: Xvfb with trayer as the tray host, the app's window and
tray icon in a process of their own (xcb, not offscreen)."""

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from xvfb import private_display

PROBE = Path(__file__).with_name("tray_probe.py")


@pytest.fixture
def display():
    with private_display("trayer") as env, running(env, TRAY_HOST):
        yield env


@pytest.fixture
def desktop():
    """A tray host and a window manager (openbox), which puts a new window in front
    as a desktop does."""
    with (
        private_display("trayer", "openbox") as env,
        running(env, ["openbox"]),
        running(env, TRAY_HOST),
    ):
        yield env


TRAY_HOST = ["trayer", "--edge", "top", "--align", "right", "--SetDockType", "true"]


@contextmanager
def running(env: dict[str, str], command: list[str]) -> Iterator[None]:
    program = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        program.terminate()
        program.wait(5)


def test_the_tray_icon_shows_its_menu_and_keeps_the_app_running(display, tmp_path) -> None:
    run = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "data")],
        env={
            **display,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHONPATH": str(Path(__file__).parent.parent),  # the source tree, as pytest
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["tray_available"] and seen["installed"] and seen["tray_visible"]
    assert seen["menu"] == [
        "Hide DMDesk",
        "Pause notifications",
        "Away message on/off",
        "Quit DMDesk",
    ]
    assert seen["pause_choices"] == ["For 1 hour", "Until tomorrow (08:00)", "Until I resume"]
    assert seen["tooltip"].startswith("DMDesk: ") and "unread" in seen["tooltip"]
    assert seen["hidden_not_closed"] and seen["menu_after_close"] == "Show DMDesk"
    assert seen["shown_again"] and seen["closed_on_quit"]


def test_switching_workspace_leaves_one_window_on_screen_where_the_old_one_was(
    desktop, tmp_path
) -> None:
    """From the demo, adding an account or importing a history opens the own
    workspace: in the same place, in front, with one tray icon."""
    run = subprocess.run(
        [sys.executable, str(PROBE.with_name("switch_probe.py")), str(tmp_path / "data")],
        env={
            **desktop,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHONPATH": str(Path(__file__).parent.parent),
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["tray_available"]
    assert seen["windows"] == 1 and "demo" not in seen["title"]
    assert seen["own_frame"] == seen["demo_frame"] and seen["on_screen"]
    assert seen["active"], seen
    assert seen["tray_icons"] == 1
