"""The command line: how DMDesk is started, and the import, export and search
commands (``dmdesk import --help``). Only the parser lives here; ``commands.py``
runs the commands, without loading Qt."""

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
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="put DMDesk in the desktop's app menu (Linux; the first start does it too)",
    )
    entry.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="take DMDesk out of the app menu, and keep it out",
    )
    _add_commands(parser)
    return parser


def _add_commands(parser: argparse.ArgumentParser) -> None:
    from dmdesk.importers.formats import FORMATS
    from dmdesk.services.transcripts import FORMATS as EXPORT_FORMATS

    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands (run without one to open the window)"
    )

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description)
        sub.add_argument(
            "--data-dir",
            metavar="DIR",
            type=Path,
            default=argparse.SUPPRESS,  # keeps a --data-dir given before the command
            help="the DMDesk data folder to use (default: yours; also $DMDESK_DATA_DIR)",
        )
        return sub

    importing = command(
        "import",
        "import a platform's data download (your message history)",
        "Import the messages of a data download: Instagram or Facebook Messenger "
        "(JSON), the X archive, LinkedIn (messages.csv), Telegram Desktop (result.json) "
        "or a WhatsApp chat export (.txt). Give the .zip as downloaded, its folder, or "
        "one file. Importing the same download again adds nothing.",
    )
    importing.add_argument(
        "--format", choices=sorted(FORMATS), help="the download's format (found by itself)"
    )
    importing.add_argument(
        "--dates",
        choices=("dmy", "mdy"),
        help="a WhatsApp chat's date order, where its dates leave it open "
        "(dmy: 02/11 is 2 November; mdy: February 11)",
    )
    importing.add_argument(
        "--me",
        metavar="NAME",
        help="who you are in the download (your name or handle), if it does not say",
    )
    importing.add_argument(
        "--max-file-mb",
        type=int,
        default=500,
        metavar="MB",
        help="photos and files bigger than this are left out (500)",
    )
    importing.add_argument("path", type=Path, metavar="PATH", help="a .zip, folder or file")

    exporting = command(
        "export",
        "export conversations as a transcript or data",
        "Write conversations to a file: txt is a readable transcript, json and csv "
        "are for other programs. Use - as OUT for standard output.",
    )
    which = exporting.add_mutually_exclusive_group(required=True)
    which.add_argument("--conversation", type=int, metavar="ID", help="one conversation")
    which.add_argument("--all", action="store_true", help="every conversation not in the Trash")
    exporting.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporting.add_argument("out", metavar="OUT", help="the file to write (- for the screen)")

    searching = command(
        "search",
        "find messages and conversations",
        "Search messages, names, handles and notes: words (accents and case alike), "
        '"a phrase", pre* for words starting so, and filters: from:NAME, '
        "platform:instagram, is:unread|archived|pinned|unanswered, has:attachment|link, "
        "before:2024-03-01, after:2024-03, tag:wholesale. Best recent hits first.",
    )
    searching.add_argument("--json", action="store_true", help="print JSON, one result a line")
    searching.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")
    searching.add_argument("query", nargs="+", metavar="QUERY")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
