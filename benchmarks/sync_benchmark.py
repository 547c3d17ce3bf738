"""Sync throughput against the fake Telegram Bot API on 127.0.0.1: how fast a
backlog of customer messages is ingested, and how fast queued replies leave
the outbox. Usage: python benchmarks/sync_benchmark.py [--messages N] [--replies M]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes.telegram_server import TOKEN, FakeTelegram  # noqa: E402

from dmdesk.connectors.telegram import TelegramConnector  # noqa: E402
from dmdesk.domain import ListQuery, MessageStatus, Platform  # noqa: E402
from dmdesk.services.sync import SyncEngine  # noqa: E402
from dmdesk.services.workers import Workers  # noqa: E402
from dmdesk.store import accounts as account_store  # noqa: E402
from dmdesk.store.database import Database, database_path, ensure_schema  # noqa: E402
from dmdesk.store.reads import InboxReader  # noqa: E402


class Quiet:
    def __init__(self) -> None:
        self.changed = threading.Event()

    def messages_ingested(self, account_id, result) -> None:
        pass

    def message_status_changed(self, message_ids) -> None:
        self.changed.set()

    def account_status_changed(self, account_id, status, detail) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--replies", type=int, default=500)
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="dmdesk-sync-bench-"))
    path = database_path(folder)
    ensure_schema(path)
    database = Database(path)
    workers = Workers()
    listener = Quiet()
    engine = SyncEngine(database, workers, listener)
    fake = FakeTelegram()
    with database.transaction() as session:
        account = account_store.add_account(session, Platform.TELEGRAM, "Bot", "@b", "telegram")
    for number in range(args.messages):
        customer = number % args.customers
        fake.customer_writes(
            f"message {number}", user_id=10_000 + customer, first_name=f"C{customer}"
        )

    connector = TelegramConnector(TOKEN, base_url=fake.url, long_poll_seconds=0)
    engine._connectors[account.id] = connector
    started = time.perf_counter()
    stored = 0
    while stored < args.messages:
        stored += len(engine.sync_once(account).new_message_ids)
    ingest_s = time.perf_counter() - started
    print(
        f"ingest {args.messages:,} messages from {args.customers} customers "
        f"(getUpdates pages of 100): {ingest_s:.2f} s, {args.messages / ingest_s:,.0f} messages/s"
    )

    reader = InboxReader(path)
    conversations = reader.conversation_page(ListQuery(), limit=args.customers)
    engine.start({account: connector})
    started = time.perf_counter()
    targets = [conversations[i % len(conversations)].id for i in range(args.replies)]
    ids = [
        workers.write(lambda c=c, i=i: engine.add_reply(c, f"reply {i}")).result()
        for i, c in enumerate(targets)
    ]
    queued_s = time.perf_counter() - started
    while True:
        statuses = {m.status for m in reader.messages(ids)}
        if statuses == {MessageStatus.SENT}:
            break
        listener.changed.wait(1)
        listener.changed.clear()
    sent_s = time.perf_counter() - started
    print(
        f"outbox: {args.replies} replies stored pending in {queued_s:.2f} s "
        f"({queued_s / args.replies * 1000:.2f} ms each), all sent after {sent_s:.2f} s "
        f"({args.replies / sent_s:,.0f} replies/s); "
        f"sent once each: {len(fake.sent) == args.replies}"
    )
    engine.stop()
    workers.shutdown()
    fake.stop()
    reader.close()
    database.close()


if __name__ == "__main__":
    main()
