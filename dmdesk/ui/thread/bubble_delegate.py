"""Paints the thread as chat bubbles, with day separators, sender names, times,
delivery status, attachment chips and reactions; opens links and attachments on
click.

Message text is untrusted: it is escaped before it becomes a QTextDocument, and
only URLs found in the escaped text become links. What is drawn is capped for
huge messages; the stored text is never changed.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dmdesk.domain import (
    Attachment,
    AttachmentKind,
    Direction,
    HeldReason,
    Message,
    MessageStatus,
)
from dmdesk.services.file_safety import display_name
from dmdesk.services.links import LINK_PATTERN, links_in
from dmdesk.services.snooze_times import when_words
from dmdesk.ui.kit.formatting import (
    ATTACHMENT_SYMBOLS,
    clock_time,
    day_label,
    duration_words,
    file_size,
    one_line,
)
from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.opening import open_file, open_link
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.thread.photos import PhotoLoader, PhotoState, picture_source
from dmdesk.ui.thread.voice import VoicePlayer

DISPLAY_LIMIT = 4000
"""Characters drawn of one message; the rest stays stored and copyable."""
PAD_X, PAD_Y = 12.0, 8.0
SIDE_MARGIN = 16.0
DAY_HEADER = 34.0
SENDER_LINE = 18.0
META_LINE = 18.0
CHIP_HEIGHT = 26.0
REACTION_HEIGHT = 24.0
REACTION_OVERLAP = 7.0
"""How far reaction pills sit over the bubble's bottom edge, as chat apps draw them."""
ROW_GAP = 6.0
PHOTO_BOX = QSize(280, 320)
"""The largest a photo is drawn in its bubble; the viewer shows it whole."""
STICKER_BOX = QSize(160, 160)
GUESSED_SHAPE = QSize(4, 3)
"""A photo's placeholder before its size is known: the common camera shape."""
PHOTO_EDGE = 4.0
"""The bubble's edge around its pictures."""
GRID_GAP = 4.0
VOICE_HEIGHT = 44.0
VOICE_WIDTH = 250.0
ANSWER_BUTTON = 28.0
"""The round "reply to this" button that shows beside a bubble under the pointer."""
QUOTE_HEIGHT = 40.0
QUOTE_THUMB = 32
QUOTE_BLOCK = PAD_Y + QUOTE_HEIGHT + 6
"""From a reply's top to what follows its quote."""
MOST_CELLS = 4
"""Pictures drawn of one message; the last cell says how many more the viewer has."""
HELD_WHY = {
    HeldReason.THEY_WROTE: "Held: they wrote after you scheduled it",
    HeldReason.OPTED_OUT: "Held: they asked not to be messaged since",
}
"""Why a reply sent later waits for the owner's word, on its bubble and its menu."""
LATE_AFTER = timedelta(minutes=2)
"""A reply sent later that went this much after its time says so (DMDesk was closed)."""
STATUS_TEXT = {
    MessageStatus.PENDING: "Sending…",
    MessageStatus.SENT: "Sent",
    MessageStatus.DELIVERED: "Delivered",
    MessageStatus.READ: "Read",
    MessageStatus.FAILED: "Not sent",
}
AnyIndex = QModelIndex | QPersistentModelIndex


def shown_text(message: Message) -> str:
    if message.unsent:
        return "This message was unsent."
    text = message.text
    if len(text) > DISPLAY_LIMIT:
        text = text[:DISPLAY_LIMIT] + f"\n… ({len(message.text):,} characters in all)"
    return text


def linkified_html(text: str) -> str:
    """Untrusted text as HTML: every piece escaped, and links made clickable."""
    pieces: list[str] = []
    position = 0
    for start, end in links_in(text):
        pieces.append(html.escape(text[position:start], quote=True))
        safe = html.escape(text[start:end], quote=True)
        pieces.append(f'<a href="{safe}">{safe}</a>')
        position = end
    pieces.append(html.escape(text[position:], quote=True))
    body = "".join(pieces).replace("\n", "<br>")
    return f'<div style="white-space: pre-wrap">{body}</div>'


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start`` to ``end`` of one message's shown text."""

    message_id: int
    start: int
    end: int


class _LaidOutText:
    """A message's text document, laid out for the last width it was asked for.

    Layout is the costly part of showing a thread, and sizeHint and paint ask for
    the same geometry again and again: it is redone only when the width changes."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.width = -1.0

    def fit(self, width: float) -> QTextDocument:
        if width != self.width:
            self.document.setTextWidth(-1)
            natural = self.document.idealWidth()
            self.document.setTextWidth(min(natural + 1, width))
            self.width = width
        return self.document


@dataclass(frozen=True)
class PictureCell:
    """Where one of a message's pictures is drawn, and how."""

    rect: QRectF
    attachment: Attachment
    crop: bool
    """Cut to fill a grid's square (several photos), else the whole picture."""
    more: int = 0
    """Pictures of the message past this last cell, said on it."""


