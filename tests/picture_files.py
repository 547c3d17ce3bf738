"""Pictures for tests: real photos drawn with Qt, and a decompression bomb."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QImageIOHandler, QImageWriter


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb(path: Path, side: int = 50_000) -> Path:
    """A PNG that says it is side x side pixels (10 GB decoded) in a few megabytes:
    rows of zeros compress a thousandfold."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * ((side * 3 + 1) * 400), 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )
    return path


def photo(
    path: Path, width: int = 1600, height: int = 1200, fmt: str = "JPEG", turned: bool = False
) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    writer = QImageWriter(str(path), fmt.encode())
    if turned:  # as a phone held upright writes it: landscape pixels, EXIF says turn
        writer.setTransformation(QImageIOHandler.Transformation.TransformationRotate90)
    assert writer.write(image), writer.errorString()
    return path


def tiny_png(width: int = 4, height: int = 3, rgb: bytes = b"\x3a\x7b\xd5") -> bytes:
    """A real PNG of one colour, made without Qt (for a module's constants)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\0" + rgb * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )
