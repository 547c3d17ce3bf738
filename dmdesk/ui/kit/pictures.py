"""Reading a customer's picture safely, on any thread: what it is decides by its
bytes (never by its name), only the everyday photo formats are decoded (an SVG
is a program for a renderer, not a photo, so one from a customer is never
drawn), a picture with more pixels than a phone camera makes is refused before
any memory is taken for it, and a damaged file is a plain "cannot be shown".

Qt's image classes are safe to use on a worker thread as long as each object
stays on one thread; the GUI thread turns the result into a pixmap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import (
    QImage,
    QImageIOHandler,
    QImageReader,
    QImageWriter,
    QPainter,
    QPainterPath,
)

SHOWN_FORMATS = frozenset({"jpeg", "png", "gif", "webp", "bmp"})
"""What DMDesk decodes from customers: what phones and messengers send."""
MOST_PIXELS = 50_000_000
"""A 50-megapixel camera's photo still shows; a 50,000 x 50,000 "decompression
bomb" (2.5 billion pixels, 10 GB to decode) is refused from its header."""
LARGEST_FILE = 100 * 1024 * 1024
"""A file bigger than this is no photo to decode for a bubble."""
UNSHOWN_WORDS = {
    "svg": "SVG pictures from customers are not shown: they can hold scripts and links.",
    "svgz": "SVG pictures from customers are not shown: they can hold scripts and links.",
}


@dataclass(frozen=True)
class Picture:
    """What reading a file gave: the image, or why there is none."""

    image: QImage | None
    size: QSize
    """The picture's own size, as it is seen (EXIF orientation applied); invalid
    when it could not be read."""
    problem: str = ""
    """Why it is not shown, for the user: damaged, too big, not a photo."""


def read_picture(path: Path, fit: QSize | None = None, *, crop: bool = False) -> Picture:
    """Decode ``path``, scaled down to fit inside ``fit`` (never up), or, with
    ``crop``, to fill ``fit`` and cut to it from the middle."""
    try:
        if path.stat().st_size > LARGEST_FILE:
            return Picture(None, QSize(), "The file is too big to show here.")
    except OSError:
        return Picture(None, QSize(), "The file is not there any more.")
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)  # what the bytes are, never the name
    reader.setAutoTransform(True)  # as the camera held it (EXIF orientation)
    kind = bytes(reader.format().data()).decode("ascii", "replace").lower()
    if kind not in SHOWN_FORMATS:
        words = UNSHOWN_WORDS.get(kind) or (
            "This is not a picture DMDesk can show." if kind else "The picture is damaged."
        )
        return Picture(None, QSize(), words)
    stored = reader.size()
    if not stored.isValid() or stored.isEmpty():
        return Picture(None, QSize(), "The picture is damaged.")
    if stored.width() * stored.height() > MOST_PIXELS:
        return Picture(
            None,
            QSize(),
            f"The picture is {stored.width():,} × {stored.height():,} pixels: too large "
            "to show safely.",
        )
    turned = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    seen = stored.transposed() if turned else stored
    target = _target(seen, fit, crop)
    if target is not None:
        # The reader scales in the file's own orientation, before it turns it.
        reader.setScaledSize(target.transposed() if turned else target)
    image = reader.read()
    if image.isNull():
        return Picture(None, seen, "The picture is damaged.")
    if crop and fit is not None and image.size() != fit:
        left = max(0, (image.width() - fit.width()) // 2)
        top = max(0, (image.height() - fit.height()) // 2)
        image = image.copy(
            left, top, min(fit.width(), image.width()), min(fit.height(), image.height())
        )
    return Picture(image, seen)


def _target(seen: QSize, fit: QSize | None, crop: bool) -> QSize | None:
    """The size to decode at: down to ``fit`` (filling it when cropping), never up."""
    if fit is None:
        return None
    mode = (
        Qt.AspectRatioMode.KeepAspectRatioByExpanding
        if crop
        else Qt.AspectRatioMode.KeepAspectRatio
    )
    scaled = seen.scaled(fit, mode)
    if scaled.width() >= seen.width() or scaled.height() >= seen.height():
        return None
    return QSize(max(1, scaled.width()), max(1, scaled.height()))


def rounded(image: QImage, radius: float) -> QImage:
    """The image with its corners cut round (transparent), to draw as it is."""
    result = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(0, 0, image.width(), image.height(), radius, radius)
    painter.setClipPath(path)
    painter.drawImage(0, 0, image)
    painter.end()
    return result


def encoded(image: QImage) -> bytes:
    """The image as PNG (it keeps the round corners' transparency), for the disk cache."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"png")
    writer.setQuality(80)  # for PNG: light compression, fast
    writer.write(image)
    buffer.close()
    return bytes(data.data())


def decoded(data: bytes) -> QImage | None:
    """A thumbnail the disk cache kept (DMDesk's own PNG)."""
    image = QImage.fromData(data)
    return None if image.isNull() else image
