"""People at the size of a busy shop: 20,000 people, each with an identity (a
phone number on WhatsApp, a handle elsewhere) and a conversation of a few
messages, with 200 twins (the same number, or the same handle on another
platform). Measures what the contact pane waits for on each selection
(``InboxReader.merge_suggestions``) beside its floor in the same run, the one
indexed join of a phone key alone; and what the People table waits for (its
first page and count in each order, a filter, a page deep in the list) beside
its peer in the same run, the conversation list's first page.

Usage: python benchmarks/people_benchmark.py [--people N] [--runs R]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dmdesk.domain import ListQuery, PeopleQuery, PeopleSort
from dmdesk.store.database import database_path, ensure_schema
from dmdesk.store.match_keys import handle_key, phone_key
from dmdesk.store.reads import InboxReader

PAGE = 200
"""As the People table and the conversation list read them."""

PLATFORMS = ("instagram", "whatsapp", "telegram", "messenger")
FLOOR = (
    "SELECT other.contact_id FROM contact_identities mine JOIN contact_identities other "
    "ON other.phone_key = mine.phone_key WHERE mine.contact_id = ? AND mine.phone_key != '' "
    "AND other.phone_key != '' "
    "AND other.contact_id != ?"
)


def build(path: Path, people: int) -> list[int]:
    """The workspace; returns the ids of people who have a twin."""
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at) "
        "VALUES (?, ?, '[]', 0, 0)",
        [(i, f"Person {i} Surname") for i in range(1, people + 1)],
    )
    identities, conversations, messages = [], [], []
    for i in range(1, people + 1):
        platform = PLATFORMS[i % len(PLATFORMS)]
        handle = f"+44 7700 {i:06d}" if platform == "whatsapp" else f"@person{i}"
        identities.append((i, platform, f"u{i}", handle, f"Person {i}"))
        conversations.append((i, 1, platform, f"c{i}", f"Person {i}", i, i * 1000))
        messages += [(i, 1, f"m{i}-{n}", "hello about the order", n) for n in range(3)]
    twins = list(range(1, people + 1, max(1, people // 200)))[:200]
    for n, i in enumerate(twins):
        platform = PLATFORMS[i % len(PLATFORMS)]
        handle = identities[i - 1][3]
        other = "telegram" if platform == "whatsapp" else "x"
        identities.append((people + n + 1, other, f"twin{i}", handle, f"P {i}"))
        connection.execute(
            "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at) "
            "VALUES (?, ?, '[]', 0, 0)",
            (people + n + 1, f"P {i}"),
        )
    connection.executemany(
        "INSERT INTO contact_identities (contact_id, platform, platform_user_id, handle, "
        "display_name, phone_key, handle_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(c, p, u, h, d, phone_key(h, u, d), handle_key(h)) for c, p, u, h, d in identities],
    )
    connection.execute(
        "INSERT INTO accounts (id, platform, display_name, handle, connector, status, "
        "created_at, settings) "
        "VALUES (1, 'instagram', 'Shop', '@shop', 'demo', 'connected', 0, '{}')"
    )
    connection.executemany(
        "INSERT INTO conversations (id, account_id, platform, platform_conversation_id, "
        "title, contact_id, last_activity_at, is_group, participants, unread_count, archived, "
        "trashed, pinned, muted, draft_text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, '[]', 0, 0, 0, 0, 0, '')",
        conversations,
    )
    connection.executemany(
        "INSERT INTO messages (conversation_id, account_id, platform_message_id, text, "
        "sent_at, sender_platform_id, sender_name, direction, status, edited, unsent, "
        "has_attachments) VALUES (?, ?, ?, ?, ?, '', 'x', 'incoming', 'delivered', 0, 0, 0)",
        messages,
    )
    connection.commit()
    connection.close()
    return twins


def timed(action, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    path = database_path(Path(tempfile.mkdtemp()))
    ensure_schema(path)
    started = time.perf_counter()
    twins = build(path, args.people)
    built = time.perf_counter() - started
    print(f"{args.people:,} people, {len(twins)} twins, built in {built:.1f} s")
    reader = InboxReader(path)
    raw = sqlite3.connect(path)
    lonely = next(i for i in range(2, args.people) if i not in set(twins))
    assert reader.merge_suggestions(twins[1]), "a twin should be suggested"
    for label, person in (("with a twin", twins[1]), ("without", lonely)):
        median, p95 = timed(lambda p=person: reader.merge_suggestions(p), args.runs)
        floor, floor95 = timed(lambda p=person: raw.execute(FLOOR, (p, p)).fetchall(), args.runs)
        print(
            f"suggestions for a person {label}: median {median:.2f} ms, p95 {p95:.2f} ms"
            f"  (floor, the phone-key join alone: {floor:.3f} / {floor95:.3f} ms)"
        )
    table(reader, args)
    reader.close()
    raw.close()


def table(reader: InboxReader, args: argparse.Namespace) -> None:
    """The People table's reads, beside the conversation list's first page."""
    peer, peer95 = timed(lambda: reader.conversation_page(ListQuery(), limit=PAGE), args.runs)
    print(f"conversation list, first page of {PAGE} (the peer): {peer:.2f} / {peer95:.2f} ms")
    runs = max(5, args.runs // 10)
    cases = [(f"by {sort.value}", PeopleQuery(sort=sort), 0) for sort in PeopleSort]
    cases += [
        ("filtered by name", PeopleQuery(text="Person 19"), 0),
        ("by last message, 50 pages down", PeopleQuery(), 50 * PAGE),
    ]
    for label, query, offset in cases:
        median, p95 = timed(
            lambda q=query, o=offset: (
                reader.people_page(q, o, PAGE),
                reader.people_count(q),
            ),
            runs,
        )
        print(
            f"people table {label}: median {median:.2f} ms, p95 {p95:.2f} ms "
            f"({median / peer:.1f}x the conversation list)"
        )


if __name__ == "__main__":
    main()
