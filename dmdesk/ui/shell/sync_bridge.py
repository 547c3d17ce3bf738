"""Turns the sync engine's listener calls (on worker threads) into Qt signals,
delivered to the GUI thread by queued connections."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from dmdesk.domain import AccountStatus, IngestResult


class SyncBridge(QObject):
    messages_ingested = Signal(int, object)  # account id, IngestResult
    message_status_changed = Signal(object)  # tuple of message ids
    account_status_changed = Signal(int, str, str)  # account id, AccountStatus, detail


class SyncListenerAdapter:
    """The SyncListener protocol, forwarding to a bridge's signals."""

    def __init__(self, bridge: SyncBridge) -> None:
        self._bridge = bridge

    def messages_ingested(self, account_id: int, result: IngestResult) -> None:
        self._bridge.messages_ingested.emit(account_id, result)

    def message_status_changed(self, message_ids: tuple[int, ...]) -> None:
        self._bridge.message_status_changed.emit(message_ids)

    def account_status_changed(self, account_id: int, status: AccountStatus, detail: str) -> None:
        self._bridge.account_status_changed.emit(account_id, status.value, detail)
