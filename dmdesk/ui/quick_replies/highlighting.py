"""How {placeholders} are marked: in the reply box, the ones still to fill stand out
as a problem; in the library's template editor, the known ones are tinted and only
a name DMDesk cannot fill is a problem."""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from dmdesk.services.quick_reply_fill import PLACEHOLDER, VARIABLES
from dmdesk.ui.kit.theme import current_theme
from dmdesk.ui.quick_replies.template_gaps import gaps_in_block


def placeholder_format(color: QColor, background_alpha: int) -> QTextCharFormat:
    """Bold letters in ``color`` on a faint wash of it."""
    text_format = QTextCharFormat()
    text_format.setForeground(color)
    background = QColor(color)
    background.setAlpha(background_alpha)
    text_format.setBackground(background)
    text_format.setFontWeight(600)
    return text_format


class UnfilledHighlighter(QSyntaxHighlighter):
    """Marks every {placeholder} still to fill, in the warning colour."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._format = placeholder_format(current_theme().color("danger"), 40)

    def highlightBlock(self, text: str) -> None:
        for gap in gaps_in_block(self.currentBlock()):
            self.setFormat(gap.start, gap.end - gap.start, self._format)


class TemplateHighlighter(QSyntaxHighlighter):
    """In a template, variables are meant to be there: the known ones are tinted in
    the accent colour, and only a name DMDesk cannot fill is marked as a problem."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        theme = current_theme()
        self._known = placeholder_format(theme.color("accent"), 36)
        self._unknown = placeholder_format(theme.color("danger"), 36)

    def highlightBlock(self, text: str) -> None:
        for match in PLACEHOLDER.finditer(text):
            known = match.group(1) in VARIABLES
            self.setFormat(
                match.start(), match.end() - match.start(), self._known if known else self._unknown
            )
