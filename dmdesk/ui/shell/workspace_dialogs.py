"""The dialogs that change what the workspace holds: accounts (add, re-connect,
remove) and importing a history. From the demo, both lead to the owner's own
workspace, which then opens in the window's place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QWidget

from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.kit.tasks import TaskRunner
from dmdesk.ui.shell.preferences_menu import media_limit_bytes

if TYPE_CHECKING:
    from dmdesk.ui.accounts.dialog import AccountsDialog
    from dmdesk.ui.importing.dialog import ImportDialog


class WorkspaceDialogs(QObject):
    accounts_changed = Signal()
    """Accounts were added, re-connected or removed, or a history was imported."""
    own_workspace_requested = Signal()
    """From the demo: the owner's own workspace now holds something; open it."""

    def __init__(
        self,
        reader: InboxReads,
        tasks: TaskRunner,
        settings: QSettings,
        demo: bool,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._reader = reader
        self._tasks = tasks
        self._settings = settings
        self._demo = demo
        self._window = window
        self.keyring_available = True
        """Known once the services are ready."""
        self._accounts_dialog: AccountsDialog | None = None

    def open_accounts(self) -> None:
        from dmdesk.ui.accounts.dialog import AccountsDialog

        dialog = AccountsDialog(
            self._reader,
            self._tasks,
            demo=self._demo,
            keyring_available=self.keyring_available,
            parent=self._window,
        )
        self._accounts_dialog = dialog
        dialog.accounts_changed.connect(self.accounts_changed)
        added_to_own: list[bool] = []
        dialog.first_account_added.connect(lambda: added_to_own.append(True))
        try:
            dialog.exec()
        finally:
            self._accounts_dialog = None
        if added_to_own:  # once the dialog is gone: this window closes for the new one
            self.own_workspace_requested.emit()

    def on_account_status_changed(self) -> None:
        if self._accounts_dialog is not None:
            self._accounts_dialog.on_account_status_changed()

    def open_import(self) -> ImportDialog:
        """File → Import…; returns the dialog (shown, not modal-blocking) for tests
        and the command palette alike."""
        from dmdesk.ui.importing.dialog import ImportDialog

        dialog = ImportDialog(
            self._tasks,
            demo=self._demo,
            media_limit=media_limit_bytes(self._settings),
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda own: self._on_history_imported(dialog, own))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _on_history_imported(self, dialog: ImportDialog, to_own_workspace: bool) -> None:
        if to_own_workspace:
            # From the demo, the user's own workspace now holds a history: it opens
            # once they have read the summary and closed the dialog.
            dialog.finished.connect(lambda _: self.own_workspace_requested.emit())
            return
        self.accounts_changed.emit()
