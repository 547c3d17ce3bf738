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
