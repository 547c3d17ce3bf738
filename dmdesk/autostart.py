"""Start DMDesk at login: an XDG autostart entry on Linux, a per-user Run key
on Windows, a LaunchAgent on macOS. Each starts the app minimised to the tray."""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path

from dmdesk.desktop_entry import ENTRY_NAME, entry_text, launch_command

LAUNCH_AGENT = "org.dmdesk.DMDesk"


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def xdg_entry_path() -> Path:
    return _config_home() / "autostart" / f"{ENTRY_NAME}.desktop"


def is_enabled(platform: str = sys.platform) -> bool:
    if platform == "win32":
        return _windows_value() is not None
    if platform == "darwin":
        return _launch_agent_path().exists()
    return xdg_entry_path().exists()


def set_enabled(enabled: bool, platform: str = sys.platform) -> None:
    """Raises OSError when the entry cannot be written or removed."""
    if platform == "win32":
        _set_windows(enabled)
    elif platform == "darwin":
        _set_launch_agent(enabled)
    else:
        _set_xdg(enabled)


def _set_xdg(enabled: bool) -> None:
    path = xdg_entry_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(entry_text(launch_command(minimized=True), autostart=True), encoding="utf-8")


def _launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"


def _set_launch_agent(enabled: bool) -> None:
    path = _launch_agent_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        plistlib.dumps(
            {
                "Label": LAUNCH_AGENT,
                "ProgramArguments": launch_command(minimized=True),
                "RunAtLoad": True,
            }
        )
    )


RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

if sys.platform == "win32":
    import contextlib
    import subprocess
    import winreg

    def _windows_value() -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, "DMDesk")
                return str(value)
        except OSError:
            return None

    def _set_windows(enabled: bool) -> None:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if enabled:
                command = subprocess.list2cmdline(launch_command(minimized=True))
                winreg.SetValueEx(key, "DMDesk", 0, winreg.REG_SZ, command)
            else:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, "DMDesk")

else:

    def _windows_value() -> str | None:
        return None

    def _set_windows(enabled: bool) -> None:
        raise OSError("The Windows registry exists only on Windows.")
