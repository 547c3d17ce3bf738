"""What the command palette finds besides the action table: people and their
conversations by name ("ben" → Ben Carter), and the settings of File →
Preferences by what they say ("quiet", "sound", "read")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QMenu

from dmdesk.domain import ConversationSummary
from dmdesk.ui.kit.formatting import one_line

Entries = dict[str, tuple[str, Callable[[], None]]]
"""Entry name -> (what it says, what it does)."""
CONVERSATIONS_LISTED = 300
"""The most recent conversations the palette knows by name."""


def conversation_entries(
    conversations: list[ConversationSummary], go_to: Callable[[int], None]
) -> Entries:
    return {
        f"conversation_{c.id}": (
            f"Go to {one_line(c.title, 60)} · {c.platform.label}",
            partial(go_to, c.id),
        )
        for c in conversations
    }


def preference_entries(menu: QMenu) -> Entries:
    """Every choice of the Preferences menu, its submenus' included."""
    found: Entries = {}

    def walk(current: QMenu, path: str) -> None:
        for action in current.actions():
            if action.isSeparator():
                continue
            if (submenu := action.menu()) is not None and isinstance(submenu, QMenu):
                walk(submenu, f"{path}{action.text()} → ")
                continue
            text = action.text().replace("&", "")
            found[f"preference_{len(found)}"] = (f"Preferences: {path}{text}", action.trigger)

    walk(menu, "")
    return found
