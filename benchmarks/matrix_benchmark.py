"""Matrix sync against a real Synapse on 127.0.0.1 (the tests' .venv-synapse): a
backlog of direct chats synced and stored, the same after DMDesk was closed (gaps
filled from room history), and end-to-end encrypted messages decrypted and a
reply encrypted. Usage:
python benchmarks/matrix_benchmark.py [--chats N] [--messages M] [--encrypted E]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from connectors.test_matrix_encryption import Customer, fetch_until  # noqa: E402
from matrix_homeserver import Homeserver, MatrixUser, running_homeserver  # noqa: E402

from dmdesk.connectors.matrix import MatrixConnector  # noqa: E402
from dmdesk.connectors.matrix_session import MatrixCredential, sign_in  # noqa: E402
from dmdesk.domain import OutgoingMessage, Platform  # noqa: E402
from dmdesk.store import accounts as account_store  # noqa: E402
from dmdesk.store import messages as message_store  # noqa: E402
from dmdesk.store.database import Database, database_path, ensure_schema  # noqa: E402


def backlog(homeserver: Homeserver, shop: MatrixUser, chats: int, messages: int, tag: str):
    """``chats`` customers, each opening a direct chat and writing ``messages``."""
    rooms = []
    for c in range(chats):
        customer = homeserver.register(f"{tag}customer{c}")
        rooms.append((customer, homeserver.direct_chat(customer, shop)))
    return rooms


def write(homeserver: Homeserver, rooms, messages: int, tag: str) -> None:
    for c, (customer, room) in enumerate(rooms):
        with homeserver.client(customer) as them:
            for n in range(messages):
                them.put(
                    f"/rooms/{room}/send/m.room.message/{tag}{c}-{n}",
                    json={"msgtype": "m.text", "body": f"Question {n} about order {c}"},
                ).raise_for_status()


def sync_once(connector: MatrixConnector, cursor: str | None, database: Database, account_id):
    """One fetch (gaps filled within it) and its write, in one transaction."""
    started = time.perf_counter()
    result = connector.fetch(cursor)
    fetched = time.perf_counter()
    with database.transaction() as session:
        ingested = message_store.ingest(
            session, account_id, Platform.MATRIX, result.messages, datetime.now(UTC)
        )
    stored = time.perf_counter()
    return len(ingested.new_message_ids), fetched - started, stored - fetched, result.cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--encrypted", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    with running_homeserver(work / "synapse") as homeserver:
        shop = homeserver.register("shop", "shop password")
        path = database_path(work / "data")
        path.parent.mkdir(parents=True)
        ensure_schema(path)
        database = Database(path)
        with database.transaction() as session:
            account = account_store.add_account(
                session, Platform.MATRIX, "Shop", shop.user_id, "matrix"
            )
        connector = MatrixConnector(MatrixCredential(shop.access_token), homeserver=homeserver.url)
        rooms = backlog(homeserver, shop, args.chats, args.messages, "a")
        write(homeserver, rooms, args.messages, "first")
        total = args.chats * args.messages

        started = time.perf_counter()
        stored, fetch_s, store_s, cursor = sync_once(connector, None, database, account.id)
        elapsed = time.perf_counter() - started
        print(
            f"first sync, {args.chats} chats x {args.messages} messages: {stored:,} stored "
            f"in {elapsed:.2f} s ({stored / elapsed:,.0f}/s; fetch {fetch_s:.2f} s, "
            f"store {store_s:.2f} s)"
        )
        assert stored == total, (stored, total)

        write(homeserver, rooms, 150, "closed")  # more than a sync's 100 per room
        started = time.perf_counter()
        stored, fetch_s, store_s, cursor = sync_once(connector, cursor, database, account.id)
        elapsed = time.perf_counter() - started
        print(
            f"after being closed, {args.chats} chats x 150 new messages (gaps filled): "
            f"{stored:,} stored in {elapsed:.2f} s ({stored / elapsed:,.0f}/s; "
            f"fetch {fetch_s:.2f} s, store {store_s:.2f} s)"
        )
        assert stored == args.chats * 150, stored
        connector.close()

        seller = homeserver.register("seller", "seller password")
        secure = MatrixConnector(
            sign_in(homeserver.url, seller.user_id, seller.password), homeserver=homeserver.url
        )
        secure.use_folder(work / "seller")
        cursor = secure.fetch(None).cursor
        customer = Customer(homeserver, homeserver.register("private"), work / "customer")
        room = customer.open_encrypted_chat(seller.user_id)
        cursor = secure.fetch(cursor).cursor
        for n in range(args.encrypted):
            customer.say(room, f"Private question {n}")
        started = time.perf_counter()
        got, cursor = fetch_until(secure, cursor, room, args.encrypted)
        elapsed = time.perf_counter() - started
        assert [m.text for m in got] == [f"Private question {n}" for n in range(args.encrypted)]
        print(
            f"{args.encrypted} encrypted messages synced and decrypted: {elapsed:.2f} s "
            f"({args.encrypted / elapsed:,.0f}/s)"
        )
        timings = []
        for n in range(20):
            started = time.perf_counter()
            secure.send(OutgoingMessage(n, f"reply-{n}", room, f"Answer {n}"))
            timings.append(time.perf_counter() - started)
        print(
            f"encrypted reply: first {timings[0] * 1000:.0f} ms (shares the room key), "
            f"then median {sorted(timings[1:])[9] * 1000:.0f} ms"
        )
        secure.close()
        customer.close()
        database.close()


if __name__ == "__main__":
    main()
