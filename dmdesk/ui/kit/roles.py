"""The item data roles of every DMDesk model, in one enum."""

from enum import IntEnum

from PySide6.QtCore import Qt


class Roles(IntEnum):
    CONVERSATION = Qt.ItemDataRole.UserRole + 1
    """The ConversationSummary of a list row."""
    CONVERSATION_ID = Qt.ItemDataRole.UserRole + 2
    MESSAGE = Qt.ItemDataRole.UserRole + 3
    """The Message of a thread row."""
    STARTS_DAY = Qt.ItemDataRole.UserRole + 4
    """True when a thread row is the first of its day (draws a separator)."""
    SHOWS_SENDER = Qt.ItemDataRole.UserRole + 5
    """True when a thread row names its sender (groups, change of sender)."""
    HIGHLIGHTED = Qt.ItemDataRole.UserRole + 6
    QUICK_REPLY = Qt.ItemDataRole.UserRole + 7
    """The QuickReply of a library or popup row."""
    QUICK_REPLY_SEARCH = Qt.ItemDataRole.UserRole + 8
    """What typing after "/" matches: the keyword and the name."""
    QUICK_REPLY_PREVIEW = Qt.ItemDataRole.UserRole + 9
    """The body filled in for the open conversation, on one line."""
    ACCOUNT = Qt.ItemDataRole.UserRole + 10
    """The Account of a row in the Accounts dialog."""
    SEND_PROBLEM = Qt.ItemDataRole.UserRole + 11
    """Why an outgoing message is still waiting, or failed; empty when nothing is wrong."""
    SEARCH_HIT = Qt.ItemDataRole.UserRole + 12
    """The SearchHit of a search result row."""
    SAVED_VIEW = Qt.ItemDataRole.UserRole + 13
    """The SavedView of a row in the left pane."""
