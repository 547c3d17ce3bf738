"""Search speed on an inbox of 20,000 conversations and 1,000,000 messages.

The messages draw from a Zipf-like vocabulary of 5,000 words, plus planted
words: "order" in 20% of messages (a common word), "alpaca" in 0.01% (rare),
"blue scarf" in 2% (a phrase). Each query runs through ``SearchReader`` as the
window runs it (first 50 results with snippets), and through a plain ``LIKE``
scan for comparison, in the same run.

Usage: python benchmarks/search_benchmark.py [--conversations N] [--messages M] [--runs R]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dmdesk.services.search_query import parse
from dmdesk.store.database import apply_pragmas, database_path, ensure_schema
from dmdesk.store.search import SearchReader

PLATFORMS = ["instagram", "messenger", "x", "telegram", "whatsapp", "linkedin"]
LIKE_SCAN = "SELECT id, text FROM messages WHERE text LIKE ? ORDER BY id DESC LIMIT 50"
QUERIES = {
    "common word (20%)": ("order", "%order%"),
    "rare word (0.01%)": ("alpaca", "%alpaca%"),
    "prefix, as typed": ("alp", "%alp%"),
    "phrase": ('"blue scarf"', "%blue scarf%"),
    "two words": ("order blue", None),
    "word + platform filter": ("order platform:linkedin", None),
    "filter only: has:attachment": ("has:attachment", None),
    "filter only: is:unread platform:instagram": ("is:unread platform:instagram", None),
    "person's name": ("customer 4242", None),
}


def generate(folder: Path, conversations: int, messages: int) -> Path:
    path = database_path(folder)
    ensure_schema(path)
    db = sqlite3.connect(path)
    apply_pragmas(db)
    rng = random.Random(11)
    now = int(time.time() * 1000)
    vocabulary = [
        f"{a}{b}{c}" for a, b, c in itertools.product("bcdfghklmnprstv", "aeiou", "lmnrstxz")
    ]
    vocabulary = [w + str(n) if n else w for n in range(5) for w in vocabulary][:5000]
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))))
    db.executemany(
        "INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at,"
        " settings, credential_key, status_detail) VALUES (?, ?, 'Shop', '', 'connected', 'bench',"
        " ?, '{}', '', '')",
        [(i + 1, p, now) for i, p in enumerate(PLATFORMS)],
    )
    db.executemany(
        "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at)"
        " VALUES (?, ?, '[]', 0, ?)",
        [(i, f"Customer {i}", now) for i in range(1, conversations + 1)],
    )
    db.executemany(
        "INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,"
        " is_group, participants, contact_id, last_activity_at, unread_count, archived,"
        " trashed, pinned, muted, draft_text)"
        " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0, 0, 0, '')",
        [
            (
                i,
                i % 6 + 1,
                PLATFORMS[i % 6],
                f"c{i}",
                f"Customer {i}",
                f'[{{"id": "u{i}", "name": "Customer {i}", "handle": "customer{i}"}}]',
                i,
                now - i * 60_000,
                int(rng.random() < 0.1),
            )
            for i in range(1, conversations + 1)
        ],
    )
    # Bulk load: the message trigger is dropped and the index built once after.
    trigger = db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'messages_search_insert'"
    ).fetchone()[0]
    db.execute("DROP TRIGGER messages_search_insert")
    per = messages // conversations
    batch = []
    for m in range(1, messages + 1):
        conversation = (m - 1) // per + 1
        words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(3, 20))
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), "order")
        if rng.random() < 0.0001:
            words.append("alpaca")
        if rng.random() < 0.02:
            words[0:0] = ["blue", "scarf"]
        batch.append(
            (
                m,
                conversation,
                conversation % 6 + 1,
                f"m{m}",
                "incoming" if m % 2 else "outgoing",
                " ".join(words),
                now - (messages - m) * 30_000,
                f"Customer {conversation}" if m % 2 else "Shop",
                int(rng.random() < 0.01),
            )
        )
        if len(batch) == 50_000:
            _insert(db, batch)
            batch = []
    _insert(db, batch)
    db.execute(
        "UPDATE conversations SET last_message_id = (SELECT max(id) FROM messages m"
        " WHERE m.conversation_id = conversations.id)"
    )
    db.execute("INSERT INTO messages_search(messages_search) VALUES ('rebuild')")
    db.execute(trigger)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return path


def _insert(db: sqlite3.Connection, batch: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO messages (id, conversation_id, account_id, platform_message_id, direction,"
        " text, sent_at, sender_name, has_attachments, sender_platform_id, status, edited,"
        " unsent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'read', 0, 0)",
        batch,
    )


def timed(call, runs: int) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.2f} ms, p95 {p95:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dmdesk-search-bench-"))
    started = time.perf_counter()
    path = generate(folder, args.conversations, args.messages)
    print(f"generated {args.messages:,} messages in {time.perf_counter() - started:.0f} s")

    db = sqlite3.connect(path)
    apply_pragmas(db)
    total = path.stat().st_size
    index = db.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'messages_search%'"
        " OR name LIKE 'conversations_search%'"
    ).fetchone()[0]
    print(
        f"database {total / 1e6:.0f} MB, of which the search indexes {index / 1e6:.0f} MB "
        f"({index / total:.0%})\n"
    )

    reader = SearchReader(path)
    for label, (typed, like) in QUERIES.items():
        query = parse(typed + " ")  # as if the typing had ended
        if label.startswith("prefix"):
            query = parse(typed)  # still typing: the last word is a prefix
        samples, page = timed(lambda q=query: reader.search(q, limit=50), args.runs)
        count = reader.count(query, cap=10**7)
        print(f"{label:44} {figures(samples)}  ({count:,} found, {len(page.hits)} shown)")
        if like:
            like_samples, _ = timed(
                lambda p=like: db.execute(LIKE_SCAN, (p,)).fetchall(), max(5, args.runs // 4)
            )
            print(f"{'   the same by a LIKE scan, newest first':44} {figures(like_samples)}")
    reader.close()
    db.close()


if __name__ == "__main__":
    main()
