"""A private Xvfb display for the tests that need a real X server."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def private_display(*tools: str) -> Iterator[dict[str, str]]:
    """An Xvfb of its own (the server picks a free display number); yields the
    environment for a program to run on it. ``tools``: other programs the test
    needs, failed for clearly when missing."""
    for tool in ("Xvfb", *tools):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: .ci/run installs it (.ci/apt-packages.txt)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        xvfb.terminate()
        xvfb.wait(5)
