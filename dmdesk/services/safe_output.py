"""Text leaving DMDesk for a terminal or a spreadsheet, made harmless there.

A customer's message can carry terminal escape codes (``\\x1b]52;…`` writes the
clipboard, ``\\x1b[2J`` clears the screen, others retitle the window or fake a
prompt), and a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` is a
formula to Excel, LibreOffice and Sheets (``=HYPERLINK(…)``, ``=cmd|…``).
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL, and the C1 controls (8-bit CSI among them)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""OWASP's list of what makes a spreadsheet read a cell as a formula."""


def for_terminal(text: str) -> str:
    """Every control character but tab and newline shown as ``^[``-style caret
    notation, so nothing is read by the terminal as a command."""
    return _CONTROLS.sub(_caret, text)


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"^{chr(code + 64)}" if code < 0x20 else f"<U+{code:04X}>"


def for_spreadsheet(cell: object) -> object:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a
    leading apostrophe (which spreadsheets hide), as OWASP recommends."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def json_for_terminal(dumped: str) -> str:
    """JSON (from ``json.dumps(…, ensure_ascii=False)``, which escapes the C0
    controls) with DEL and the C1 controls escaped too; the data is unchanged."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
