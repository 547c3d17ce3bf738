"""What a real download holds at most, and a guard that refuses JSON beyond it
before a parser builds it.

A JSON parser holds a whole string token (or number) in memory before handing it
over, and ijson's event stream builds a path string per level of nesting, so a
500 MB string or JSON nested 100,000 deep runs a machine out of memory. The
guard watches the bytes as they stream past, in C-speed steps per chunk: how
long the token being read has grown, and how deep the nesting is, and stops the
read with a message naming the file the moment either passes what a real export
ever has.
"""

from __future__ import annotations

import io
import re
from itertools import accumulate
from typing import IO

from dmdesk.importers.errors import ImportFormatError

TEXT_BYTES = 1 << 20
"""The most text one message of a download may have (1 MB): stored whole up to
this, and a JSON string or number longer than this is refused."""
JSON_DEPTH = 64
"""Telegram's text entities nest three or four deep; nothing real nests 64."""
JSON_FILE_BYTES = 64 << 20
"""A Meta ``message_N.json`` (about 10,000 messages) is a few MB: one read whole
may be at most this."""

_STRING = re.compile(rb'"[^"]*"')
_STRUCTURAL = b"[]{},:"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


CUT_NOTE = "\n[…] DMDesk kept the first 1 MB of this message."


def capped_text(text: str) -> str:
    """A message's text as it is stored: whole up to ``TEXT_BYTES`` of UTF-8, else
    its first ``TEXT_BYTES`` with a note saying so."""
    if len(text) * 4 <= TEXT_BYTES or len(text.encode("utf-8", "replace")) <= TEXT_BYTES:
        return text
    return text.encode("utf-8", "replace")[:TEXT_BYTES].decode(errors="ignore") + CUT_NOTE


class TooDeep(ImportFormatError):
    """JSON nested deeper than any real download."""


class TooLong(ImportFormatError):
    """One value of a download longer than DMDesk takes."""


class JsonGuard(io.RawIOBase):
    """Passes a JSON file's bytes through, refusing it once a token grows past
    ``TEXT_BYTES`` or nesting past ``JSON_DEPTH``."""

    def __init__(self, raw: IO[bytes], described: str) -> None:
        self._raw = raw
        self._described = described
        self._in_string = False
        self._token = 0
        """Bytes of the string or bare token still open at the end of the last chunk."""
        self._depth = 0
        self._carry = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        if count:
            self._watch(data)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()

    def _watch(self, chunk: bytes) -> None:
        # Escapes cannot end a string: blank them out, length kept (a backslash at
        # the end waits for the next chunk's first byte).
        data = (self._carry + chunk).replace(b"\\\\", b"__").replace(b'\\"', b"__")
        self._carry = b""
        if data.endswith(b"\\"):
            self._carry, data = b"\\", data[:-1]
        if self._in_string:
            end = data.find(b'"')
            if end < 0:
                self._grow(len(data))
                return
            self._grow(end)
            self._in_string, self._token = False, 0
            data = data[end + 1 :]
        outside = _STRING.sub(b'""', data)  # whole strings, emptied
        if outside.count(b'"') % 2:  # the last one starts here and runs on
            opened = outside.rfind(b'"')
            self._depth_of(outside[:opened])
            self._in_string, self._token = True, 0
            self._grow(len(outside) - opened - 1)
            return
        self._depth_of(outside)
        ends = [i for c in _STRUCTURAL + b'"' if (i := outside.find(bytes([c]))) >= 0]
        if not ends:  # a bare token (a number…) runs through the whole chunk
            self._grow(len(outside))
            return
        self._grow(min(ends))  # the token that was open ends here
        last = max(outside.rfind(bytes([c])) for c in _STRUCTURAL + b'"')
        self._token = 0
        self._grow(len(outside) - last - 1)

    def _grow(self, count: int) -> None:
        self._token += count
        if self._token > TEXT_BYTES:
            self._refuse_long()

    def _depth_of(self, outside: bytes) -> None:
        steps = outside.translate(None, _NOT_BRACKETS).translate(_STEP)
        if not steps:
            return
        deepest = max(accumulate(steps, lambda depth, step: depth + step - 1, initial=self._depth))
        self._depth = self._depth + sum(steps) - len(steps)
        if deepest > JSON_DEPTH:
            raise TooDeep(
                f"{self._described}: is nested more than {JSON_DEPTH} levels deep, which no "
                "real download is; it was not imported"
            )

    def _refuse_long(self) -> None:
        raise TooLong(
            f"{self._described}: holds one value over {TEXT_BYTES // (1 << 20)} MB, longer "
            "than any message of a real download; it was not imported"
        )
