"""The one table of user actions: it drives the menus, the shortcuts, the command
palette and the cheat sheet, so they can never disagree."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from dmdesk.ui.kit.icons import icon
from dmdesk.ui.kit.theme import current_theme


class Scope(StrEnum):
    WINDOW = "window"
    """Anywhere in the window; text fields still get their own keys (Qt's
    ShortcutOverride), so single letters never fire while typing."""
    LIST = "list"
    """Only while the conversation list has focus (keys text fields also use)."""
    COMPOSER = "composer"
    """Handled by the composer itself; listed for the palette and cheat sheet."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    scope: Scope = Scope.WINDOW
    icon: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    # ⌘ is the Mac's own word for it; elsewhere a plain prompt.
    ActionSpec(
        "palette",
        "Command palette…",
        "File",
        ("Ctrl+K",),
        icon="command" if sys.platform == "darwin" else "palette",
    ),
    ActionSpec("accounts", "Accounts…", "File", ("Ctrl+Shift+A",)),
    ActionSpec("import_history", "Import history…", "File", ("Ctrl+Shift+O",)),
    ActionSpec("quit", "Quit", "File", ("Ctrl+Q",)),
    ActionSpec("reply", "Reply", "Conversation", ("R",), icon="reply"),
    ActionSpec("send", "Send reply", "Conversation", ("Ctrl+Return",), Scope.COMPOSER, icon="send"),
    ActionSpec(
        "send_later",
        "Send later, or with a reminder…",
        "Conversation",
        ("Ctrl+Shift+Return",),
        Scope.COMPOSER,
        icon="send-later",
    ),
    # Q for quote: R is the reply box's, Return the list's.
    ActionSpec(
        "reply_to_message", "Reply to the selected message", "Conversation", ("Q",), icon="reply"
    ),
    ActionSpec("archive", "Archive (or move to Inbox)", "Conversation", ("E",), icon="archive"),
    ActionSpec("trash", "Move to Trash", "Conversation", ("#",), icon="trash"),
    ActionSpec("trash_key", "Move to Trash", "Conversation", ("Delete",), Scope.LIST),
    ActionSpec("restore", "Restore from Trash", "Conversation", ("Shift+E",), icon="restore"),
    ActionSpec(
        "delete_forever",
        "Delete forever…",
        "Conversation",
        ("Shift+Delete",),
        Scope.LIST,
        icon="trash",
    ),
    ActionSpec("mark_unread", "Mark as unread", "Conversation", ("U",), icon="unread"),
    ActionSpec("mark_read", "Mark as read", "Conversation", ("Shift+I",), icon="read"),
    ActionSpec("pin", "Pin or unpin", "Conversation", ("P",), icon="pin"),
    ActionSpec("mute", "Mute or unmute", "Conversation", ("M",), icon="mute"),
    # D for done: a "thank you!" leaves Waiting without a reply (or an archive).
    ActionSpec(
        "no_reply_needed", "No reply needed", "Conversation", ("D",), icon="no-reply-needed"
    ),
    # B, as Gmail has it; the action's menu holds the times.
    ActionSpec("snooze", "Snooze", "Conversation", ("B",), icon="snooze"),
    ActionSpec("unsnooze", "Unsnooze", "Conversation", ("Shift+B",), icon="inbox"),
    ActionSpec("undo", "Undo", "Edit", ("Z", "Ctrl+Z"), icon="undo"),
    ActionSpec("select_all", "Select all conversations", "Edit", ("Ctrl+A",), Scope.LIST),
    ActionSpec("next", "Next conversation", "Go", ("J",)),
    ActionSpec("previous", "Previous conversation", "Go", ("K",)),
    ActionSpec("open", "Open conversation", "Go", ("Return", "O")),
    ActionSpec("back", "Back to the list", "Go", ("Esc",)),
    ActionSpec("filter", "Search", "Go", ("/",), icon="search"),
    ActionSpec("save_search", "Save this search…", "Go", ("Ctrl+S",), icon="star"),
    ActionSpec("go_inbox", "Go to Inbox", "Go", ("G, I",), icon="inbox"),
    ActionSpec("go_unread", "Go to Unread", "Go", ("G, U",)),
    ActionSpec("go_waiting", "Go to Waiting", "Go", ("G, W",)),
    ActionSpec("go_snoozed", "Go to Snoozed", "Go", ("G, S",)),
    ActionSpec("go_follow_ups", "Go to Follow-ups", "Go", ("G, F",)),
    # L for later: S is Snoozed's.
    ActionSpec("go_scheduled", "Go to Scheduled", "Go", ("G, L",)),
    ActionSpec("go_pinned", "Go to Pinned", "Go", ("G, P",)),
    ActionSpec("go_archived", "Go to Archived", "Go", ("G, A",)),
    ActionSpec("go_trash", "Go to Trash", "Go", ("G, T",)),
    ActionSpec("reports", "Reports", "Go", ("G, R",), icon="reports"),
    ActionSpec("people", "People", "Go", ("G, C",)),
    ActionSpec("quick_replies", "Quick replies…", "Replies", ("Ctrl+Shift+Q",), icon="quick-reply"),
    ActionSpec("insert_quick_reply", "Insert a quick reply (type / in the reply)", "Replies"),
    ActionSpec("away_message", "Away message…", "Replies", icon="away"),
    ActionSpec("toggle_away", "Away message on/off", "Replies"),
    *(
        ActionSpec(f"quick_reply_{n}", f"Insert quick reply {n}", "Replies", (f"Alt+{n}",))
        for n in range(1, 10)
    ),
    ActionSpec("edit_stages", "Stages…", "People"),
    *(ActionSpec(f"stage_{n}", f"Move to stage {n}", "People", (f"S, {n}",)) for n in range(1, 10)),
    ActionSpec("stage_0", "Take out of their stage", "People", ("S, 0",)),
    ActionSpec("merge_person", "Merge this person with another…", "People"),
    ActionSpec("forget_person", "Forget this person…", "People"),
    ActionSpec("cheat_sheet", "Keyboard shortcuts", "Help", ("?",), icon="keyboard"),
    ActionSpec("open_data_folder", "Open data folder", "Help"),
    ActionSpec("report_problem", "Report a problem…", "Help"),
    ActionSpec("about", "About DMDesk", "Help"),
)
MENU_ORDER = ("File", "Edit", "Conversation", "People", "Replies", "Go", "Help")


