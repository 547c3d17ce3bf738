"""A photo large, over the window: fitted at first, zoomed with the wheel or + and
-, dragged to pan, ← and → through the conversation's photos; Save as…, Copy
image and Open with the system's viewer; Esc closes.

It is a child of the window that covers it, not a window of its own, so it opens
at once and goes with the window. While it is open its keys win: it takes every
shortcut the window has (a letter would otherwise archive the conversation
behind it). It shows only what it can draw itself, from DMDesk's own copy, read
with the same rules as the bubbles (kit/pictures.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Attachment
from dmdesk.services.file_safety import display_name, safe_file_name
from dmdesk.ui.kit.formatting import one_line
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.opening import open_file
from dmdesk.ui.kit.pictures import encoded, read_picture
from dmdesk.ui.kit.plain_text import PlainLabel, warn
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.thread.photos import Photo, PhotoLoader

LARGEST_SHOWN = QSize(4096, 4096)
"""The viewer decodes at most this much of a photo (64 MB at most in memory)."""
ZOOM_STEP = 1.25
MOST_ZOOM = 8.0
SHADE = QColor(14, 14, 16, 248)
VIEWER_STYLE = """
#PhotoViewer QToolButton { color: #f2f2f2; background: rgba(255,255,255,0.10);
    border: none; border-radius: 8px; padding: 6px 12px; }
