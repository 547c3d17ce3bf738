"""The real app on Xvfb, as a person meets it: keys as an X11 keyboard sends them
("?" is Shift+/ on US and UK layouts, and Qt offers the shortcut both as "?" and
as "Shift+/"; offscreen tests send neither that way), and popups as they are
drawn on the screen (offscreen, a transparent popup grabs as if it were not)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from xvfb import private_display

ROOT = Path(__file__).parent.parent


@pytest.fixture
def display():
    with private_display("xdotool") as env:
        yield env


def xdotool(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=True
    ).stdout.strip()


def test_question_mark_opens_the_keyboard_shortcuts(display, tmp_path) -> None:
    env = {**display, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "demo workspace")
        xdotool(env, "windowfocus", "--sync", window.split()[0])
        xdotool(env, "key", "question")  # Shift+/ on this keyboard, as X11 sends it
        shown = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "^Keyboard shortcuts$")
        assert shown
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Ambiguous shortcut" not in errors, errors[-2000:]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_popup_menu_calendar_and_dialog_is_readable(display, tmp_path, theme) -> None:
    """Read off the screen, each piece of text in each surface a person opens
    stands out 4.5:1 (WCAG AA) from what it is drawn on. The light theme's filter
    suggestions were black with near-black text (a global transparent list
    background reached that popup), and so was the follow-up calendar (a style
    rule without a selector on the contact pane reached it)."""
    import json

    run = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("readability_probe.py")), str(tmp_path / "d")]
        + (["--dark"] if theme == "dark" else []),
        env={**display, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(seen) >= 20, run.stdout
    unreadable = [s for s in seen if not s["shown"] or not s["regions"] or s["lowest"] < 4.5]
    assert not unreadable, unreadable
    if theme == "light":  # light surfaces, not black ones; the toast is dark on purpose
        dark = [s["surface"] for s in seen if s["window_background"] < 0.5]
        assert dark == ["undo toast"], dark
