"""DMDesk in the app menu (Linux): the first start installs a desktop entry and
the icon into the private home's XDG data folder, valid by Debian's
desktop-file-validate; --uninstall-desktop-entry takes them away for good, and
--install-desktop-entry puts them back."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from dmdesk import app, desktop_entry


def exec_command(text: str) -> list[str]:
    """The command a desktop reads from the entry: the string value's escapes
    undone first, then the Exec quoting (as shlex reads quotes and \")."""
    line = next(line for line in text.splitlines() if line.startswith("Exec="))
    value = line.removeprefix("Exec=").replace("\\\\", "\\")
    return [part.replace("%%", "%") for part in shlex.split(value)]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_the_first_start_installs_a_valid_entry_and_the_icon(private_home) -> None:
    assert desktop_entry.install_on_first_start("linux")
    entry, icon = desktop_entry.entry_path(), desktop_entry.icon_path()
    assert entry.is_relative_to(private_home) and icon.is_relative_to(private_home)
    assert entry == private_home / ".local/share/applications/dmdesk.desktop"
    assert icon.read_bytes().startswith(b"<svg")
    checked = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    text = entry.read_text(encoding="utf-8")
    assert "Icon=dmdesk" in text and "StartupWMClass=dmdesk" in text
    assert exec_command(text)[:1] in ([sys.executable], [str(desktop_entry.launch_command()[0])])
    assert not desktop_entry.install_on_first_start("linux")  # there already
    assert not desktop_entry.install_on_first_start("darwin")


def test_a_command_with_spaces_quotes_and_percent_comes_back_whole() -> None:
    command = ["/home/ana/My Apps/dmdesk env/bin/dmdesk", 'say "hi"', "100%"]
    assert exec_command(desktop_entry.entry_text(command)) == command


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_characters_the_specification_reserves_are_escaped(tmp_path) -> None:
    entry = tmp_path / "odd.desktop"
    command = ["/opt/$shop/`dmdesk`", "back\\slash", "a;b"]
    entry.write_text(desktop_entry.entry_text(command), encoding="utf-8")
    checked = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_uninstalling_takes_it_away_for_good_and_installing_puts_it_back(private_home) -> None:
    assert app.main(["--install-desktop-entry"]) == 0
    assert desktop_entry.entry_path().exists()
    assert app.main(["--uninstall-desktop-entry"]) == 0
    assert not desktop_entry.entry_path().exists() and not desktop_entry.icon_path().exists()
    assert not desktop_entry.install_on_first_start("linux")  # the owner said no
    assert app.main(["--install-desktop-entry"]) == 0
    assert desktop_entry.entry_path().exists()
