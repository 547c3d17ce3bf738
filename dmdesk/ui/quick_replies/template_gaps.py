"""Which ``{placeholders}`` in the reply box are still to be filled.

A quick reply's values are filled in for the customer, and a value can hold
anything, braces included (a customer named "Ana {x}"). Filled-in values carry a
mark in their character format, and a ``{placeholder}`` inside marked text is
never one to fill; everything else the owner typed or a quick reply left is.
The mark moves with the text as it is edited.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from dmdesk.services.quick_reply_fill import PLACEHOLDER, VARIABLES, Piece, Unfilled

FILLED = QTextFormat.Property.UserProperty + 1


def _format(filled: bool) -> QTextCharFormat:
    made = QTextCharFormat()
    if filled:
        made.setProperty(FILLED, True)
    return made


def insert_pieces(cursor: QTextCursor, pieces: list[Piece]) -> None:
    """Insert a filled reply at the cursor, its filled-in values marked."""
    for piece in pieces:
        cursor.insertText(piece.text, _format(piece.kind == "value"))
    cursor.setCharFormat(_format(False))  # what is typed next is the owner's own


def mark_unknown_placeholders(document: QTextDocument) -> None:
    """A draft comes back as plain text, its marks lost: a ``{word}`` that is none
    of DMDesk's variables may be a customer's name in it, and is left alone."""
    text = document.toPlainText()
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in VARIABLES:
            cursor = QTextCursor(document)
            cursor.setPosition(match.start())
            cursor.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(_format(True))


def gaps_in_block(block: QTextBlock) -> Iterator[Unfilled]:
    """The placeholders still to fill in one block, positions within the block."""
    filled: list[tuple[int, int]] = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid() and fragment.charFormat().property(FILLED):
            start = fragment.position() - block.position()
            filled.append((start, start + fragment.length()))
        iterator += 1
    for match in PLACEHOLDER.finditer(block.text()):
        if not any(start < match.end() and match.start() < end for start, end in filled):
            yield Unfilled(match.start(), match.end(), match.group(1))


def gaps(document: QTextDocument) -> list[Unfilled]:
    """Every placeholder still to fill in the document."""
    found: list[Unfilled] = []
    block = document.begin()
    while block.isValid():
        found.extend(gaps_in_block(block))
        block = block.next()
    return found


def gap_spans(document: QTextDocument) -> list[tuple[int, int]]:
    """Where each placeholder still to fill is, as (start, end) in the document."""
    spans = []
    block = document.begin()
    while block.isValid():
        spans += [
            (block.position() + gap.start, block.position() + gap.end)
            for gap in gaps_in_block(block)
        ]
        block = block.next()
    return spans
