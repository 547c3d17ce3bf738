"""A platform's step-by-step guide to connecting it (docs/connect/), opened from
the Accounts form's "How do I get this?" beside the form, so both stay in view.

The guides are DMDesk's own words, so they are shown as Markdown; a link in one
still opens only through ``open_link``, which shows where it goes first.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from dmdesk.paths import guides_dir
from dmdesk.ui.kit.opening import open_link


class GuideWindow(QDialog):
    def __init__(self, guide: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Guide")
        self.resize(620, 640)
        text = (guides_dir() / guide).read_text(encoding="utf-8")
        first = text.splitlines()[0].lstrip("# ").strip() if text else "How to connect"
        self.setWindowTitle(first)
        self.page = QTextBrowser(self)
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(self._open)
        self.page.document().setDocumentMargin(18)
        self.page.setMarkdown(text)
        _calm_headings(self.page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)

    def place_beside(self, other: QWidget) -> None:
        """Beside ``other``, on the side with more room, narrowed to fit it (down to
        MIN_WIDTH), so the form being filled in stays in view; never off screen."""
        screen = other.screen().availableGeometry()
        beside = other.frameGeometry()
        right = screen.right() - beside.right() - GAP
        left = beside.left() - screen.left() - GAP
        width = max(MIN_WIDTH, min(self.width(), max(right, left)))
        x = beside.right() + GAP if right >= left else beside.left() - GAP - width
        x = max(screen.left(), min(x, screen.right() - width))
        self.resize(width, self.height())
        self.move(x, max(screen.top(), min(beside.top(), screen.bottom() - self.height())))

    def _open(self, url: QUrl) -> None:
        open_link(self, url.toString())


MIN_WIDTH = 420
"""Narrower than this, the guide's lines get too short to read."""
GAP = 8
HEADING_POINTS = {1: 1.5, 2: 1.2, 3: 1.05}
"""Headings a little above the text, as a help page has them (Qt's own are huge)."""


def _calm_headings(page: QTextBrowser) -> None:
    base = page.font().pointSizeF()
    block = page.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            heading = QTextCharFormat()
            heading.setFontPointSize(base * HEADING_POINTS.get(level, 1.0))
            heading.setFontWeight(QFont.Weight.DemiBold)
            cursor.mergeCharFormat(heading)
            spacing = QTextBlockFormat()
            spacing.setTopMargin(14 if level > 1 else 0)
            spacing.setBottomMargin(4)
            cursor.mergeBlockFormat(spacing)
        block = block.next()
