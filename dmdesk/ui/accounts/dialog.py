"""Accounts: add, re-connect and remove the platform accounts DMDesk syncs.

Adding goes: choose a platform, fill in what it needs, Test connection, Save.
Save is only offered once a test with exactly these values has passed, so a
saved account always worked at least once. Every step that waits on the
network or the keyring runs on the network pool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dmdesk.domain import Account, AccountStatus
from dmdesk.services.accounts import (
    AccountKind,
    ConnectionTest,
    account_kinds,
    is_demo,
    keyring_help,
    kind_of,
)
from dmdesk.services.inbox_reads import InboxReads
from dmdesk.ui.accounts.guide import GuideWindow
from dmdesk.ui.accounts.health import health_rows
from dmdesk.ui.accounts.model import AccountListModel, status_text
from dmdesk.ui.kit.formatting import clock_time, one_line
from dmdesk.ui.kit.plain_text import PlainLabel, ask, warn
from dmdesk.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from dmdesk.services.runtime import Services

Job = Callable[[Any], Any]


class AccountsDialog(QDialog):
    accounts_changed = Signal()
    first_account_added = Signal()
    """In the demo workspace: an account was saved to the user's own workspace."""

    def __init__(
        self,
        reader: InboxReads,
        tasks: TaskRunner,
        *,
        demo: bool,
        keyring_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accounts")
        self.resize(860, 600)
        self._reader = reader
        self._tasks = tasks
        self._demo = demo
        self._tested: tuple[str, tuple[tuple[str, str], ...]] | None = None
        self._passed: ConnectionTest | None = None
        self._editing: Account | None = None  # None: adding a new account
        self._busy = False
        self._checking: int | None = None
        """The account Check now is fetching for."""

        self.banner = PlainLabel(self)
        self.banner.setObjectName("Banner")
        self.banner.setWordWrap(True)
        notes = []
        if demo:
            notes.append(
                "This is the demo workspace. An account you add is saved in your own "
                "workspace, which DMDesk then opens; the demo stays as it is."
            )
        if not keyring_available:
            notes.append(keyring_help())
        self.banner.setText("\n\n".join(notes))
        self.banner.setVisible(bool(notes))
        self._keyring_available = keyring_available

        self.model = AccountListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setObjectName("AccountList")
        self.list.setMinimumWidth(280)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = PlainLabel("No accounts yet.\nAdd one to start syncing.", self)
        self.empty.setObjectName("Hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_button = QPushButton("Add account…", self)
        self.add_button.setObjectName("Primary")
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.empty, 1)
        left.addWidget(self.add_button)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._details_page())
        self.pages.addWidget(self._form_page())

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.pages, 3)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addLayout(footer)

        # Enter belongs to the form (test, then save), not to whichever button a
        # dialog would make its default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.start_adding)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        self.reload()
        if self.model.rowCount() == 0:
            self.start_adding()

    # --- pages ----------------------------------------------------------------------------

    def _details_page(self) -> QWidget:
        page = QWidget(self)
        self.detail_title = PlainLabel(page)
        self.detail_title.setObjectName("ContactName")
        self.detail_platform = PlainLabel(page)
        self.detail_platform.setObjectName("Muted")
        self.detail_status = PlainLabel(page)
        self.detail_status.setWordWrap(True)
        # Its health: last sync, next try, how long its token lasts.
        self.health_box = QWidget(page)
        self.health = QFormLayout(self.health_box)
        self.health.setContentsMargins(0, 0, 0, 0)
        self.health.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.check_button = QPushButton("Check now", page)
        self.check_button.setToolTip("Fetch from the platform now, and show how it went.")
        self.check_result = PlainLabel(page)
        self.check_result.setObjectName("Muted")
        self.reconnect_button = QPushButton("Re-connect…", page)
        self.remove_button = QPushButton("Remove account…", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.reconnect_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_platform)
        layout.addSpacing(8)
        layout.addWidget(self.detail_status)
        layout.addSpacing(4)
        layout.addWidget(self.health_box)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.check_result)
        layout.addStretch(1)
        self.check_button.clicked.connect(self.check_selected)
        self.reconnect_button.clicked.connect(self.start_reconnecting)
        self.remove_button.clicked.connect(self.remove_selected)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        self.form_title = PlainLabel(page)
        self.form_title.setObjectName("ContactName")
        self.kind = QComboBox(page)
        for kind in account_kinds().values():
            self.kind.addItem(kind.title, kind.name)
        self.summary = PlainLabel(page)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("Muted")
        self.guide_button = QPushButton("How do I get this?", page)
        self.guide_button.setObjectName("Link")
        self.guide_button.setFlat(True)
        self.guide_button.setToolTip("Step by step: where the token is, what it costs.")
        self._guide: GuideWindow | None = None
        # Some platforms ask for more than fits: the fields scroll, never squeeze.
        self.fields_scroll = QScrollArea(page)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_scroll.viewport().setAutoFillBackground(False)
        self.fields_box = QWidget(self.fields_scroll)
        self.fields_box.setAutoFillBackground(False)
        self.fields_scroll.setWidget(self.fields_box)
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setContentsMargins(0, 0, 0, 0)
        self.inputs: dict[str, QLineEdit] = {}
        self.hints: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        self.advanced_button = QToolButton(page)
        self.advanced_button.setText("Advanced settings")
        self.advanced_button.setCheckable(True)
        self.test_button = QPushButton("Test connection", page)
        self.save_button = QPushButton("Save", page)
        self.save_button.setObjectName("Primary")
        self.cancel_button = QPushButton("Cancel", page)
        self.outcome = PlainLabel(page)
        self.outcome.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.form_title)
        layout.addWidget(self.kind)
        layout.addWidget(self.summary)
        layout.addWidget(self.guide_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(lambda _: self._build_fields())
        self.advanced_button.toggled.connect(lambda _: self._show_advanced())
        self.test_button.clicked.connect(self.test_connection)
        self.guide_button.clicked.connect(self.show_guide)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self._cancel_form)
        return page

    def _current_kind(self) -> AccountKind:
        return account_kinds()[self.kind.currentData()]

    def _build_fields(self, values: Mapping[str, str] | None = None) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.inputs.clear()
        self.hints.clear()
        self.rows.clear()
        kind = self._current_kind()
        self.summary.setText(kind.summary)
        self.guide_button.setVisible(bool(kind.guide))
        for field in kind.fields:
            edit = QLineEdit(self.fields_box)
            edit.setObjectName(f"field_{field.name}")
            edit.setPlaceholderText(field.placeholder or field.default)
            edit.setText((values or {}).get(field.name, field.default))
            edit.setToolTip(field.help)
            if field.secret or field.transient:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            if field.secret and self._editing is not None:
                edit.setPlaceholderText("Leave empty to keep the stored token")
            edit.textChanged.connect(lambda _: self._form_changed())
            edit.returnPressed.connect(self._on_field_return_pressed)
            # The field with its hint right under it, as one row of the form.
            row = QWidget(self.fields_box)
            stack = QVBoxLayout(row)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(edit)
            if field.help:
                hint = PlainLabel(field.help, row)
                hint.setObjectName("Hint")
                hint.setWordWrap(True)
                stack.addWidget(hint)
                self.hints[field.name] = hint
            self.fields_form.addRow(field.label, row)
            self.rows[field.name] = row
            self.inputs[field.name] = edit
        self.advanced_button.setVisible(any(f.advanced for f in kind.fields))
        # The fields are made anew for each platform, after the buttons: put them
        # back between the platform and the buttons for Tab.
        chain = [self.kind, *self.inputs.values(), self.advanced_button, self.test_button]
        for before, after in pairwise([*chain, self.cancel_button, self.save_button]):
            QWidget.setTabOrder(before, after)
        self._show_advanced()
        self._form_changed()

    def show_guide(self) -> None:
        """The chosen platform's guide, beside the dialog (not over it)."""
        kind = self._current_kind()
        if not kind.guide:
            return
        if self._guide is not None:
            self._guide.close()
        self._guide = GuideWindow(kind.guide, self)
        self._guide.place_beside(self)
        self._guide.show()

    def _on_field_return_pressed(self) -> None:
        """Enter in a field tests the connection, and once it has passed, saves."""
        if self.save_button.isEnabled():
            self.save()
        elif self.test_button.isEnabled():
            self.test_connection()

    def _show_advanced(self) -> None:
        for field in self._current_kind().fields:
            if field.advanced:
                shown = self.advanced_button.isChecked()
                self.fields_form.setRowVisible(self.rows[field.name], shown)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.inputs.items()}

    def _form_key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.kind.currentData(), tuple(sorted(self.values().items()))

    def _form_changed(self) -> None:
        passed = self._tested == self._form_key()
        self.save_button.setEnabled(passed and not self._busy and self._keyring_available)
        self.test_button.setEnabled(not self._busy)
        if not passed and self._tested is not None:
            self.outcome.setText("")
            self._tested = None
            self._forget_passed()

    def _forget_passed(self) -> None:
        """A passed test that will not be saved: revoke any session it signed in."""
        passed, self._passed = self._passed, None
        if passed is not None and passed.new_session:
            self._tasks.network(lambda s: s.connections.forget(passed))

    # --- the list -------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        current = self.selected()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.model.set_accounts(self._reader.accounts())
        has_accounts = self.model.rowCount() > 0
        self.list.setVisible(has_accounts)
        self.empty.setVisible(not has_accounts)
        row = self.model.row_of(keep)
        if has_accounts:
            self.list.setCurrentIndex(self.model.index(max(row, 0)))
        self._show_selected()

    def selected(self) -> Account | None:
        return self.model.account_at(self.list.currentIndex().row())

    def _show_selected(self) -> None:
        if self.pages.currentIndex() == 1 and self._editing is None and self._busy:
            return
        account = self.selected()
        if account is None:
            return
        self.pages.setCurrentIndex(0)
        self.detail_title.setText(account.display_name)
        self.detail_platform.setText(
            f"{account.platform.label}" + (f" · {account.handle}" if account.handle else "")
        )
        status = status_text(account)
        detail = account.status_detail
        if is_demo(account):
            detail = "A demo account: its customers and their messages are invented."
        elif account.history_only:
            detail = (
                f"Conversations imported from a {account.platform.label} data download "
                "(File → Import history…). Nothing syncs them and replies cannot be sent "
                f"from them: add your {account.platform.label} account to answer from DMDesk."
            )
        self.detail_status.setText(f"{status}. {detail}" if detail else status)
        self.remove_button.setVisible(not is_demo(account))
        self.remove_button.setText(
            "Remove imported history…" if account.history_only else "Remove account…"
        )
        self.reconnect_button.setVisible(not is_demo(account) and not account.history_only)
        self._show_health(account)
        self.detail_status.setObjectName(
            "Warning" if account.status is AccountStatus.NEEDS_RECONNECT else ""
        )
        self.detail_status.style().unpolish(self.detail_status)
        self.detail_status.style().polish(self.detail_status)
        self.reconnect_button.setEnabled(kind_of(account) is not None)

    def _show_health(self, account: Account) -> None:
        while self.health.rowCount():
            self.health.removeRow(0)
        rows = health_rows(account, kind_of(account), datetime.now(UTC))
        for label, words in rows:
            name = PlainLabel(label, self.health_box)
            name.setObjectName("Muted")
            value = PlainLabel(words, self.health_box)
            value.setWordWrap(True)
            self.health.addRow(name, value)
        self.health_box.setVisible(bool(rows))
        self.check_button.setVisible(bool(rows))
        if self._checking != account.id:
            self.check_result.setText("")

    def check_selected(self) -> None:
        """Fetch now; the account's status and health show how it went."""
        account = self.selected()
        if account is None or self._checking is not None:
            return
        account_id = self._checking = account.id
        self.check_button.setEnabled(False)
        self.check_result.setText("Checking…")

        def checked(_: object) -> None:
            self._checking = None
            self.check_button.setEnabled(True)
            self.reload()
            shown = self.selected()
            if shown is not None and shown.id == account_id:
                self.check_result.setText(f"Checked at {clock_time(datetime.now(UTC))}.")

        def failed(error: BaseException) -> None:
            self._checking = None
            self.check_button.setEnabled(True)
            self.check_result.setText(str(error) or type(error).__name__)

        self._tasks.network(lambda s: s.sync.check_now(account_id), checked, failed)

    def on_account_status_changed(self) -> None:
        self.reload()

    # --- adding and re-connecting ---------------------------------------------------------

    def start_adding(self) -> None:
        self._editing = None
        self._tested = None
        self.form_title.setText("Add an account")
        self.kind.setEnabled(True)
        self.outcome.setText("")
        self._build_fields()
        self.pages.setCurrentIndex(1)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    def start_reconnecting(self) -> None:
        account = self.selected()
        if account is None or kind_of(account) is None:
            return
        self._editing = account
        self._tested = None
        self.form_title.setText(f"Re-connect {account.display_name}")
        self.kind.setCurrentIndex(self.kind.findData(account.connector))
        self.kind.setEnabled(False)
        self.outcome.setText("")
        account_id = account.id
        self._run(
            lambda s: s.connections.settings_for_form(account_id),
            self._fill_reconnect_form,
            "Reading the account…",
        )

    def _fill_reconnect_form(self, values: dict[str, str]) -> None:
        self._build_fields(values)
        self.pages.setCurrentIndex(1)

    def test_connection(self) -> None:
        kind_name, values = self.kind.currentData(), self.values()
        key = self._form_key()
        account_id = self._editing.id if self._editing else None

        self._forget_passed()

        def passed(tested: ConnectionTest) -> None:
            self._passed = tested
            self._tested = key
            identity = tested.identity
            who = identity.display_name + (f" ({identity.handle})" if identity.handle else "")
            self.outcome.setObjectName("")
            self.outcome.setText(f"✓ Connected as {who}.")
            self._restyle(self.outcome)
            self._form_changed()

        self._run(
            lambda s: s.connections.check(kind_name, values, account_id),
            passed,
            "Testing the connection…",
        )

    def save(self) -> None:
        tested = self._passed
        if tested is None or self._tested != self._form_key():
            return
        # The save owns the tested sign-in now: closing the dialog while it runs must
        # not revoke the session the new account is being saved with.
        self._passed = None
        editing = self._editing
        job: Job
        if editing is not None:
            account_id = editing.id

            def job(s: Services) -> Account:
                return s.connections.reconnect(account_id, tested)

        elif self._demo:

            def job(s: Services) -> Account:
                return s.connections.add_to_own_workspace(tested)

        else:

            def job(s: Services) -> Account:
                return s.connections.add(tested)

        def unsaved() -> None:
            if self.isVisible() and self._tested == self._form_key():
                self._passed = tested  # still on the form: Save can be pressed again
            elif tested.new_session:
                self._tasks.network(lambda s: s.connections.forget(tested))

        self._run(job, self._saved, "Saving…", failed=unsaved)

    def _saved(self, account: Account) -> None:
        self._tested = None
        self._passed = None
        self._editing = None
        self.accounts_changed.emit()
        if self._demo:
            self.first_account_added.emit()
            self.accept()
            return
        self.reload(select_id=account.id)

    def _cancel_form(self) -> None:
        self._editing = None
        self._tested = None
        self._forget_passed()
        if self.model.rowCount():
            self._show_selected()
        else:
            self.reject()

    def done(self, result: int) -> None:
        self._forget_passed()  # closed with a tested, unsaved sign-in
        super().done(result)

    # --- removing -------------------------------------------------------------------------

    def remove_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        what = (
            "Its imported conversations and messages are deleted from this computer; "
            "you can import the download again at any time."
            if account.history_only
            else "Its conversations, messages and notes on its conversations are deleted "
            "from this computer, and its token from your keyring."
        )
        if not ask(
            self,
            "Remove account?",
            f"Remove {one_line(account.display_name, 80)} ({account.platform.label})?\n\n"
            f"{what} Nothing changes on {account.platform.label}.",
            "Remove",
            warning=True,
        ):
            return
        account_id = account.id
        self._run(
            lambda s: s.connections.remove(account_id),
            self._removed,
            "Removing…",
        )

    # --- plumbing -------------------------------------------------------------------------

    def _removed(self, _: object) -> None:
        self.accounts_changed.emit()
        self.reload()

    def _run(
        self,
        job: Job,
        done: Callable[[Any], None],
        busy_text: str,
        failed: Callable[[], None] | None = None,
    ) -> None:
        self._busy = True
        self.outcome.setObjectName("Muted")
        self.outcome.setText(busy_text)
        self._restyle(self.outcome)
        self._form_changed()
        for button in (self.add_button, self.reconnect_button, self.remove_button):
            button.setEnabled(False)

        def finish(result: Any) -> None:
            self._idle()
            if self.outcome.text() == busy_text:
                self.outcome.setText("")
            done(result)

        def fail(error: BaseException) -> None:
            self._idle()
            if failed is not None:
                failed()
            reason = str(error) or type(error).__name__
            if self.pages.currentIndex() == 0:  # the details page has no result line
                warn(self, "Accounts", reason)
                return
            self.outcome.setObjectName("Warning")
            self.outcome.setText(reason)
            self._restyle(self.outcome)

        self._tasks.network(job, finish, fail)

    def _idle(self) -> None:
        self._busy = False
        for button in (self.add_button, self.remove_button):
            button.setEnabled(True)
        account = self.selected()
        self.reconnect_button.setEnabled(account is not None and kind_of(account) is not None)
        self._form_changed()

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
