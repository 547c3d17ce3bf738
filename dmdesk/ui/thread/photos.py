"""The thread's photos: thumbnails made off the GUI thread, kept in memory (Qt's
pixmap cache, bounded) and on disk (services/thumbnail_cache.py), and files only
the platform has fetched when their bubble is painted, that is when it scrolls
into view.

The delegate asks ``photo()`` while painting and gets what to draw now: the
thumbnail, or a placeholder with words (loading, or why not, with Retry). Each
finished job says ``changed`` for its message, and ``resized`` when it learnt a
picture's size the bubble did not know (its placeholder had a guessed shape).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage, QPixmap, QPixmapCache

from dmdesk.domain import Attachment, AttachmentKind
from dmdesk.services.thumbnail_cache import ThumbnailCache, thumbnail_key
from dmdesk.ui.kit.pictures import decoded, encoded, read_picture, rounded
from dmdesk.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services

log = logging.getLogger(__name__)

MEMORY_KIB = 64 * 1024
"""What decoded thumbnails may take in memory (Qt's pixmap cache, least recently
used out first): 64 MB is some 150 photo bubbles."""
AUTOMATIC_DOWNLOAD_BYTES = 25 * 1024 * 1024
"""A photo up to this size is fetched as soon as it is shown; a bigger one on a click."""
CORNER = 10.0


class PhotoState(Enum):
    SHOWN = "shown"
    LOADING = "loading"
    FAILED = "failed"
    """Could not be fetched or read: a click tries again."""
    NOT_SHOWN = "not_shown"
    """Will not be shown (an SVG, a bomb, not a picture): a click opens it safely."""
    ON_CLICK = "on_click"
    """Too big to fetch unasked: a click fetches it."""


@dataclass(frozen=True)
class Photo:
    state: PhotoState
    pixmap: QPixmap | None = None
    words: str = ""


@dataclass(frozen=True)
class _Job:
    message_id: int
    attachment: Attachment
    cell: QSize
    crop: bool
    ratio: float


def picture_source(attachment: Attachment) -> str:
    """What a bubble's picture is made from: a video's poster, else the file."""
    if attachment.kind is AttachmentKind.VIDEO:
        return attachment.poster_url
    return attachment.url or attachment.local_path


class PhotoLoader(QObject):
    changed = Signal(int)
    """A message's pictures have something new to draw."""
    resized = Signal(int)
    """A message's picture turned out to have another shape than its placeholder."""
    downloaded = Signal(int)
    """A message's file is now in DMDesk's data folder (its row can be read again)."""

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), MEMORY_KIB))
        self._tasks = tasks
        self.disk: ThumbnailCache | None = None
        """The data folder's thumbnails (the window sets it)."""
        self._busy: set[str] = set()
        self._problems: dict[str, tuple[PhotoState, str]] = {}
        self._files: dict[str, Path] = {}
        """Pictures fetched in this session, by source: the file, or a video's poster."""
        self._sizes: dict[str, QSize] = {}
        """Pictures' own sizes learnt by decoding, where the platform did not say."""

    # --- what the delegate asks ---------------------------------------------------------

    def natural_size(self, attachment: Attachment) -> QSize | None:
        """The picture's own shape, if known yet (the platform's word, or decoded)."""
        if attachment.width and attachment.height:
            return QSize(attachment.width, attachment.height)
        return self._sizes.get(picture_source(attachment))

    def photo(
        self, message_id: int, attachment: Attachment, cell: QSize, *, crop: bool, ratio: float
    ) -> Photo:
        """What to draw for a picture at ``cell`` (logical pixels) now; starts what
        is missing (a download, a decode) and says ``changed`` when it is done."""
        source = picture_source(attachment)
        key = _memory_key(message_id, source, cell, crop, ratio)
        pixmap = QPixmap()
        if QPixmapCache.find(key, pixmap):
            return Photo(PhotoState.SHOWN, pixmap)
        problem = self._problems.get(source)
        if problem is not None:
            return Photo(problem[0], words=problem[1])
        if key in self._busy:
            return Photo(PhotoState.LOADING, words="Loading…")
        job = _Job(message_id, attachment, cell, crop, ratio)
        file = self.local_file(attachment)
        if file is not None:
            self._decode(job, file, key)
            return Photo(PhotoState.LOADING, words="Loading…")
        if not source:
            return Photo(PhotoState.NOT_SHOWN, words="The photo did not come with the message.")
        too_big = attachment.size is not None and attachment.size > AUTOMATIC_DOWNLOAD_BYTES
        if too_big and attachment.kind is not AttachmentKind.VIDEO:
            return Photo(PhotoState.ON_CLICK, words="Large photo · click to load")
        self._fetch(job, key)
        return Photo(PhotoState.LOADING, words="Loading…")

    def local_file(self, attachment: Attachment) -> Path | None:
        """The file a picture is drawn from, if DMDesk has it: its own copy, or a
        poster or file fetched in this session."""
        fetched = self._files.get(picture_source(attachment))
        if fetched is not None and fetched.is_file():
            return fetched
        if attachment.kind is not AttachmentKind.VIDEO and attachment.local_path:
            path = Path(attachment.local_path)
            return path if path.is_file() else None
        return None

    def photo_state(self, message_id: int, attachment: Attachment) -> PhotoState | None:
        """Whether a picture failed or waits for a click (None: shown or on its way)."""
        problem = self._problems.get(picture_source(attachment))
        if problem is not None:
            return problem[0]
        too_big = attachment.size is not None and attachment.size > AUTOMATIC_DOWNLOAD_BYTES
        if too_big and self.local_file(attachment) is None:
            return PhotoState.ON_CLICK
        return None

    def whole_file(self, message_id: int, attachment: Attachment) -> Photo | Path:
        """The picture's file for the viewer, or what it waits for (a download it
        starts, saying ``changed`` when done) or why it cannot be had."""
        file = self.local_file(attachment)
        if file is not None:
            return file
        problem = self._problems.get(picture_source(attachment))
        if problem is not None and problem[0] is PhotoState.FAILED:
            return Photo(problem[0], words=problem[1])
        if not picture_source(attachment):
            return Photo(PhotoState.NOT_SHOWN, words="The photo did not come with the message.")
        self._fetch(_Job(message_id, attachment, QSize(), False, 1.0), "")
        return Photo(PhotoState.LOADING, words="Loading…")

    def retry(self, message_id: int, attachment: Attachment, *, fetch_big: bool = False) -> None:
        """Forget a failure (or, with ``fetch_big``, fetch a large photo) and draw again."""
        source = picture_source(attachment)
        self._problems.pop(source, None)
        if fetch_big:
            self._fetch(_Job(message_id, attachment, QSize(), False, 1.0), "")
        self.changed.emit(message_id)

    # --- the work -----------------------------------------------------------------------

    def _fetch(self, job: _Job, key: str) -> None:
        source = picture_source(job.attachment)
        fetching = f"fetch:{source}"
        if fetching in self._busy:
            return
        self._busy.add(fetching)
        if key:
            self._busy.add(key)
        message_id, attachment = job.message_id, job.attachment

        def fetch(services: Services) -> Path:
            downloads = services.downloads
            if attachment.kind is AttachmentKind.VIDEO:
                return Path(downloads.fetch_poster(message_id, attachment))
            return Path(downloads.fetch(message_id, attachment).local_path)

        def fetched(path: Path) -> None:
            self._busy.discard(fetching)
            self._busy.discard(key)
            self._files[source] = path
            if attachment.kind is not AttachmentKind.VIDEO:
                self.downloaded.emit(message_id)
            self.changed.emit(message_id)

        def failed(error: BaseException) -> None:
            self._busy.discard(fetching)
            self._busy.discard(key)
            self._problems[source] = (PhotoState.FAILED, f"{error} · click to retry")
            self.changed.emit(message_id)

        self._tasks.network(fetch, fetched, failed)

    def _decode(self, job: _Job, file: Path, key: str) -> None:
        self._busy.add(key)
        disk = self.disk
        pixels = QSize(round(job.cell.width() * job.ratio), round(job.cell.height() * job.ratio))

        def decode() -> tuple[QImage | None, QSize, str]:
            disk_key = thumbnail_key(file, pixels.width(), pixels.height(), job.crop)
            kept = disk.get(disk_key) if disk is not None and disk_key else None
            if kept is not None:
                width, height, data = kept
                image = decoded(data)
                if image is not None:
                    return image, QSize(width, height), ""
            picture = read_picture(file, pixels, crop=job.crop)
            if picture.image is None:
                return None, picture.size, picture.problem
            image = rounded(picture.image, CORNER * job.ratio)
            if disk is not None and disk_key:
                disk.put(disk_key, picture.size.width(), picture.size.height(), encoded(image))
            return image, picture.size, ""

        def done(result: tuple[QImage | None, QSize, str]) -> None:
            image, size, problem = result
            self._busy.discard(key)
            source = picture_source(job.attachment)
            if image is None:
                self._problems[source] = (PhotoState.NOT_SHOWN, problem)
            else:
                image.setDevicePixelRatio(job.ratio)
                QPixmapCache.insert(key, QPixmap.fromImage(image))
            if size.isValid() and self.natural_size(job.attachment) is None:
                self._sizes[source] = size
                self._remember_size(job.message_id, job.attachment, size)
                self.resized.emit(job.message_id)
            self.changed.emit(job.message_id)

        def failed(error: BaseException) -> None:
            log.warning("a picture could not be decoded", exc_info=error)
            self._busy.discard(key)
            self._problems[picture_source(job.attachment)] = (
                PhotoState.NOT_SHOWN,
                "The picture could not be read.",
            )
            self.changed.emit(job.message_id)

        self._tasks.picture(decode, done, failed)

    def _remember_size(self, message_id: int, attachment: Attachment, size: QSize) -> None:
        """Kept with the message, so its bubble has the right shape from the start
        the next time the thread opens."""
        if self._tasks.closed:
            return
        self._tasks.write(
            lambda services: services.downloads.remember_size(
                message_id, attachment, size.width(), size.height()
            )
        )


def _memory_key(message_id: int, source: str, cell: QSize, crop: bool, ratio: float) -> str:
    shape = f"{cell.width()}x{cell.height()}{'c' if crop else ''}@{ratio:g}"
    return f"dmdesk-photo|{message_id}|{source}|{shape}"
