"""Colours and the style sheet, light or dark as the system says."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from dmdesk.domain import Platform
from dmdesk.ui.kit.icons import icon_path


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool
    window: str
    pane: str
    sidebar: str
    text: str
    muted_text: str
    border: str
    accent: str
    """Lines, focus rings, links and unread times: drawn on the panes."""
    accent_fill: str
    """Filled accent areas (a selection, the main button) with accent_text on them."""
    accent_text: str
    selection: str
    hover: str
    incoming_bubble: str
    outgoing_bubble: str
    outgoing_text: str
    unread_badge: str
    danger: str
    warning: str
    """Amber: a customer waiting longer than they should (danger: much longer)."""
    success: str
    """Green: a report's figure that got better."""
    danger_fill: str
    """A failed reply's bubble, with outgoing_text on it."""
    muted_badge_text: str
    """A muted conversation's count, on a muted_text pill."""
    highlight: str

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    dark=False,
    window="#f4f5f7",
    pane="#ffffff",
    sidebar="#f4f5f7",
    text="#1c1e21",
    muted_text="#5f6673",
    border="#e3e5e8",
    accent="#5454d0",
    accent_fill="#5b5bd6",
    accent_text="#ffffff",
    selection="#e8e8fb",
    hover="#f1f2f6",
    incoming_bubble="#eef0f3",
    outgoing_bubble="#5b5bd6",
    outgoing_text="#ffffff",
    unread_badge="#5b5bd6",
    danger="#bb2e2e",
    warning="#915f00",
    success="#1d7a3e",
    danger_fill="#c43333",
    muted_badge_text="#ffffff",
    highlight="#fff3c4",
)
DARK = Theme(
    dark=True,
    window="#15171c",
    pane="#1c1f26",
    sidebar="#15171c",
    text="#e6e7ea",
    muted_text="#9aa0ab",
    border="#2b2f38",
    accent="#9494f7",
    accent_fill="#5b5bd6",
    accent_text="#ffffff",
    selection="#2c2d52",
    hover="#242833",
    incoming_bubble="#2a2e37",
    outgoing_bubble="#5b5bd6",
    outgoing_text="#ffffff",
    unread_badge="#5b5bd6",
    danger="#f67a7a",
    warning="#e0a526",
    success="#5cc985",
    danger_fill="#c43333",
    muted_badge_text="#1c1f26",
    highlight="#4a4220",
)

PLATFORM_COLORS = {
    Platform.INSTAGRAM: "#e1306c",
    Platform.MESSENGER: "#0a7cff",
    Platform.X: "#14171a",
    Platform.TELEGRAM: "#229ed9",
    Platform.WHATSAPP: "#1fae54",
    Platform.LINKEDIN: "#0a66c2",
    Platform.SIGNAL: "#3a76f0",
    Platform.MATRIX: "#0dbd8b",
}
PLATFORM_MARKS = {
    Platform.INSTAGRAM: "IG",
    Platform.MESSENGER: "M",
    Platform.X: "X",
    Platform.TELEGRAM: "TG",
    Platform.WHATSAPP: "WA",
    Platform.LINKEDIN: "in",
    Platform.SIGNAL: "S",
    Platform.MATRIX: "[m]",
}

_current = LIGHT


def current_theme() -> Theme:
    return _current


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Unknown:
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return scheme == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, dark: bool | None = None) -> Theme:
    """Style the whole application; None follows the system."""
    global _current
    _current = DARK if (system_prefers_dark() if dark is None else dark) else LIGHT
    app.setStyle("Fusion")
    palette = QPalette()
    t = _current
    for role, value in (
        (QPalette.ColorRole.Window, t.window),
        (QPalette.ColorRole.Base, t.pane),
        (QPalette.ColorRole.AlternateBase, t.hover),
        (QPalette.ColorRole.Text, t.text),
        (QPalette.ColorRole.WindowText, t.text),
        (QPalette.ColorRole.Button, t.pane),
        (QPalette.ColorRole.ButtonText, t.text),
        (QPalette.ColorRole.Highlight, t.accent_fill),
        (QPalette.ColorRole.HighlightedText, t.accent_text),
        (QPalette.ColorRole.PlaceholderText, t.muted_text),
        (QPalette.ColorRole.ToolTipBase, t.pane),
        (QPalette.ColorRole.ToolTipText, t.text),
        (QPalette.ColorRole.Link, t.accent),
    ):
        palette.setColor(role, QColor(value))
    # What cannot be used now (a menu's disabled entry, a calendar's days of the
    # next month) is drawn muted: with the colours above alone it looked the same.
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.muted_text))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(t))
    return t


