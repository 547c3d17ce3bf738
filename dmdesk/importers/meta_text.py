"""Text repair for Meta's downloads (Instagram and Messenger JSON).

Their exporter writes each UTF-8 byte of a string as its own ``\\u00XX`` escape,
so after JSON parsing "don’t" reads "donâ\\x80\\x99t". Re-encoding as Latin-1
gives the original bytes back. A string that is not damaged this way (it holds
a character above U+00FF, or its Latin-1 bytes are not UTF-8) is left alone.
"""

from __future__ import annotations

from typing import Any


def repair(text: str) -> str:
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def repair_all(value: Any) -> Any:
    """Every string inside a parsed JSON value, keys included."""
    if isinstance(value, str):
        return repair(value)
    if isinstance(value, list):
        return [repair_all(item) for item in value]
    if isinstance(value, dict):
        return {repair(key): repair_all(item) for key, item in value.items()}
    return value
