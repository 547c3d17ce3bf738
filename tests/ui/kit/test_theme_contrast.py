"""Every colour the app draws text in, on every colour it draws that text on, reads
at WCAG AA (4.5:1) in both themes. The delegates paint rows, bubbles and badges
themselves, so the screen probe (tests/readability_probe.py) cannot tell their
parts apart: this table is where their pairs are checked."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from dmdesk.ui.kit.theme import DARK, LIGHT, Theme

AA = 4.5

TEXT_ON: dict[str, tuple[str, ...]] = {
    "text": ("window", "pane", "hover", "selection", "incoming_bubble", "highlight"),
    # Times, previews, hints, other months' days, key caps.
    "muted_text": ("window", "pane", "hover", "selection", "incoming_bubble"),
    # Links in a customer's bubble, an unread row's time, known {names} in a reply.
    "accent": ("window", "pane", "hover", "selection", "incoming_bubble"),
    # A selected row of a popup or a calendar, the main button, a count.
    "accent_text": ("accent_fill", "unread_badge"),
    "outgoing_text": ("outgoing_bubble", "danger_fill"),
    # A failed reply's line; a wait past its second threshold (warning: its first).
    "danger": ("window", "pane", "hover", "selection"),
    "warning": ("window", "pane", "hover", "selection"),
    # A report's figure that got better, under it on its card.
    "success": ("pane",),
    "muted_badge_text": ("muted_text",),
}


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_reads_on_every_colour_it_is_drawn_on(theme: Theme) -> None:
    below = {
        f"{fg} on {bg}": round(contrast(theme.color(fg), theme.color(bg)), 2)
        for fg, backgrounds in TEXT_ON.items()
        for bg in backgrounds
        if contrast(theme.color(fg), theme.color(bg)) < AA
    }
    assert not below, below
