"""What a platform sent, made storable without losing the rest of it.

SQLite takes neither a string with a lone UTF-16 surrogate (``"\\ud800"`` in a
JSON answer) nor an integer beyond 64 bits (an ``info.size`` of 2**63). One
such field would fail the whole write, and a poller would fetch the same batch
again forever, so nothing after it ever arrived. Such a field is cleaned
instead: a lone surrogate becomes U+FFFD, the mark Unicode has for a character
that could not be read, and an integer out of range becomes unknown (None).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
INT64 = range(-(2**63), 2**63)


def storable(value: T) -> T:
    """``value`` (a domain dataclass, a tuple of them, a string…) with every field
    SQLite would refuse cleaned; the same object where nothing needed it."""
    cleaned = _clean(value)
    if cleaned is not value:
        log.warning("cleaned a field that could not be stored as it was (%s)", type(value).__name__)
    return cleaned  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value if _encodes(value) else _without_lone_surrogates(value)
    if isinstance(value, bool) or not isinstance(value, (int, tuple)):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for field in dataclasses.fields(value):
                before = getattr(value, field.name)
                after = _clean(before)
                if after is not before:
                    changes[field.name] = after
            return dataclasses.replace(value, **changes) if changes else value
        return value
    if isinstance(value, int):
        return value if value in INT64 else None
    items = [_clean(item) for item in value]
    if all(a is b for a, b in zip(items, value, strict=True)):
        return value
    return tuple(items)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _without_lone_surrogates(text: str) -> str:
    """Surrogate pairs joined into their character, lone halves as U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
