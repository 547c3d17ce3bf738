"""A tag's colour: the same tag is always the same colour (chosen from its
letters, whatever their case), soft enough that its text stays readable in
either theme, so a glance at the rows finds "wholesale" by colour."""

from __future__ import annotations

import zlib

from PySide6.QtGui import QColor

from dmdesk.ui.kit.theme import current_theme

# (light fill, light text, dark fill, dark text): text on fill at 4.5:1 or more.
_PAIRS = (
    ("#dbeafe", "#1e3a8a", "#1e3a5f", "#bfdbfe"),  # blue
    ("#dcfce7", "#14532d", "#1d4030", "#bbf7d0"),  # green
    ("#fef3c7", "#78350f", "#4a3a14", "#fde68a"),  # amber
    ("#fce7f3", "#831843", "#4c1d36", "#fbcfe8"),  # pink
    ("#ede9fe", "#4c1d95", "#352a5c", "#ddd6fe"),  # violet
    ("#ccfbf1", "#134e4a", "#16423f", "#99f6e4"),  # teal
    ("#ffedd5", "#7c2d12", "#4d2c17", "#fed7aa"),  # orange
    ("#e0e7ff", "#312e81", "#2b2f5c", "#c7d2fe"),  # indigo
)


def tag_colors(tag: str) -> tuple[QColor, QColor]:
    """The fill and text colour of ``tag`` in the current theme."""
    pair = _PAIRS[zlib.crc32(tag.casefold().encode("utf-8")) % len(_PAIRS)]
    fill, text = (pair[2], pair[3]) if current_theme().dark else (pair[0], pair[1])
    return QColor(fill), QColor(text)
