"""The command line: how DMDesk is started, and (later) import, export and search."""

from __future__ import annotations

import argparse
from pathlib import Path

from dmdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dmdesk",
        description="DMDesk: one desktop inbox for your business's direct messages.",
    )
    parser.add_argument("--version", action="version", version=f"DMDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep data in DIR instead of the user data folder (also: $DMDESK_DATA_DIR)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo workspace of an invented shop (its own data folder)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        type=Path,
        help="render the main window once loaded, save it as PNG, and exit",
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the tray, without showing the window (as at login)",
    )
    parser.add_argument(
        "--dark",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="force the dark (or, with --no-dark, the light) theme instead of the system's",
    )
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
