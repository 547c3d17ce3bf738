"""DMDesk in the desktop's app menu and dock (Linux): a ``.desktop`` file and the
icon in the user's XDG data folders, as the freedesktop.org specifications lay
them out. The first start installs them (unless the owner took them away with
``--uninstall-desktop-entry``); ``--install-desktop-entry`` puts them back.

The window says ``setDesktopFileName("dmdesk")``, so the dock groups it under
this entry and shows its icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dmdesk.paths import resources_dir

ENTRY_NAME = "dmdesk"
"""The entry's file name and the icon's name, as the window tells the desktop."""
COMMENT = "One inbox for your business's direct messages"


def launch_command(*, minimized: bool = False) -> list[str]:
    """How this installation is started: the ``dmdesk`` script beside the running
    Python if there is one, else ``python -m dmdesk``."""
    script = Path(sys.executable).with_name("dmdesk.exe" if os.name == "nt" else "dmdesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "dmdesk"]
    return [*command, "--minimized"] if minimized else command


def entry_text(command: list[str], *, autostart: bool = False) -> str:
    """A desktop entry that starts ``command`` (quoted as the specification asks)."""
    # Quoted for the Exec rules, then escaped as every string value is: so a
    # literal backslash in an argument ends up as four.
    exec_line = " ".join(_quoted(part) for part in command).replace("\\", "\\\\")
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=DMDesk",
        "GenericName=Direct messages inbox",
        f"Comment={COMMENT}",
        f"Exec={exec_line}",
        f"Icon={ENTRY_NAME}",
        "Terminal=false",
        "Categories=Network;InstantMessaging;",
        "Keywords=messages;inbox;Instagram;Messenger;Telegram;WhatsApp;DM;",
        f"StartupWMClass={ENTRY_NAME}",
        "StartupNotify=true",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(lines) + "\n"


def _quoted(part: str) -> str:
    """An Exec argument: quoted where it must be, with the characters the desktop
    entry specification reserves inside quotes escaped, and % doubled."""
    part = part.replace("%", "%%")
    if part and not any(c in part for c in " \t\n\"'\\><~|&;$*?#()`"):
        return part
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in part)
    return f'"{escaped}"'


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def entry_path() -> Path:
    return data_home() / "applications" / f"{ENTRY_NAME}.desktop"


def icon_path() -> Path:
    return data_home() / "icons" / "hicolor" / "scalable" / "apps" / f"{ENTRY_NAME}.svg"


def _declined_marker() -> Path:
    """Left by --uninstall-desktop-entry, so the next start does not put it back."""
    return data_home() / ENTRY_NAME / "no-desktop-entry"


def install() -> None:
    """Write the entry and the icon (again, with this installation's command).
    Raises OSError."""
    icon = icon_path()
    icon.parent.mkdir(parents=True, exist_ok=True)
    icon.write_bytes((resources_dir() / "icons" / f"{ENTRY_NAME}.svg").read_bytes())
    entry = entry_path()
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(launch_command()), encoding="utf-8")
    _declined_marker().unlink(missing_ok=True)


def uninstall() -> None:
    """Take the entry and the icon away, and remember not to install them again."""
    entry_path().unlink(missing_ok=True)
    icon_path().unlink(missing_ok=True)
    marker = _declined_marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def install_on_first_start(platform: str = sys.platform) -> bool:
    """At a start of the app: install the entry if this is Linux, it is not there
    and the owner did not take it away. True if it was installed now."""
    if platform != "linux" or entry_path().exists() or _declined_marker().exists():
        return False
    install()
    return True