def style_sheet(t: Theme) -> str:
    return f"""
    QMainWindow, QDialog {{ background: {t.window}; }}
    /* The style's stock floppy and red-X icons on Save and Cancel look unfinished. */
    QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
    QWidget {{ font-size: 10pt; }}
    QSplitter::handle {{ background: {t.border}; }}
    QSplitter::handle:horizontal {{ width: 1px; }}
    #Sidebar {{ background: {t.sidebar}; }}
    #ThreadPane, #ContactPane {{ background: {t.pane}; }}
    #ContactPane {{ border-left: 1px solid {t.border}; }}
    /* Style rules go here, each with a selector, never on a widget without one:
       such a rule reaches every child, and a popup (a date edit's calendar, a
       field's context menu) is a child drawn as a window of its own, where a
       transparent background is black. */
    #ContactScroll, #ContactBody {{ background: transparent; }}
    QLineEdit#ContactName {{ border: none; background: transparent; padding: 0; }}
    QLineEdit#ContactName:focus {{ background: {t.hover}; }}
    #NoteCard QPushButton {{ border: none; padding: 2px; }}
    #NoteCard QPushButton:focus {{ border: 2px solid {t.accent}; }}
    #EmojiGrid QToolButton {{ font-size: 16pt; }}
    QListView {{ border: none; outline: none; }}
    /* Lists that lie on a pane or a dialog show its colour; a popup list (a
       completer's suggestions) is a window of its own and keeps the Base colour. */
    #ThreadPane > QListView, QDialog QListView {{ background: transparent; }}
    #ConversationList {{ background: {t.pane}; border-top: 1px solid {t.border}; }}
    #ViewList {{ background: transparent; }}
    #ViewList::item {{ padding: 5px 10px; border-radius: 6px; color: {t.text}; }}
    #ViewList::item:selected {{ background: {t.selection}; color: {t.text}; font-weight: 600; }}
    #ViewList::item:hover:!selected {{ background: {t.hover}; }}
    /* Qt draws a placeholder in the text colour at half strength unless told:
       3.3:1 on a field; the muted colour reads 4.5:1 or more in both themes. */
    QLineEdit, QPlainTextEdit, QTextEdit {{ placeholder-text-color: {t.muted_text}; }}
    /* A table's selected row in the accent, hovered or not (the style's lighter
       hovered selection left white text at 4.3:1). */
    QTableView::item:selected {{ background: {t.accent_fill}; color: {t.accent_text}; }}
    QLineEdit, QPlainTextEdit, QDateEdit, QComboBox {{
        background: {t.pane}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 5px 8px; color: {t.text}; selection-background-color: {t.accent_fill};
    }}
    QLineEdit:focus, QPlainTextEdit:focus, QDateEdit:focus, QComboBox:focus {{
        border: 1px solid {t.accent};
    }}
    QComboBox::drop-down, QDateEdit::drop-down {{
        subcontrol-origin: padding; subcontrol-position: center right;
        width: 22px; border: none;
    }}
    /* A style sheet cannot tint an image: the chevron is one grey for light and dark. */
    QComboBox::down-arrow, QDateEdit::down-arrow {{
        image: url("{icon_path("chevron-down").as_posix()}"); width: 12px; height: 12px;
    }}
    #SearchBox {{ padding-left: 10px; border-radius: 16px; }}
    #Composer {{ border-radius: 12px; padding: 8px 10px; }}
    #Composer[dropping="true"] {{ border: 2px dashed {t.accent}; }}
    QPushButton {{
        background: {t.pane}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 5px 12px; color: {t.text};
    }}
    QPushButton:hover {{ background: {t.hover}; }}
    /* Where the keyboard is, always visible: Tab never leaves it somewhere unseen. */
    QPushButton:focus, QToolButton:focus {{ border: 2px solid {t.accent}; }}
    QCheckBox:focus {{ color: {t.accent}; }}
    QPushButton#Primary {{ background: {t.accent_fill}; color: {t.accent_text}; border: none;
        font-weight: 600; }}
    QPushButton#Primary:disabled {{ background: {t.border}; color: {t.muted_text}; }}
    QPushButton#Primary:focus {{ border: 2px solid {t.text}; }}
    QPushButton#Destructive {{ background: {t.danger_fill}; color: #ffffff; border: none;
        font-weight: 600; }}
    QPushButton#Destructive:focus {{ border: 2px solid {t.text}; }}
    #DialogHeading {{ font-size: 12pt; font-weight: 600; }}
    QToolButton#StageChip {{ border: 1px solid {t.accent}; border-radius: 10px; color: {t.accent};
        padding: 1px 8px; background: transparent; }}
    QToolButton#StageChip:hover {{ background: {t.hover}; }}
    QPushButton#Link {{ background: transparent; border: none; color: {t.accent};
        padding: 2px 0px; text-decoration: underline; }}
    QPushButton#Link:hover {{ color: {t.text}; }}
    QPushButton#Link:focus {{ border: none; color: {t.text}; }}
    QFrame#SuggestionCard {{ background: {t.selection}; border-radius: 8px; }}
    QPushButton#PersonConversation {{ text-align: left; border: none; border-radius: 6px;
        padding: 5px 8px; background: transparent; color: {t.text}; }}
    QPushButton#PersonConversation:hover {{ background: {t.hover}; }}
    QPushButton#PersonConversation:checked {{ background: {t.selection}; font-weight: 600; }}
    QToolButton#SendMore {{ background: {t.accent_fill}; border-radius: 6px; padding: 5px 3px; }}
    QToolButton#SendMore:disabled {{ background: {t.border}; }}
    QToolButton {{ border: none; border-radius: 6px; padding: 4px; }}
    QToolButton:hover {{ background: {t.hover}; }}
    QToolButton[popupMode="2"] {{ padding-right: 16px; }}
    QToolButton#IconMenuButton {{ padding: 4px; }}
    QToolButton#IconMenuButton::menu-indicator {{ image: none; width: 0px; }}
    #ThreadHeader {{ border-bottom: 1px solid {t.border}; background: {t.pane}; }}
    #ThreadTitle {{ font-size: 13pt; font-weight: 600; }}
    #ContactName {{ font-size: 14pt; font-weight: 600; }}
    #Muted, #Hint {{ color: {t.muted_text}; }}
    QLabel#Waited {{ color: {t.muted_text}; }}
    QListWidget#ClosedDays {{ background: {t.pane}; border: 1px solid {t.border};
        border-radius: 8px; padding: 4px; }}
    QLabel#Waited[level="amber"] {{ color: {t.warning}; font-weight: 600; }}
    QLabel#Waited[level="red"] {{ color: {t.danger}; font-weight: 600; }}
    #Hint {{ font-size: 9pt; }}
    #SectionTitle {{ color: {t.muted_text}; font-size: 8pt; font-weight: 700;
        letter-spacing: 1px; }}
    #Warning {{ color: {t.danger}; font-weight: 600; }}
    QFrame#ReportFigure {{ background: {t.pane}; border: 1px solid {t.border};
        border-radius: 10px; }}
    QLabel#ReportValue {{ font-size: 20pt; font-weight: 600; }}
    QLabel#Hint[trend="better"] {{ color: {t.success}; font-weight: 600; }}
    QLabel#Hint[trend="worse"] {{ color: {t.danger}; font-weight: 600; }}
    QLabel#AwayPreview {{ background: {t.hover}; border: 1px solid {t.border};
        border-radius: 8px; padding: 8px; }}
    #Hint[over="true"] {{ color: {t.danger}; font-weight: 600; }}
    #Chip {{ background: {t.hover}; border: 1px solid {t.border}; border-radius: 12px; }}
    QFrame#Answering {{ background: {t.hover}; border: none;
        border-left: 3px solid {t.accent}; border-radius: 4px; }}
    QLabel#AnsweringWho {{ color: {t.accent}; font-weight: 600; }}
    #QuickReplyPopup {{
        background: {t.pane}; border: 1px solid {t.border}; border-radius: 8px;
    }}
    QToolButton#PlatformToggle {{
        border: 1px solid {t.border}; border-radius: 12px; padding: 3px 10px;
    }}
    QToolButton#PlatformToggle:checked {{
        background: {t.accent_fill}; color: {t.accent_text}; border-color: {t.accent_fill};
    }}
    QPushButton#NewActivityPill {{ background: {t.accent_fill}; color: {t.accent_text};
        border: none; border-radius: 14px; min-height: 20px; padding: 4px 16px;
        font-weight: 600; }}
    #Preview {{ background: {t.hover}; }}
    #Toast {{ background: {"#f2f2f5" if t.dark else "#23252b"}; border-radius: 10px; }}
    #Toast QLabel {{ color: {"#15171c" if t.dark else "#ffffff"}; }}
    #Toast QPushButton {{ background: transparent; border: none; font-weight: 700;
        color: {"#4a4ad0" if t.dark else "#a5a5ff"}; }}
    QCheckBox::indicator {{ width: 16px; height: 16px; border-radius: 4px;
        border: 1px solid {t.muted_text}; background: {t.pane}; }}
    QCheckBox::indicator:checked {{ background: {t.accent}; border: 1px solid {t.accent};
        image: none; }}
    QDateEdit:disabled {{ color: {t.muted_text}; background: {t.hover}; }}
    #qt_calendar_navigationbar {{ background: {t.pane}; border-bottom: 1px solid {t.border}; }}
    #qt_calendar_navigationbar QToolButton {{ color: {t.text}; font-weight: 600; }}
    #qt_calendar_navigationbar QToolButton::menu-indicator {{ image: none; width: 0px; }}
    QCalendarWidget QAbstractItemView {{ background: {t.pane}; outline: none;
        selection-background-color: {t.accent_fill}; selection-color: {t.accent_text}; }}
    #NoteCard {{ background: {t.hover}; border-radius: 8px; }}
    #Banner {{ background: {t.hover}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 10px 12px; }}
    QListView#AccountList::item {{ padding: 8px 6px; }}
    #EmptyState {{ color: {t.muted_text}; font-size: 12pt; }}
    QStatusBar {{ color: {t.muted_text}; }}
    QMenu {{ background: {t.pane}; border: 1px solid {t.border}; padding: 4px; }}
    QMenu::item {{ padding: 5px 24px 5px 12px; border-radius: 4px; }}
    QMenu::item:selected {{ background: {t.selection}; color: {t.text}; }}
    QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {t.border}; border-radius: 4px;
        min-height: 30px; margin: 2px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    """
