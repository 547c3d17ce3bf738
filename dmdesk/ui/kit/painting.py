"""Small painted pieces shared by the delegates: avatars, platform badges, pills."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from dmdesk.domain import Platform
from dmdesk.ui.kit.formatting import initials
from dmdesk.ui.kit.theme import PLATFORM_COLORS, PLATFORM_MARKS, current_theme

AVATAR_COLORS = (
    "#e76f51",
    "#f4a261",
    "#2a9d8f",
    "#264653",
    "#8e7dbe",
    "#d16ba5",
    "#5a8dee",
    "#43aa8b",
    "#b5838d",
    "#6d597a",
    "#ef476f",
    "#118ab2",
)


def begin_row(painter: QPainter, option: QStyleOptionViewItem) -> QRectF:
    """Start painting a list row: save the painter, fill the selection or hover
    background; returns the row's rectangle. End with ``painter.restore()``."""
    theme = current_theme()
    rect = QRectF(option.rect)
    state = option.state
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if state & QStyle.StateFlag.State_Selected:
        painter.fillRect(rect, theme.color("selection"))
    elif state & QStyle.StateFlag.State_MouseOver:
        painter.fillRect(rect, theme.color("hover"))
    return rect


def avatar_color(seed: str) -> QColor:
    """A stable colour per person: the same name always gets the same colour."""
    return QColor(AVATAR_COLORS[zlib.crc32(seed.encode("utf-8")) % len(AVATAR_COLORS)])


def draw_avatar(painter: QPainter, rect: QRectF, name: str, seed: str) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_color(seed))
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setPixelSize(max(8, int(rect.height() * 0.38)))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


def draw_platform_badge(painter: QPainter, rect: QRectF, platform: Platform) -> None:
    """A round badge with the platform's colour and short mark, ringed by the pane colour."""
    painter.save()
    painter.setPen(QPen(current_theme().color("pane"), 2))
    painter.setBrush(QColor(PLATFORM_COLORS[platform]))
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    mark = PLATFORM_MARKS[platform]
    font.setPixelSize(max(6, int(rect.height() * (0.5 if len(mark) == 1 else 0.4))))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark)
    painter.restore()


def draw_pill(painter: QPainter, rect: QRectF, text: str, background: QColor, fg: QColor) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(fg)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def draw_outlined_pill(painter: QPainter, rect: QRectF, text: str, ink: QColor) -> None:
    """A pill drawn as its outline and text in ``ink`` (a stage; a tag on a selection)."""
    painter.save()
    painter.setPen(QPen(ink, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    radius = rect.height() / 2
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
