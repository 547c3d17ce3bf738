"""Files from customers and downloads, kept so they cannot harm the computer: a
name that cannot climb out of its folder or pass for another type, and the
judgement of whether opening one with a click could run something.

Opening hands the file to the system's default handler, which runs a script,
installs a package or renders a web page as readily as it shows a photo. The
extension says what the handler will do; the content says whether the name is
honest. Either can make a click dangerous.
"""

from __future__ import annotations

import mimetypes
import stat
import unicodedata
from pathlib import Path
from typing import Any

NAME_BYTES = 200
"""Bytes of a stored file's name: under every file system's 255, with room for a
numbered or prefixed copy."""
PRIVATE_FOLDER = 0o700
"""Files need no mode of their own: the process's umask (077) and ``mkstemp``
make them 0600."""

# fmt: off
RUNS_CODE = frozenset({
    "desktop", "sh", "bash", "zsh", "csh", "ksh", "fish", "command", "tool", "run", "bin",
    "out", "elf", "so", "dylib", "ko", "py", "pyw", "pyc", "pyz", "pl", "rb", "php", "js",
    "jse", "mjs", "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "psd1", "reg", "inf",
    "scf", "url", "exe", "com", "msi", "msp", "msix", "appx", "appxbundle", "bat", "cmd",
    "cpl", "dll", "lnk", "pif", "scr", "sys", "gadget", "jar", "jnlp", "class", "appimage",
    "flatpakref", "snap", "deb", "rpm", "apk", "xapk", "aab", "ipa", "pkg", "dmg", "app",
    "workflow", "action", "iso", "img", "vhd", "vhdx", "applescript", "scpt",
})
"""Types that execute, install or run a script when opened."""
ACTIVE_CONTENT = frozenset({
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl",
})
"""Types a browser renders with scripts: never opened from a customer."""
MACRO_OFFICE = frozenset({
    "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppam", "ppsm", "sldm",
})
"""Office files that can carry macros."""
# fmt: on

_EXECUTABLE_CONTENT = frozenset({"exe", "elf", "deb", "rpm", "crx", "swf", "wasm", "cab"})
_ZIP_FAMILY = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
_OLE_FAMILY = frozenset({"doc", "xls", "ppt"})
_ALIASES = {"jpeg": "jpg", "jpe": "jpg", "tiff": "tif", "midi": "midi", "mid": "midi"}
_SNIFF_BYTES = 8192
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<svg", b"<?xml", b"<script", b"#!")


def display_name(name: str) -> str:
    """A file name as it may be shown: bidi controls and other invisible format
    characters taken out (so ``invoice\u202efdp.exe`` reads ``invoicefdp.exe``),
    control characters as spaces."""
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        kept.append(" " if category == "Cc" else char)
    return "".join(kept).strip() or "file"


def safe_file_name(name: str, limit: int = NAME_BYTES) -> str:
    """A name from outside as a file's name in DMDesk's folder: the last part of
    any path, without separators, controls, bidi or other invisible characters,
    leading dots or dashes, cut to ``limit`` bytes of UTF-8 with its extension kept."""
    base = display_name(name.replace("\\", "/").rsplit("/", 1)[-1])
    cleaned = "".join("_" if c in ':*?"<>|' else c for c in base).strip(" .-_")
    cleaned = cleaned or "file"
    if len(cleaned.encode()) <= limit:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or len(extension.encode()) > 16:
        stem, extension, dot = cleaned, "", ""
    room = limit - len(extension.encode()) - len(dot)
    return _cut_to_bytes(stem, room).rstrip(" .") + dot + extension


def _cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 fits in ``limit`` bytes."""
    return text.encode()[:limit].decode(errors="ignore")


def open_risk(path: Path) -> str | None:
    """Why opening this file with the system's default handler could be dangerous,
    in words for its owner; None where it can be opened like a photo."""
    extension = _extension(path.name)
    if extension in RUNS_CODE:
        return f"“.{extension}” files can run programs or install software on this computer."
    if extension in ACTIVE_CONTENT:
        return (
            f"“.{extension}” files open in your web browser, where a page from a stranger "
            "can run scripts."
        )
    if extension in MACRO_OFFICE:
        return f"“.{extension}” files can carry macros that run when the file is opened."
    try:
        mode = path.stat().st_mode
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except OSError:
        return None  # not there to open: the opener says so
    if mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        return "This file is marked as a program that can run."
    import filetype  # on a click, not at start-up

    detected = filetype.guess(head)
    if detected is not None and detected.extension in _EXECUTABLE_CONTENT:
        return "This file is a program, whatever its name says."
    if not _content_matches(extension, detected, head):
        return (
            f"This file is not what its name says: it is named “.{extension or '…'}” "
            "but holds something else."
        )
    return None


def _extension(name: str) -> str:
    _stem, dot, extension = display_name(name).rstrip(" .").rpartition(".")
    extension = extension.lower() if dot else ""
    return _ALIASES.get(extension, extension)


def _content_matches(extension: str, detected: Any, head: bytes) -> bool:
    import filetype

    expected = next((k.mime for k in filetype.types if k.extension == extension), None)
    if expected is None:
        if extension and mimetypes.guess_type(f"file.{extension}")[0] is not None:
            return True  # a type known by its name that bytes cannot tell (text, csv…)
        # No extension, or one the system does not know: it guesses from the content,
        # and markup would open as a web page, a script as a program.
        return not head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS)
    if detected is None:
        return False
    family = expected.split("/", 1)[0]
    if family in ("image", "audio", "video"):
        # A PNG named .jpg, or an M4A named .mp4, opens in the same viewer.
        return detected.mime.split("/", 1)[0] in ("image", "audio", "video")
    for group in (_ZIP_FAMILY, _OLE_FAMILY):
        if extension in group:
            return detected.extension in group
    return bool(detected.extension == extension)