#PhotoViewer QToolButton:hover { background: rgba(255,255,255,0.22); }
#PhotoViewer QToolButton:disabled { color: rgba(255,255,255,0.35); }
#PhotoViewer QLabel { color: #f2f2f2; }
#PhotoViewer QLabel#ViewerTitle { font-weight: 600; font-size: 11pt; }
#PhotoViewer QLabel#ViewerHint { color: rgba(255,255,255,0.70); }
#PhotoViewer QGraphicsView { background: transparent; border: none; }
"""
"""The viewer is dark in both themes, as photo viewers are: the photo's colours
read best on near-black."""


class _Canvas(QGraphicsView):
    """The photo: fitted until the owner zooms; the wheel zooms at the pointer and
    a drag pans."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.fitted = True

    def show_image(self, image: QImage | None) -> None:
        self.item.setPixmap(QPixmap.fromImage(image) if image is not None else QPixmap())
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def fit(self) -> None:
        """The whole photo in view, never enlarged past its own pixels."""
        self.fitted = True
        self.resetTransform()
        bounds = self.item.boundingRect()
        if bounds.isEmpty():
            return
        room = self.viewport().rect().adjusted(24, 24, -24, -24)
        scale = min(room.width() / bounds.width(), room.height() / bounds.height(), 1.0)
        self.scale(scale, scale)
        self.centerOn(self.item)

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        wanted = max(0.05, min(MOST_ZOOM, current * factor))
        self.fitted = False
        self.scale(wanted / current, wanted / current)

    def zoom_level(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()


class PhotoViewer(QWidget):
    closed = Signal()

    def __init__(self, window: QWidget, photos: PhotoLoader, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.setObjectName("PhotoViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(VIEWER_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._photos = photos
        self._tasks = tasks
        self._items: list[tuple[int, Attachment]] = []
        self._at = 0
        self._image: QImage | None = None
        self._file: Path | None = None
        self._generation = 0
        """Which photo a decode that finishes belongs to: an older one is dropped."""

        self.title = PlainLabel(self)
        self.title.setObjectName("ViewerTitle")
        self.position = PlainLabel(self)
        self.position.setObjectName("ViewerHint")
        self.save_button = self._button(
            "Save as…", self.save_as, "Save a copy of the photo (Ctrl+S)"
        )
        self.copy_button = self._button("Copy image", self.copy_image, "Copy the photo (Ctrl+C)")
        self.open_button = self._button(
            "Open with…", self.open_outside, "Open in the system's photo viewer"
        )
        self.close_button = self._button("", self.close_viewer, "Close (Esc)")
        self.close_button.setIcon(icon("close", "#f2f2f2"))
        self.previous_button = self._button("", self.previous, "Previous photo (←)")
        self.previous_button.setIcon(icon("chevron-left", "#f2f2f2"))
        self.next_button = self._button("", self.next, "Next photo (→)")
        self.next_button.setIcon(icon("chevron-right", "#f2f2f2"))
        for button in (self.previous_button, self.next_button):
            button.setIconSize(QSize(28, 28))
        self.canvas = _Canvas(self)
        self.words = PlainLabel(self)
        """Why there is no photo to show (loading, damaged, not a picture)."""
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setWordWrap(True)
        self.hint = PlainLabel("Scroll or + − to zoom · drag to move · 0 fits · Esc closes", self)
        self.hint.setObjectName("ViewerHint")

        bar = QHBoxLayout()
        bar.setContentsMargins(20, 14, 14, 6)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.position)
        bar.addLayout(names, 1)
        for button in (self.save_button, self.copy_button, self.open_button, self.close_button):
            bar.addWidget(button)
        middle = QHBoxLayout()
        middle.setContentsMargins(12, 0, 12, 0)
        middle.addWidget(self.previous_button)
        middle.addWidget(self.canvas, 1)
        middle.addWidget(self.words, 1)
        middle.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(middle, 1)
        layout.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        photos.changed.connect(self._on_photo_changed)
        self._window = window
        window.installEventFilter(self)  # it covers the window at every size
        self.hide()

    def _button(self, text: str, slot: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(slot)
        return button

    # --- opening and moving ---------------------------------------------------------------

    def show_photos(self, items: list[tuple[int, Attachment]], current: int) -> None:
        """Open over the window on ``items[current]``; ←/→ walk the rest."""
        if not items:
            return
        self._items = items
        self._at = max(0, min(current, len(items) - 1))
        self.setGeometry(self._window.rect())
        self.raise_()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_current()

    @property
    def current(self) -> tuple[int, Attachment] | None:
        return self._items[self._at] if self._items else None

    def next(self) -> None:
        if self._at + 1 < len(self._items):
            self._at += 1
            self._show_current()

    def previous(self) -> None:
        if self._at > 0:
            self._at -= 1
            self._show_current()

    def close_viewer(self) -> None:
        self.hide()
        self._image, self._file = None, None
        self.canvas.show_image(None)
        self.closed.emit()

    def _show_current(self) -> None:
        message_id, attachment = self._items[self._at]
        self.title.setText(one_line(display_name(attachment.name) or "Photo", 80))
        self.position.setText(f"{self._at + 1} of {len(self._items)}")
        self.previous_button.setEnabled(self._at > 0)
        self.next_button.setEnabled(self._at + 1 < len(self._items))
        self._generation += 1
        self._image, self._file = None, None
        self.canvas.show_image(None)
        found = self._photos.whole_file(message_id, attachment)
        if isinstance(found, Photo):
            self._say(found.words)
            return
        self._say("Loading…")
        self._decode(found)

    def _decode(self, file: Path) -> None:
        generation = self._generation

        def decode() -> tuple[QImage | None, str]:
            picture = read_picture(file, LARGEST_SHOWN)
            return picture.image, picture.problem

        def done(result: tuple[QImage | None, str]) -> None:
            if generation != self._generation:
                return  # the owner moved on to another photo
            image, problem = result
            if image is None:
                self._say(problem)
                return
            self._image, self._file = image, file
            self._say("")
            self.canvas.show_image(image)

        self._tasks.picture(decode, done)

    def _say(self, words: str) -> None:
        """Words instead of the photo (loading, or why it cannot be shown)."""
        self.words.setText(words)
        self.words.setVisible(bool(words))
        self.canvas.setVisible(not words)
        for button in (self.save_button, self.copy_button, self.open_button):
            button.setEnabled(not words)

    def _on_photo_changed(self, message_id: int) -> None:
        """A download the viewer waits for has finished (or failed)."""
        current = self.current
        waiting = self.isVisible() and self._image is None
        if waiting and current is not None and current[0] == message_id:
            self._show_current()

    # --- what can be done with it -------------------------------------------------------

    def save_as(self) -> None:
        if self._file is None or self.current is None:
            return
        name = safe_file_name(self.current[1].name or "photo.jpg")
        target, _filter = QFileDialog.getSaveFileName(
            self,
            "Save photo",
            str(Path.home() / name),
            "Pictures (*.jpg *.jpeg *.png *.gif *.webp)",
        )
        if not target:
            return
        try:
            shutil.copyfile(self._file, target)
        except OSError as error:
            warn(self.window(), "Photo not saved", f"It could not be saved: {error.strerror}.")

    def copy_image(self) -> None:
        """As PNG, which every program that takes a pasted picture reads."""
        if self._image is None:
            return
        data = QMimeData()
        data.setData("image/png", QByteArray(encoded(self._image)))
        QGuiApplication.clipboard().setMimeData(data)

    def open_outside(self) -> None:
        if self._file is not None and self.current is not None:
            open_file(self.window(), self._file, self.current[1].name)

    # --- keys, painting, size -------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.isVisible():
            # The viewer's keys win over the window's shortcuts while it is open.
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, control = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key == Qt.Key.Key_Escape:
            self.close_viewer()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.previous()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.canvas.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.canvas.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.canvas.fit()
        elif key == Qt.Key.Key_1:
            self.canvas.zoom(1 / self.canvas.zoom_level())  # the photo's own pixels
        elif control and key == Qt.Key.Key_C:
            self.copy_image()
        elif control and key == Qt.Key.Key_S:
            self.save_as()
        else:
            event.accept()  # nothing else reaches the window behind

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(QRectF(self.rect()), SHADE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._window.rect())
        return False