def shortcut_text(spec: ActionSpec) -> str:
    """How the shortcuts read for people, in this platform's notation."""
    return "  or  ".join(
        QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in spec.shortcuts
    )


SHIFTED_SYMBOLS = frozenset('~!@#$%^&*()_+{}|:"<>?')
"""Symbols typed with Shift on most layouts."""


def _with_shifted_symbols(shortcuts: tuple[str, ...]) -> list[str]:
    """'#' and '?' are typed with Shift on most layouts, and some platforms report
    the Shift: bind both forms so the key works everywhere. Only those: a
    "Shift+/" for Search would be the very key X11 sends for "?", and Qt would
    find the two shortcuts ambiguous and run neither."""
    keys = list(shortcuts)
    keys += [f"Shift+{key}" for key in shortcuts if key in SHIFTED_SYMBOLS]
    return keys


def build_actions(
    window: QWidget,
    list_widget: QWidget,
    handlers: Mapping[str, Callable[[], object]],
    menu_bar: QMenuBar,
) -> dict[str, QAction]:
    """Create a QAction per table row, bind its keys, and fill the menus."""
    actions: dict[str, QAction] = {}
    menus = {name: menu_bar.addMenu(f"&{name}") for name in MENU_ORDER}
    seen_in_menu: set[str] = set()
    color = current_theme().text
    for spec in ACTIONS:
        owner = list_widget if spec.scope is Scope.LIST else window
        action = QAction(spec.text, owner)
        action.setObjectName(f"action_{spec.name}")
        if spec.icon:
            action.setIcon(icon(spec.icon, color))
        if spec.scope is Scope.COMPOSER:
            # Bound by the composer itself, so Ctrl+Enter in a note never sends;
            # the menu shows the key after a tab.
            action.setText(f"{spec.text}\t{shortcut_text(spec)}")
        else:
            action.setShortcuts([QKeySequence(s) for s in _with_shifted_symbols(spec.shortcuts)])
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut
                if spec.scope is Scope.LIST
                else Qt.ShortcutContext.WindowShortcut
            )
            owner.addAction(action)
            keys = shortcut_text(spec)
            action.setToolTip(f"{spec.text}  ({keys})" if keys else spec.text)
        action.triggered.connect(handlers[spec.name])
        if spec.text not in seen_in_menu:
            seen_in_menu.add(spec.text)
            menus[spec.menu].addAction(action)
        actions[spec.name] = action
    return actions
