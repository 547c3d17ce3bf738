"""Speed of the report (Go → Reports) at 20,000 conversations and 1,000,000
messages over a year, the 90-day range, beside a raw SQL floor for the same
numbers measured in the same run.

The workspace is a shop's year: each chat has turns of one to three customer
messages, each answered after minutes to a day (or, now and then, not at all),
more by day than by night. The report is built as the window builds it
(services/reports.py, from its own connection, as its worker does); the floor
is SQL alone computing the same numbers from the same tables (first-response
median and 90th percentile and the shares within 1 h and 24 h for the period and
the one before, messages per day, the weekday-hour heatmap).

Usage: python benchmarks/report_benchmark.py [--conversations N] [--messages M] [--runs R]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TZ", "Europe/London")  # a zone with summer time: days of 23 and 25 h

from dmdesk.services.business_hours import BusinessHours, Span
from dmdesk.services.reports import Period, build_report
from dmdesk.store.database import apply_pragmas, database_path, ensure_schema
from dmdesk.store.report_reads import ReportReader
from dmdesk.store.response_waits import REBUILD_SQL

PLATFORMS = ["instagram", "messenger", "x", "telegram", "whatsapp"]
YEAR_MS = 365 * 24 * 3600 * 1000
HOURS = BusinessHours(((Span(clock(9), clock(17, 30)),),) * 5 + ((Span(clock(10), clock(14)),), ()))


def generate(folder: Path, conversations: int, messages: int) -> Path:
    path = database_path(folder)
    ensure_schema(path)
    db = sqlite3.connect(path)
    apply_pragmas(db)
    rng = random.Random(17)
    now = int(time.time() * 1000)
    db.executemany(
        "INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at)"
        " VALUES (?, ?, 'Shop', '@shop', 'connected', 'bench', ?)",
        [(i + 1, p, now) for i, p in enumerate(PLATFORMS)],
    )
    db.executemany(
        "INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,"
        " is_group, participants, last_activity_at, unread_count, archived, trashed, pinned,"
        " muted, draft_text) VALUES (?, ?, ?, ?, ?, 0, '[]', ?, 0, 0, 0, 0, 0, '')",
        [
            (i, i % 5 + 1, PLATFORMS[i % 5], f"c{i}", f"Customer {i}", now)
            for i in range(1, conversations + 1)
        ],
    )
    per = messages // conversations
    batch: list[tuple] = []
    message_id = 0
    for conversation in range(1, conversations + 1):
        at = now - rng.randrange(YEAR_MS)
        written = 0
        while written < per:
            for _ in range(min(rng.choice((1, 1, 2, 3)), per - written)):
                message_id += 1
                written += 1
                batch.append((message_id, conversation, conversation % 5 + 1, "incoming", at))
                at += rng.randrange(20_000, 600_000)
            if written >= per or rng.random() < 0.04:
                at += rng.randrange(3_600_000, 20 * 86_400_000)  # never answered
                continue
            # Minutes to a day, most within the hour.
            at += int(math.exp(rng.gauss(math.log(25 * 60_000), 1.6)))
            message_id += 1
            written += 1
            batch.append((message_id, conversation, conversation % 5 + 1, "outgoing", at))
            at += rng.randrange(60_000, 5 * 86_400_000)
        if len(batch) >= 50_000:
            _insert(db, batch)
            batch = []
    _insert(db, batch)
    began = time.perf_counter()
    db.execute(REBUILD_SQL.format(which="TRUE"))  # as migration 0010 fills it
    print(f"every wait of the year kept in {time.perf_counter() - began:.1f} s")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return path


def _insert(db: sqlite3.Connection, batch: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO messages (id, conversation_id, account_id, platform_message_id, direction,"
        " text, sent_at, sender_platform_id, sender_name, status, edited, unsent,"
        " has_attachments) VALUES (?1, ?2, ?3, 'm' || ?1, ?4, 'a message', ?5, '', 'Customer',"
        " 'read', 0, 0, 0)",
        batch,
    )


FLOOR = """
WITH answered AS (
    SELECT answered_at - wrote_at AS took,
           row_number() OVER (ORDER BY answered_at - wrote_at) AS n, count(*) OVER () AS total
    FROM response_waits
    WHERE wrote_at >= :start AND wrote_at < :end AND answered_at IS NOT NULL
)
SELECT (SELECT took FROM answered WHERE n = (total + 1) / 2),
       (SELECT took FROM answered WHERE n = (total * 9 + 9) / 10),
       (SELECT avg(took <= 3600000) FROM answered),
       (SELECT avg(took <= 86400000) FROM answered)
"""
FLOOR_DAYS = """
SELECT date(quarter * 900, 'unixepoch', 'localtime') AS day, sum(incoming), sum(outgoing)
FROM message_counts WHERE quarter >= :start / 900000 AND quarter < :end / 900000 GROUP BY day
"""
FLOOR_HEATMAP = """
SELECT strftime('%w %H', quarter * 900, 'unixepoch', 'localtime') AS slot, sum(incoming)
FROM message_counts WHERE quarter >= :start / 900000 AND quarter < :end / 900000 GROUP BY slot
"""


def floor(path: Path, period: Period) -> float:
    """The same figures (this period's and the one before's) in SQL alone."""
    db = sqlite3.connect(path)
    apply_pragmas(db)
    began = time.perf_counter()
    for span in (period, period.previous()):
        edges = {"start": _ms(span.start), "end": _ms(span.end)}
        db.execute(FLOOR, edges).fetchall()
    edges = {"start": _ms(period.start), "end": _ms(period.end)}
    db.execute(FLOOR_DAYS, edges).fetchall()
    db.execute(FLOOR_HEATMAP, edges).fetchall()
    took = time.perf_counter() - began
    db.close()
    return took


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    time.tzset()
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        path = generate(Path(work), args.conversations, args.messages)
        print(
            f"workspace: {args.conversations:,} conversations, {args.messages:,} messages "
            f"over a year ({time.perf_counter() - started:.0f} s to write)"
        )
        now = datetime.now(UTC)
        period = Period.last_days(90, now)
        reader = ReportReader(path)
        build_report(reader, period, None, None, now)  # the page cache warm, as in use
        rows = []
        for label, hours in (("wall clock", None), ("business hours", HOURS)):
            samples = []
            for _ in range(args.runs):
                began = time.perf_counter()
                report = build_report(reader, period, None, hours, now)
                samples.append(time.perf_counter() - began)
            rows.append((label, statistics.median(samples), max(samples), report))
        floors = [floor(path, period) for _ in range(args.runs)]
        reader.close()
    base = statistics.median(floors)
    print(f"raw SQL floor (same numbers, SQL only): median {base * 1000:.0f} ms")
    for label, median, worst, report in rows:
        stats = report.current
        print(
            f"90-day report, {label}: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
            f"({median / base:.2f}x the floor; {stats.waits:,} waits, median first response "
            f"{stats.median}, p90 {stats.p90})"
        )


if __name__ == "__main__":
    main()