class BubbleDelegate(QStyledItemDelegate):
    download_requested = Signal(int, object)
    """Message id, Attachment: a file only the platform has, to fetch and open."""
    picture_clicked = Signal(int, object)
    """Message id, Attachment: a picture in a bubble was clicked."""
    quote_clicked = Signal(object)
    """Message: a reply's quote was clicked (to go to the message it answers)."""
    answer_clicked = Signal(object)
    """Message: its hover button was clicked, to reply to it."""
    voice_clicked = Signal(int, object, str, float)
    """Message id, Attachment, "play", "seek" or "speed", and how far along the bar."""

    def __init__(self, parent: QWidget | None = None, photos: PhotoLoader | None = None) -> None:
        super().__init__(parent)
        self.photos = photos
        """Draws pictures in their bubbles; without it they are chips like other files."""
        self.voices: VoicePlayer | None = None
        """Plays voice notes in their bubbles; without it they are chips."""
        self.replies_allowed = True
        """False for a conversation that is imported history only (no account)."""
        self._texts: OrderedDict[tuple[int, str, bool], _LaidOutText] = OrderedDict()
        self.selected: TextSpan | None = None
        """Words picked out in one bubble (bubble_selection.py), painted as selected."""

    # --- layout ------------------------------------------------------------------------

    def _document(self, message: Message, font: QFont, width: float) -> QTextDocument:
        key = (message.id, message.text[:64] + str(len(message.text)), message.unsent)
        laid_out = self._texts.get(key)
        if laid_out is None:
            laid_out = _LaidOutText(self._new_document(message, font))
            self._texts[key] = laid_out
            if len(self._texts) > 400:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return laid_out.fit(width)

    @staticmethod
    def _new_document(message: Message, font: QFont) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        text = shown_text(message)
        if LINK_PATTERN.search(text) is None:
            # Most messages have no link: plain text is cheaper to lay out than HTML.
            document.setPlainText(text)
            return document
        theme = current_theme()
        link = theme.outgoing_text if message.direction is Direction.OUTGOING else theme.accent
        document.setDefaultStyleSheet(f"a {{ color: {link}; text-decoration: underline; }}")
        document.setHtml(linkified_html(text))
        return document

    def _max_text_width(self, option: QStyleOptionViewItem) -> float:
        width = float(option.rect.width())
        return max(120.0, min(560.0, width * 0.72) - 2 * PAD_X)

    def _geometry(
        self, option: QStyleOptionViewItem, index: AnyIndex
    ) -> tuple[QRectF, QRectF, QTextDocument | None, float]:
        """The bubble rectangle, the text rectangle, the document, and the top offset."""
        message: Message = index.data(Roles.MESSAGE)
        rect = QRectF(option.rect)
        top = rect.top() + ROW_GAP / 2
        if index.data(Roles.STARTS_DAY):
            top += DAY_HEADER
        if index.data(Roles.SHOWS_SENDER):
            top += SENDER_LINE
        font = QFont(option.font)
        max_width = self._max_text_width(option)
        pictures = self.inline_pictures(message)
        grid = self._grid_size(pictures)
        files = self._chip_attachments(message)
        document = None
        text_w, text_h = 0.0, 0.0
        if message.text or message.unsent or not message.attachments:
            document = self._document(message, font, max_width)
            text_w = document.size().width()
            text_h = document.size().height()
        chips_w = 0.0
        metrics = QFontMetrics(font)
        for attachment in files:
            wanted = (
                VOICE_WIDTH
                if self.is_voice(attachment)
                else metrics.horizontalAdvance(self._chip_text(attachment)) + 24
            )
            chips_w = max(chips_w, wanted)
        chips_h = sum(self._chip_height(a) + 4 for a in files)
        below = document is not None or bool(files)
        quote_w = self._quote_width(message, font)
        if pictures and quote_w:  # the photos set the bubble's width; the quote is cut to it
            quote_w = min(quote_w, max(grid.width() + 2 * PHOTO_EDGE - 2 * PAD_X, text_w))
        inner_w = min(max(text_w, chips_w, quote_w, 40.0), max_width)
        padded = below or bool(quote_w)
        bubble_w = max(inner_w + 2 * PAD_X if padded else 0.0, grid.width() + 2 * PHOTO_EDGE)
        inner_w = bubble_w - 2 * PAD_X
        pictures_top = self._pictures_offset(message)
        if pictures:
            text_top = top + pictures_top + grid.height() + 4
        else:
            text_top = top + (QUOTE_BLOCK if quote_w else PAD_Y)
        text_part = text_h + chips_h + (4 if document and chips_h else 0)
        if below:
            bubble_h = text_top - top + text_part + PAD_Y
        else:
            bubble_h = pictures_top + grid.height() + PHOTO_EDGE
        if message.direction is Direction.OUTGOING:
            left = rect.right() - SIDE_MARGIN - bubble_w
        else:
            left = rect.left() + SIDE_MARGIN
        bubble = QRectF(left, top, bubble_w, bubble_h)
        text_rect = QRectF(left + PAD_X, text_top, inner_w, text_h)
        return bubble, text_rect, document, top

    # --- the message it answers -----------------------------------------------------------

    def answerable(self, message: Message) -> bool:
        """A message one can reply to: replies can go from here (not imported history),
        the platform knows it (ours still sending has no id there yet), not unsent."""
        return self.replies_allowed and bool(message.platform_message_id) and not message.unsent

    @staticmethod
    def answer_button(message: Message, bubble: QRectF) -> QRectF:
        """The hover button beside a bubble that replies to it: right of a customer's
        message, left of ours."""
        side = ANSWER_BUTTON
        top = bubble.top() + min(8.0, max(0.0, bubble.height() - side) / 2)
        if message.direction is Direction.OUTGOING:
            return QRectF(bubble.left() - side - 6, top, side, side)
        return QRectF(bubble.right() + 6, top, side, side)

    def _paint_answer_button(self, painter: QPainter, message: Message, bubble: QRectF) -> None:
        theme = current_theme()
        area = self.answer_button(message, bubble)
        painter.setPen(QPen(theme.color("border"), 1))
        painter.setBrush(theme.color("pane"))
        painter.drawEllipse(area)
        glyph = icon("reply", theme.muted_text).pixmap(16, 16)
        painter.drawPixmap(QPointF(area.center().x() - 8, area.center().y() - 8), glyph)

    @staticmethod
    def _quote_width(message: Message, font: QFont) -> float:
        """How wide a reply's quote would like to be (0: it answers none)."""
        if message.quote is None:
            return 0.0
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        metrics = QFontMetrics(small)
        who, words = quote_lines(message)
        thumb = QUOTE_THUMB + 8 if message.quote.picture is not None else 0
        return max(metrics.horizontalAdvance(who), metrics.horizontalAdvance(words)) + 22 + thumb

    @staticmethod
    def _pictures_offset(message: Message) -> float:
        """Where the pictures start below the bubble's top: under the quote, if any."""
        return QUOTE_BLOCK if message.quote is not None else PHOTO_EDGE

    @staticmethod
    def quote_rect(message: Message, bubble: QRectF) -> QRectF | None:
        if message.quote is None:
            return None
        return QRectF(
            bubble.left() + PAD_X, bubble.top() + PAD_Y, bubble.width() - 2 * PAD_X, QUOTE_HEIGHT
        )

    def _paint_quote(
        self, painter: QPainter, option: QStyleOptionViewItem, message: Message, bubble: QRectF
    ) -> None:
        area = self.quote_rect(message, bubble)
        if area is None or message.quote is None:
            return
        theme = current_theme()
        outgoing = message.direction is Direction.OUTGOING
        fill = QColor(255, 255, 255, 46) if outgoing else theme.color("pane")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(area, 6, 6)
        painter.setBrush(theme.color("outgoing_text" if outgoing else "accent"))
        painter.drawRoundedRect(QRectF(area.left(), area.top(), 3, area.height()), 1.5, 1.5)
        words_left = area.left() + 10
        words_right = area.right() - 8
        picture = message.quote.picture
        if picture is not None and self.photos is not None and message.quote.message_id:
            thumb = QRectF(area.right() - 4 - QUOTE_THUMB, area.top() + 4, QUOTE_THUMB, QUOTE_THUMB)
            ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
            shown = self.photos.photo(
                message.quote.message_id,
                picture,
                QSize(QUOTE_THUMB, QUOTE_THUMB),
                crop=True,
                ratio=ratio,
            )
            if shown.pixmap is not None:
                painter.drawPixmap(thumb.topLeft(), shown.pixmap)
            words_right = thumb.left() - 8
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.9)
        metrics = QFontMetrics(small)
        width = int(words_right - words_left)
        who, words = quote_lines(message)
        bold = QFont(small)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(theme.color("outgoing_text" if outgoing else "accent"))
        line = QRectF(words_left, area.top() + 3, width, area.height() / 2 - 3)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(who, Qt.TextElideMode.ElideRight, width),
        )
        painter.setFont(small)
        painter.setPen(theme.color("outgoing_text" if outgoing else "text"))
        painter.drawText(
            line.translated(0, area.height() / 2 - 3),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(words, Qt.TextElideMode.ElideRight, width),
        )

    # --- pictures ------------------------------------------------------------------------

    def inline_pictures(self, message: Message) -> list[Attachment]:
        """The message's pictures drawn in its bubble (the rest are chips)."""
        if self.photos is None or message.unsent:
            return []
        return [a for a in message.attachments if a.shows_inline and picture_source(a)]

    def _chip_attachments(self, message: Message) -> list[Attachment]:
        inline = self.inline_pictures(message)
        return [a for a in message.attachments if a not in inline]

    def _single_size(self, attachment: Attachment) -> QSize:
        """One picture's size in its bubble: its own shape, within the box, never
        bigger than it is."""
        assert self.photos is not None
        box = STICKER_BOX if attachment.kind is AttachmentKind.STICKER else PHOTO_BOX
        natural = self.photos.natural_size(attachment)
        if natural is None or natural.isEmpty():
            return GUESSED_SHAPE.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        fitted = natural.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        if fitted.width() > natural.width():
            fitted = natural
        # A panorama or a tall strip still gets a bubble one can see and click.
        return QSize(max(fitted.width(), 60), max(fitted.height(), 60))

    def _grid_size(self, pictures: list[Attachment]) -> QSizeF:
        if not pictures:
            return QSizeF(0, 0)
        if len(pictures) == 1:
            return QSizeF(self._single_size(pictures[0]))
        rows = (min(len(pictures), MOST_CELLS) + 1) // 2
        side = (PHOTO_BOX.width() - GRID_GAP) / 2
        return QSizeF(PHOTO_BOX.width(), rows * side + (rows - 1) * GRID_GAP)

    def picture_cells(self, message: Message, bubble: QRectF) -> list[PictureCell]:
        """Where each drawn picture sits: one whole, or a grid of squares (two a row;
        a third alone on its row is as wide as two)."""
        pictures = self.inline_pictures(message)
        if not pictures:
            return []
        left, top = bubble.left() + PHOTO_EDGE, bubble.top() + self._pictures_offset(message)
        if len(pictures) == 1:
            size = QSizeF(self._single_size(pictures[0]))
            return [PictureCell(QRectF(QPointF(left, top), size), pictures[0], crop=False)]
        side = (PHOTO_BOX.width() - GRID_GAP) / 2
        shown = pictures[:MOST_CELLS]
        cells = []
        for number, attachment in enumerate(shown):
            row, column = divmod(number, 2)
            alone = number == len(shown) - 1 and column == 0
            width = PHOTO_BOX.width() if alone else side
            more = len(pictures) - MOST_CELLS if number == MOST_CELLS - 1 else 0
            rect = QRectF(
                left + column * (side + GRID_GAP), top + row * (side + GRID_GAP), width, side
            )
            cells.append(PictureCell(rect, attachment, crop=True, more=max(0, more)))
        return cells

    def picture_at(
        self, option: QStyleOptionViewItem, index: AnyIndex, point: QPointF
    ) -> Attachment | None:
        message: Message | None = index.data(Roles.MESSAGE)
        if message is None:
            return None
        bubble = self._geometry(option, index)[0]
        for cell in self.picture_cells(message, bubble):
            if cell.rect.contains(point):
                return cell.attachment
        return None

    def _paint_pictures(
        self, painter: QPainter, option: QStyleOptionViewItem, message: Message, bubble: QRectF
    ) -> None:
        assert self.photos is not None
        theme = current_theme()
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.85)
        for cell in self.picture_cells(message, bubble):
            photo = self.photos.photo(
                message.id, cell.attachment, cell.rect.size().toSize(), crop=cell.crop, ratio=ratio
            )
            if photo.pixmap is not None:
                pixmap = photo.pixmap
                size = QSizeF(pixmap.deviceIndependentSize())
                # A picture smaller than its cell sits in its middle.
                at = QPointF(
                    cell.rect.left() + (cell.rect.width() - size.width()) / 2,
                    cell.rect.top() + (cell.rect.height() - size.height()) / 2,
                )
                painter.drawPixmap(at, pixmap)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(theme.color("pane"))
                painter.drawRoundedRect(cell.rect, 10, 10)
                painter.setPen(
                    theme.color("danger" if photo.state is PhotoState.FAILED else "muted_text")
                )
                painter.setFont(small)
                painter.drawText(
                    cell.rect.adjusted(10, 8, -10, -8),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    photo.words,
                )
            if cell.attachment.kind is AttachmentKind.VIDEO:
                self._paint_play(painter, cell.rect, cell.attachment, small)
            if cell.more:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(0, 0, 0, 130))
                painter.drawRoundedRect(cell.rect, 10, 10)
                big = QFont(option.font)
                big.setPointSizeF(big.pointSizeF() * 1.6)
                big.setBold(True)
                painter.setFont(big)
                painter.setPen(QColor("white"))
                painter.drawText(cell.rect, Qt.AlignmentFlag.AlignCenter, f"+{cell.more}")

    @staticmethod
    def _paint_play(painter: QPainter, rect: QRectF, attachment: Attachment, font: QFont) -> None:
        """A video's poster: a play button in its middle and its length in a corner."""
        middle = rect.center()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 140))
        painter.drawEllipse(middle, 22, 22)
        painter.setBrush(QColor("white"))
        painter.drawPolygon(
            [
                QPointF(middle.x() - 7, middle.y() - 11),
                QPointF(middle.x() - 7, middle.y() + 11),
                QPointF(middle.x() + 12, middle.y()),
            ]
        )
        length = duration_words(attachment.duration_ms)
        if length:
            metrics = QFontMetrics(font)
            pill = QRectF(
                rect.left() + 8,
                rect.bottom() - 8 - 20,
                metrics.horizontalAdvance(length) + 14,
                20,
            )
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(pill, 10, 10)
            painter.setPen(QColor("white"))
            painter.setFont(font)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, length)

    @staticmethod
    def _chip_text(attachment: Attachment) -> str:
        name = display_name(attachment.name) if attachment.name else attachment.kind.value.title()
        # A video without a poster, or a voice note: its length too, as players show it.
        facts = [duration_words(attachment.duration_ms), file_size(attachment.size)]
        return f"{ATTACHMENT_SYMBOLS[attachment.kind]}  {name}" + "".join(
            f"  ·  {fact}" for fact in facts if fact
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        bubble, _text, _doc, _top = self._geometry(option, index)
        message: Message = index.data(Roles.MESSAGE)
        height = self._meta_top(message, bubble) - option.rect.top() + META_LINE + ROW_GAP
        return QSize(int(option.rect.width()), int(height + 0.5))

    @staticmethod
    def _meta_top(message: Message, bubble: QRectF) -> float:
        """Where the time and status line starts: under the bubble and its reactions."""
        if message.reactions:
            return bubble.bottom() + REACTION_HEIGHT - REACTION_OVERLAP + 2
        return bubble.bottom() + 1

    @staticmethod
    def _reaction_pills(
        message: Message, bubble: QRectF, font: QFont
    ) -> list[tuple[QRectF, str, bool]]:
        """Each emoji's pill (with its count past one), along the bubble's bottom edge:
        from the left under a customer's message, from the right under ours."""
        metrics = QFontMetrics(font)
        texts = [
            (f"{r.key} {len(r.names)}" if len(r.names) > 1 else r.key, r.ours)
            for r in message.reactions
        ]
        widths = [metrics.horizontalAdvance(text) + 16.0 for text, _ours in texts]
        outgoing = message.direction is Direction.OUTGOING
        top = bubble.bottom() - REACTION_OVERLAP
        x = (
            bubble.right() - 8 - (sum(widths) + 4 * (len(widths) - 1))
            if outgoing
            else bubble.left() + 8
        )
        pills = []
        for (text, ours), width in zip(texts, widths, strict=True):
            pills.append((QRectF(x, top, width, REACTION_HEIGHT), text, ours))
            x += width + 4
        return pills

    # --- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        message: Message | None = index.data(Roles.MESSAGE)
        if message is None:
            return
        theme = current_theme()
        rect = QRectF(option.rect)
        font = QFont(option.font)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        bubble, text_rect, document, top = self._geometry(option, index)
        outgoing = message.direction is Direction.OUTGOING
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(Roles.HIGHLIGHTED):
            painter.fillRect(rect, theme.color("highlight"))

        if index.data(Roles.STARTS_DAY):
            day: date = message.sent_at.astimezone().date()
            label = day_label(day, date.today())
            painter.setFont(small)
            painter.setPen(theme.color("muted_text"))
            header = QRectF(rect.left(), rect.top() + ROW_GAP / 2, rect.width(), DAY_HEADER)
            width = QFontMetrics(small).horizontalAdvance(label) + 24
            middle = header.center().y()
            painter.setPen(theme.color("border"))
            painter.drawLine(
                QPointF(rect.left() + SIDE_MARGIN, middle),
                QPointF(header.center().x() - width / 2, middle),
            )
            painter.drawLine(
                QPointF(header.center().x() + width / 2, middle),
                QPointF(rect.right() - SIDE_MARGIN, middle),
            )
            painter.setPen(theme.color("muted_text"))
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, label)

        if index.data(Roles.SHOWS_SENDER):
            painter.setFont(small)
            painter.setPen(theme.color("muted_text"))
            painter.drawText(
                QRectF(bubble.left() + 4, top - SENDER_LINE, rect.width() / 2, SENDER_LINE),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                message.sender_name,
            )

        fill = theme.color("outgoing_bubble" if outgoing else "incoming_bubble")
        if message.status is MessageStatus.FAILED:
            fill = theme.color("danger_fill")
        scheduled = message.is_scheduled
        # Not said by a person: lighter than the shop's own words, text at full contrast.
        faint = scheduled or (outgoing and message.automatic)
        if scheduled:  # not gone yet: a faint fill inside a dashed edge
            fill.setAlpha(40)
        elif faint:
            fill.setAlpha(70)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected or scheduled:
            edge = QPen(theme.color("accent"), 2 if selected else 1.5)
            if scheduled:
                edge.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(edge)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        if not self._only_stickers(message) or selected:
            painter.drawRoundedRect(bubble, 14, 14)
        self._paint_quote(painter, option, message, bubble)
        if self.photos is not None:
            self._paint_pictures(painter, option, message, bubble)

        text_color = theme.color("outgoing_text" if outgoing and not faint else "text")
        if document is not None:
            painter.save()
            painter.translate(text_rect.topLeft())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, text_color)
            if self.selected is not None and self.selected.message_id == message.id:
                context.selections = [self._selection(document, outgoing)]
            layout = document.documentLayout()
            layout.draw(painter, context)
            painter.restore()

        painter.setFont(font)
        for chip, attachment in self._chips(message, bubble, text_rect, document):
            if self.is_voice(attachment):
                self._paint_voice(painter, chip, message, attachment, font)
                continue
            chip_fill = theme.color("pane")
            chip_fill.setAlpha(60 if outgoing else 255)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip_fill)
            painter.drawRoundedRect(chip, 8, 8)
            painter.setPen(text_color)
            painter.drawText(
                chip.adjusted(8, 0, -8, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QFontMetrics(font).elidedText(
                    self._chip_text(attachment),
                    Qt.TextElideMode.ElideMiddle,
                    int(chip.width() - 16),
                ),
            )

        if option.state & QStyle.StateFlag.State_MouseOver and self.answerable(message):
            self._paint_answer_button(painter, message, bubble)

        painter.setFont(font)  # emoji at the text's size: smaller ones blur
        for pill, text, ours in self._reaction_pills(message, bubble, font):
            painter.setPen(theme.color("accent" if ours else "border"))
            painter.setBrush(theme.color("pane"))
            painter.drawRoundedRect(pill, REACTION_HEIGHT / 2, REACTION_HEIGHT / 2)
            painter.setPen(theme.color("text"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

        meta = clock_time(message.sent_at)
        if message.automatic:
            meta = f"{AUTOMATIC_WORDS[outgoing]} · {meta}"
        if message.edited:
            meta += " · edited"
        if outgoing:
            meta += " · " + STATUS_TEXT[message.status]
            if message.status is MessageStatus.FAILED:
                meta += " · click for Retry or Discard"
            elif message.is_scheduled:
                meta = scheduled_words(message)
            elif message.status is MessageStatus.PENDING and index.data(Roles.SEND_PROBLEM):
                meta = f"{clock_time(message.sent_at)} · Waiting to send (hover for why)"
            elif (
                message.scheduled_for is not None
                and message.sent_at - message.scheduled_for > LATE_AFTER
            ):
                meta += f" · late: it was for {clock_time(message.scheduled_for)}"
        painter.setFont(small)
        painter.setPen(
            theme.color("danger" if message.status is MessageStatus.FAILED else "muted_text")
        )
        align = Qt.AlignmentFlag.AlignRight if outgoing else Qt.AlignmentFlag.AlignLeft
        painter.drawText(
            QRectF(
                rect.left() + SIDE_MARGIN + 2,
                self._meta_top(message, bubble),
                rect.width() - 2 * SIDE_MARGIN - 4,
                META_LINE,
            ),
            align | Qt.AlignmentFlag.AlignVCenter,
            meta,
        )
        painter.restore()

    def _only_stickers(self, message: Message) -> bool:
        """A sticker on its own is drawn without a bubble, as messengers do."""
        pictures = self.inline_pictures(message)
        return (
            bool(pictures)
            and not message.text
            and len(pictures) == len(message.attachments)
            and all(a.kind is AttachmentKind.STICKER for a in pictures)
        )

    def _selection(
        self, document: QTextDocument, outgoing: bool
    ) -> QAbstractTextDocumentLayout.Selection:
        """The selected words in the bubble's colours turned around: on our accent
        bubble white with accent letters, on the customer's the accent with white."""
        assert self.selected is not None
        theme = current_theme()
        cursor = QTextCursor(document)
        cursor.setPosition(min(self.selected.start, document.characterCount() - 1))
        cursor.setPosition(
            min(self.selected.end, document.characterCount() - 1),
            QTextCursor.MoveMode.KeepAnchor,
        )
        selected = QTextCharFormat()
        selected.setBackground(theme.color("outgoing_text" if outgoing else "accent_fill"))
        selected.setForeground(theme.color("outgoing_bubble" if outgoing else "accent_text"))
        selection = QAbstractTextDocumentLayout.Selection()
        selection.cursor = cursor
        selection.format = selected
        return selection

    # --- the pointer over a bubble -------------------------------------------------------

    def text_document(self, option: QStyleOptionViewItem, index: AnyIndex) -> QTextDocument | None:
        """The message's text as laid out in its bubble (None: only attachments)."""
        if index.data(Roles.MESSAGE) is None:
            return None
        return self._geometry(option, index)[2]

    def text_position_at(
        self, option: QStyleOptionViewItem, index: AnyIndex, point: QPointF, *, clamp: bool
    ) -> int | None:
        """The character position under ``point`` in the message's text; None off the
        text, unless ``clamp``: then the nearest position (a drag past the bubble)."""
        if index.data(Roles.MESSAGE) is None:
            return None
        _bubble, text_rect, document, _top = self._geometry(option, index)
        if document is None:
            return None
        if not clamp and not text_rect.contains(point):
            return None
        if point.y() < text_rect.top():
            return 0
        if point.y() > text_rect.bottom():
            return document.characterCount() - 1
        inside = QPointF(
            min(max(point.x(), text_rect.left()), text_rect.right()) - text_rect.left(),
            point.y() - text_rect.top(),
        )
        position = document.documentLayout().hitTest(inside, Qt.HitTestAccuracy.FuzzyHit)
        return position if position >= 0 else None

    # --- links ---------------------------------------------------------------------------

    def _chips(
        self, message: Message, bubble: QRectF, text_rect: QRectF, document: QTextDocument | None
    ) -> list[tuple[QRectF, Attachment]]:
        """Where each file's chip sits, below the text (pictures are drawn above it)."""
        top = text_rect.bottom() + (4 if document is not None else 0)
        chips = []
        for attachment in self._chip_attachments(message):
            height = self._chip_height(attachment)
            chips.append(
                (QRectF(text_rect.left(), top, bubble.width() - 2 * PAD_X, height), attachment)
            )
            top += height + 4
        return chips

    # --- voice notes -----------------------------------------------------------------------

    def is_voice(self, attachment: Attachment) -> bool:
        """Audio the bubble plays itself (with a player to play it)."""
        return (
            self.voices is not None
            and attachment.kind is AttachmentKind.AUDIO
            and bool(attachment.url or attachment.local_path)
        )

    def _chip_height(self, attachment: Attachment) -> float:
        return VOICE_HEIGHT if self.is_voice(attachment) else CHIP_HEIGHT

    @staticmethod
    def voice_parts(row: QRectF) -> tuple[QRectF, QRectF, QRectF]:
        """A voice note's play button, progress bar and speed pill."""
        button = QRectF(row.left() + 4, row.center().y() - 16, 32, 32)
        speed = QRectF(row.right() - 40, row.center().y() - 11, 36, 22)
        bar = QRectF(button.right() + 10, row.top() + 8, speed.left() - button.right() - 18, 10)
        return button, bar, speed

    def voice_at(
        self, option: QStyleOptionViewItem, index: AnyIndex, point: QPointF
    ) -> tuple[Attachment, str, float] | None:
        """The voice note under ``point``, what part ("play", "seek", "speed") and,
        for the bar, how far along it."""
        message: Message | None = index.data(Roles.MESSAGE)
        if message is None or self.voices is None:
            return None
        bubble, text_rect, document, _top = self._geometry(option, index)
        for row, attachment in self._chips(message, bubble, text_rect, document):
            if not self.is_voice(attachment) or not row.contains(point):
                continue
            _button, bar, speed = self.voice_parts(row)
            if speed.contains(point):
                return attachment, "speed", 0.0
            if bar.adjusted(0, -8, 0, 14).contains(point):
                return attachment, "seek", (point.x() - bar.left()) / max(bar.width(), 1.0)
            return attachment, "play", 0.0
        return None

    def _paint_voice(
        self, painter: QPainter, row: QRectF, message: Message, attachment: Attachment, font: QFont
    ) -> None:
        assert self.voices is not None
        theme = current_theme()
        outgoing = message.direction is Direction.OUTGOING
        state = self.voices.state(message.id)
        ink = theme.color("outgoing_text" if outgoing else "accent")
        button, bar, speed = self.voice_parts(row)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(button)
        painter.setBrush(theme.color("outgoing_bubble" if outgoing else "pane"))
        middle = button.center()
        if state.playing:
            for dx in (-6, 2):
                painter.drawRect(QRectF(middle.x() + dx, middle.y() - 7, 4, 14))
        else:
            painter.drawPolygon(
                [
                    QPointF(middle.x() - 5, middle.y() - 8),
                    QPointF(middle.x() - 5, middle.y() + 8),
                    QPointF(middle.x() + 8, middle.y()),
                ]
            )
        duration = state.duration_ms or attachment.duration_ms or 0
        track = QColor(ink)
        track.setAlpha(70)
        painter.setBrush(track)
        line = QRectF(bar.left(), bar.center().y() - 2, bar.width(), 4)
        painter.drawRoundedRect(line, 2, 2)
        if duration:
            done = QRectF(line.left(), line.top(), line.width() * state.position_ms / duration, 4)
            painter.setBrush(ink)
            painter.drawRoundedRect(done, 2, 2)
            painter.drawEllipse(QPointF(done.right(), line.center().y()), 6, 6)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(small)
        painter.setPen(theme.color("outgoing_text" if outgoing else "muted_text"))
        name = one_line(display_name(attachment.name), 60)
        if state.problem:
            words = state.problem
        elif duration and (state.playing or state.position_ms):
            words = f"{duration_words(state.position_ms)} / {duration_words(duration)}"
        else:
            words = f"{duration_words(duration)}  ·  {name}" if duration else name
        painter.drawText(
            QRectF(bar.left(), bar.bottom() + 2, bar.width(), row.bottom() - bar.bottom() - 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(small).elidedText(words, Qt.TextElideMode.ElideRight, int(bar.width())),
        )
        painter.setPen(QPen(ink, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(speed, 11, 11)
        painter.drawText(speed, Qt.AlignmentFlag.AlignCenter, f"{state.speed:g}×")

    def attachment_at(
        self, option: QStyleOptionViewItem, index: AnyIndex, point: QPointF
    ) -> Attachment | None:
        message: Message | None = index.data(Roles.MESSAGE)
        if message is None or not message.attachments:
            return None
        bubble, text_rect, document, _top = self._geometry(option, index)
        for chip, attachment in self._chips(message, bubble, text_rect, document):
            if chip.contains(point):
                return attachment
        return None

    def link_at(self, option: QStyleOptionViewItem, index: AnyIndex, point: QPointF) -> str:
        _bubble, text_rect, document, _top = self._geometry(option, index)
        if document is None or not text_rect.contains(point):
            return ""
        return document.documentLayout().anchorAt(point - text_rect.topLeft())

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseMove
            and isinstance(event, QMouseEvent)
            and event.buttons() & Qt.MouseButton.LeftButton
        ):
            voice = self.voice_at(option, index, event.position())
            shown_now: Message | None = index.data(Roles.MESSAGE)
            if voice is not None and voice[1] == "seek" and shown_now is not None:
                self.voice_clicked.emit(shown_now.id, voice[0], "seek", voice[2])
                return True
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            url = self.link_at(option, index, event.position())
            if url:
                open_link(self._window(), url)
                return True
            shown: Message | None = index.data(Roles.MESSAGE)
            bubble_now = self._geometry(option, index)[0] if shown else None
            if (
                shown is not None
                and bubble_now is not None
                and self.answerable(shown)
                and self.answer_button(shown, bubble_now).contains(event.position())
            ):
                self.answer_clicked.emit(shown)
                return True
            quoted = self.quote_rect(shown, bubble_now) if shown and bubble_now else None
            if shown is not None and quoted is not None and quoted.contains(event.position()):
                self.quote_clicked.emit(shown)
                return True
            voice = self.voice_at(option, index, event.position())
            if voice is not None and shown is not None:
                note, part, fraction = voice
                self.voice_clicked.emit(shown.id, note, part, fraction)
                return True
            picture = self.picture_at(option, index, event.position())
            if picture is not None and shown is not None:
                self.picture_clicked.emit(shown.id, picture)
                return True
            attachment = self.attachment_at(option, index, event.position())
            message: Message | None = index.data(Roles.MESSAGE)
            if attachment is not None and message is not None:
                self.open_attachment(message.id, attachment)
                return True
        return False

    def open_attachment(self, message_id: int, attachment: Attachment) -> None:
        """A file DMDesk keeps opens in the system's viewer; one on the web in the
        browser; one behind the platform's sign-in is downloaded first."""
        if attachment.local_path and Path(attachment.local_path).is_file():
            open_file(self._window(), Path(attachment.local_path), attachment.name)
        elif attachment.url.startswith(("http://", "https://")):
            open_link(self._window(), attachment.url)
        elif attachment.url:
            self.download_requested.emit(message_id, attachment)

    def _window(self) -> QWidget | None:
        """The window a question about a click is asked over."""
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None


AUTOMATIC_WORDS = {True: "Automatic · away message", False: "Automatic (a bot)"}
"""What a message no person wrote says beside its time: ours, or a customer's bot's."""


def quote_lines(message: Message) -> tuple[str, str]:
    """A reply's quote: who wrote what it answers, and its first line."""
    quote = message.quote
    if quote is None:
        return "", ""
    if quote.message_id is None:
        return "Reply to an earlier message", "It is not in DMDesk (older than its history)."
    who = "You" if quote.ours else quote.sender_name
    text = quote.text.strip().splitlines()[0] if quote.text.strip() else ""
    if not text and quote.picture is not None:
        text = "Photo"
    return who, text


def scheduled_words(message: Message) -> str:
    """The line under a reply sent later: when it goes, or why it waits."""
    if message.held.holds:
        return f"{HELD_WHY[message.held]} · click to decide"
    assert message.scheduled_for is not None
    when = when_words(message.scheduled_for, datetime.now(UTC))
    return f"Scheduled · {when} · click to send now, edit or cancel"
