"""The accounts as a list model: who each is, on which platform, and how its
connection is doing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from dmdesk.domain import Account, AccountStatus
from dmdesk.ui.kit.formatting import clock_time
from dmdesk.ui.kit.plain_text import as_rich_text
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.kit.theme import current_theme

AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_WORDS = {
    AccountStatus.CONNECTED: "Up to date",
    AccountStatus.SYNCING: "Syncing…",
    AccountStatus.NEEDS_RECONNECT: "Needs re-connect",
    AccountStatus.RATE_LIMITED: "Rate limited",
    AccountStatus.OFFLINE: "Offline",
    AccountStatus.IMPORTED: "Imported history",
}
STATUS_COLORS = {
    AccountStatus.CONNECTED: "#1fae54",
    AccountStatus.SYNCING: "#229ed9",
    AccountStatus.NEEDS_RECONNECT: "#d93f3f",
    AccountStatus.RATE_LIMITED: "#d98a1f",
    AccountStatus.OFFLINE: "#8a8f98",
    AccountStatus.IMPORTED: "#7a6ff0",
}


def status_text(account: Account) -> str:
    words = STATUS_WORDS[account.status]
    if account.status is AccountStatus.RATE_LIMITED and account.retry_at is not None:
        return f"{words} until {clock_time(account.retry_at)}"
    if account.status is AccountStatus.OFFLINE and account.retry_at is not None:
        return f"{words} · next try {clock_time(account.retry_at)}"
    if account.status is AccountStatus.CONNECTED and account.status_detail:
        return f"{words} · some messages may be missing"  # the only words it carries
    return words


def needs_owner(account: Account) -> bool:
    """Stopped, slowed, or working with a gap the owner should know of."""
    if account.status is AccountStatus.CONNECTED:
        return bool(account.status_detail)
    return account.status not in (AccountStatus.SYNCING, AccountStatus.IMPORTED)


def summary_line(accounts: Sequence[Account]) -> str:
    """The status bar's account line: how many, and any that need the owner."""
    trouble = [a for a in accounts if needs_owner(a)]
    if trouble:
        worst = trouble[0]
        more = f" (+{len(trouble) - 1} more)" if len(trouble) > 1 else ""
        return f"{worst.platform.label} {worst.display_name}: {status_text(worst)}{more}"
    names = ", ".join(sorted({a.platform.label for a in accounts}))
    count = f"{len(accounts)} account" + ("" if len(accounts) == 1 else "s")
    return f"{count} · {names}" if accounts else "No accounts"


def status_dot(status: AccountStatus) -> QIcon:
    pixmap = QPixmap(24, 24)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATUS_COLORS[status]))
    painter.drawEllipse(6, 6, 12, 12)
    painter.end()
    return QIcon(pixmap)


class AccountListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._accounts: list[Account] = []
        self._dots = {status: status_dot(status) for status in AccountStatus}

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        self.beginResetModel()
        self._accounts = list(accounts)
        self.endResetModel()

    def account_at(self, row: int) -> Account | None:
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def row_of(self, account_id: int | None) -> int:
        return next((i for i, a in enumerate(self._accounts) if a.id == account_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._accounts)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        account = self.account_at(index.row()) if index.isValid() else None
        if account is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            who = account.display_name + (f"  {account.handle}" if account.handle else "")
            return f"{who}\n{account.platform.label} · {status_text(account)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._dots[account.status]
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_rich_text(account.status_detail or status_text(account))
        if role == Qt.ItemDataRole.ForegroundRole and account.status is AccountStatus.OFFLINE:
            return QColor(current_theme().muted_text)
        if role == Roles.ACCOUNT:
            return account
        return None
