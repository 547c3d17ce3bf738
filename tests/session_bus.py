"""A private D-Bus session bus for a test: never the bus of the person running it.

The bus has no service directories, so nothing is started on demand: without
that, asking for the Secret Service or the notification server before the test's
own daemon has taken the name would launch the system's (gnome-keyring locked,
or dunst), which then holds the name instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@contextmanager
def private_session_bus(env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a dbus-daemon without activation; yields its address."""
    if shutil.which("dbus-daemon") is None:
        raise RuntimeError("dbus-daemon is missing: .ci/run installs dbus")
    with tempfile.TemporaryDirectory(prefix="dmdesk-bus-") as folder:
        config = Path(folder) / "bus.conf"
        config.write_text(CONFIG.format(folder=folder), encoding="utf-8")
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        assert bus.stdout is not None
        try:
            yield bus.stdout.readline().strip()
        finally:
            bus.terminate()
            bus.wait(5)
            bus.stdout.close()
