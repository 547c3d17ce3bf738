"""Start at login writes (and removes) an XDG autostart entry in the private home."""

import plistlib
import shlex

from dmdesk import autostart


def test_the_xdg_entry_starts_this_installation_minimised(private_home) -> None:
    assert not autostart.is_enabled("linux")
    autostart.set_enabled(True, "linux")
    entry = autostart.xdg_entry_path()
    assert entry.is_relative_to(private_home)
    text = entry.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec="))
    assert command[-1] == "--minimized"
    assert "Name=DMDesk" in text and autostart.is_enabled("linux")
    autostart.set_enabled(False, "linux")
    assert not entry.exists() and not autostart.is_enabled("linux")
    autostart.set_enabled(False, "linux")  # already off is fine


def test_the_macos_launch_agent(private_home) -> None:
    autostart.set_enabled(True, "darwin")
    agent = plistlib.loads(autostart._launch_agent_path().read_bytes())
    assert agent["RunAtLoad"] and agent["ProgramArguments"][-1] == "--minimized"
    autostart.set_enabled(False, "darwin")
    assert not autostart.is_enabled("darwin")
