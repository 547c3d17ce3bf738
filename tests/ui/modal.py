"""Driving modal dialogs and popups, which run event loops of their own."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal_opens(act) -> None:
    """Run ``act`` on the next modal dialog, once its own event loop is running.

    A modal already open when this is called (the dialog the test is driving)
    is not the one awaited: a message box opened over it is.
    """
    already_open = QApplication.activeModalWidget()

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is already_open:
            QTimer.singleShot(10, attempt)
            return
        act(dialog)

    QTimer.singleShot(0, attempt)


def when_popup_opens(act) -> None:
    """Run ``act`` on the next popup (a menu), once it shows."""

    def attempt() -> None:
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(10, attempt)
            return
        act(popup)

    QTimer.singleShot(0, attempt)


def in_dialog(qtbot, window, key, dialog_type, act) -> None:
    """Open a modal dialog of ``dialog_type`` with the window's ``key`` shortcut
    (Ctrl+Shift+key), run ``act`` on it, close it, and hand the window back its
    activation as a window manager would."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    errors: list[BaseException] = []

    def run(dialog) -> None:
        try:
            assert isinstance(dialog, dialog_type)
            dialog.activateWindow()  # a window manager would; its shortcuts need it
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            act(dialog)
        except BaseException as error:  # re-raised below, outside the dialog's loop
            errors.append(error)
        finally:
            dialog.accept()

    when_modal_opens(run)
    window.focus_list()
    QTest.keyClick(
        window.focusWidget(),
        key,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    if errors:
        raise errors[0]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def in_accounts_dialog(qtbot, window, act) -> None:
    """Open Accounts with its shortcut, run ``act`` on the dialog, then close it."""
    from PySide6.QtCore import Qt

    from dmdesk.ui.accounts.dialog import AccountsDialog

    in_dialog(qtbot, window, Qt.Key.Key_A, AccountsDialog, act)


def click_attachment_chip(qtbot, window, row: int) -> None:
    """Click the (one) attachment chip of the thread's message at ``row``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    from dmdesk.ui.kit.roles import Roles

    view = window.thread_pane.view
    index = window.messages.index(row)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.font = view.font()
    delegate = view.itemDelegate()
    bubble, text_rect, document, _ = delegate._geometry(option, index)
    ((chip, _),) = delegate._chips(index.data(Roles.MESSAGE), bubble, text_rect, document)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=chip.center().toPoint())


def click_picture(qtbot, window, row: int) -> None:
    """Click the (first) picture drawn in the bubble of the thread's message at ``row``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    from dmdesk.ui.kit.roles import Roles

    view = window.thread_pane.view
    index = window.messages.index(row)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegate()
    bubble = delegate._geometry(option, index)[0]
    first = delegate.picture_cells(index.data(Roles.MESSAGE), bubble)[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first.rect.center().toPoint())
