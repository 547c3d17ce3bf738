"""Speed of the inbox at 20,000 conversations and 1,000,000 messages.

Each figure is printed beside the floor it can approach, measured in the same
run. Usage: python benchmarks/inbox_benchmark.py [--conversations N] [--messages M]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dmdesk.store.database import Database, apply_pragmas, database_path, ensure_schema

PLATFORMS = ["instagram", "messenger", "x", "telegram", "whatsapp"]


def generate(folder: Path, conversations: int, messages: int) -> Path:
    path = database_path(folder)
    ensure_schema(path)
    db = sqlite3.connect(path)
    apply_pragmas(db)
    rng = random.Random(7)
    now = int(time.time() * 1000)
    db.executemany(
        "INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at)"
        " VALUES (?, ?, 'Shop', '@shop', 'connected', 'bench', ?)",
        [(i + 1, p, now) for i, p in enumerate(PLATFORMS)],
    )
    db.executemany(
        "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at)"
        " VALUES (?, ?, '[]', 0, ?)",
        [(i, f"Customer {i}", now) for i in range(1, conversations + 1)],
    )
    rows = []
    for i in range(1, conversations + 1):
        account = (i % len(PLATFORMS)) + 1
        rows.append(
            (
                i,
                account,
                PLATFORMS[account - 1],
                f"c{i}",
                f"Customer {i}",
                i,
                now - i * 60_000,
                (rng.random() < 0.1 and rng.randint(1, 3)) or 0,
                int(rng.random() < 0.3),
            )
        )
    db.executemany(
        "INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,"
        " is_group, participants, contact_id, last_activity_at, unread_count, archived,"
        " trashed, pinned, muted, draft_text) VALUES (?, ?, ?, ?, ?, 0, '[]', ?, ?, ?, ?,"
        " 0, 0, 0, '')",
        rows,
    )
    per = messages // conversations
    words = [
        "hello",
        "thanks",
        "order",
        "parcel",
        "scarf",
        "blue",
        "size",
        "price",
        "shipping",
        "when",
        "tomorrow",
        "love",
        "it",
        "perfect",
        "return",
        "exchange",
        "colour",
        "wool",
    ]
    batch = []
    message_id = 0
    for conversation in range(1, conversations + 1):
        account = (conversation % len(PLATFORMS)) + 1
        last = now - conversation * 60_000
        for n in range(per):
            message_id += 1
            text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 25)))
            batch.append(
                (
                    message_id,
                    conversation,
                    account,
                    f"m{message_id}",
                    "incoming" if n % 2 == 0 else "outgoing",
                    text,
                    last - (per - n) * 90_000,
                )
            )
        if len(batch) >= 50_000:
            _insert_messages(db, batch)
            batch = []
    _insert_messages(db, batch)
    db.execute(
        "UPDATE conversations SET last_message_id = (SELECT max(id) FROM messages m"
        " WHERE m.conversation_id = conversations.id)"
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return path


PHOTOS_PER_THREAD = 20
PHOTO_THREADS = 10


def add_photo_threads(path: Path, folder: Path) -> list[int]:
    """The newest 20 messages of 10 conversations become photos (1,600 x 1,200
    JPEGs of their own, as a phone sends them, with the size the platform tells),
    for the first paint of a thread of photos and its thumbnails."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])
    db = sqlite3.connect(path)
    ids = [
        row[0]
        for row in db.execute(
            "SELECT id FROM conversations WHERE archived = 0 ORDER BY last_activity_at DESC"
            f" LIMIT {PHOTO_THREADS}"
        )
    ]
    photos = folder / "photos"
    photos.mkdir()
    rows = []
    for conversation_id in ids:
        newest = [
            row[0]
            for row in db.execute(
                "SELECT id FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC"
                f" LIMIT {PHOTOS_PER_THREAD}",
                (conversation_id,),
            )
        ]
        for number, message_id in enumerate(newest):
            image = QImage(1600, 1200, QImage.Format.Format_RGB32)
            painter = QPainter(image)
            shade = QLinearGradient(QPointF(0, 0), QPointF(1600, 1200))
            hue = (conversation_id * 37 + number * 11) % 360
            shade.setColorAt(0, QColor.fromHsv(hue, 120, 220))
            shade.setColorAt(1, QColor.fromHsv((number * 53) % 360, 200, 90))
            painter.fillRect(image.rect(), shade)
            painter.end()
            file = photos / f"{conversation_id}-{number}.jpg"
            image.save(str(file), "JPEG", 85)
            size = file.stat().st_size
            rows.append((message_id, "image", file.name, "image/jpeg", str(file), size))
        db.executemany(
            "UPDATE messages SET has_attachments = 1, text = '' WHERE id = ?",
            [(m,) for m in newest],
        )
    db.executemany(
        "INSERT INTO attachments (message_id, kind, name, mime, url, local_path, size, width,"
        " height, poster_url) VALUES (?, ?, ?, ?, '', ?, ?, 1600, 1200, '')",
        rows,
    )
    db.commit()
    db.close()
    del app
    return ids


def _insert_messages(db: sqlite3.Connection, batch: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO messages (id, conversation_id, account_id, platform_message_id, direction,"
        " text, sent_at, sender_platform_id, sender_name, status, edited, unsent,"
        " has_attachments) VALUES (?, ?, ?, ?, ?, ?, ?, '', 'Customer', 'read', 0, 0, 0)",
        batch,
    )


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms"


APP_WORKLOAD = """
import json, resource, sys, time
from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication
from dmdesk import app as dmdesk_app
from dmdesk.ui.shell.main_window import MainWindow

qt = QApplication(sys.argv[:1])

def workload():
    window = next(w for w in qt.topLevelWidgets() if isinstance(w, MainWindow))
    opened = []
    for _ in range(200):  # read 200 conversations one after another, as j does
        started = time.perf_counter()
        window.list_pane.step(1)
        qt.processEvents()
        window.thread_pane.view.viewport().repaint()  # the bubbles painted, not just queued
        opened.append((time.perf_counter() - started) * 1000)
    photos = photo_threads(window, json.loads(sys.argv[2]))
    model = window.conversations
    while model.canFetchMore(QModelIndex()):  # scroll to the very end of the list
        model.fetchMore(QModelIndex())
        window.list_pane.list.scrollToBottom()
        qt.processEvents()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"opened": opened, "rows": model.rowCount(), "peak_mb": peak, **photos}),
        flush=True,
    )
    window.close()

def visible_photos_shown(pane):
    # Whether every picture on screen is drawn (not a placeholder).
    from PySide6.QtWidgets import QStyleOptionViewItem
    from dmdesk.ui.kit.roles import Roles
    from dmdesk.ui.thread.photos import PhotoState

    view, delegate = pane.view, pane.bubbles
    for row in range(pane.model.rowCount()):
        index = pane.model.index(row)
        rect = view.visualRect(index)
        if not rect.intersects(view.viewport().rect()):
            continue
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = rect
        message = index.data(Roles.MESSAGE)
        bubble = delegate._geometry(option, index)[0]
        for cell in delegate.picture_cells(message, bubble):
            shown = delegate.photos.photo(
                message.id, cell.attachment, cell.rect.size().toSize(), crop=cell.crop, ratio=1.0
            )
            if shown.state is not PhotoState.SHOWN:
                return False
    return True

def photo_threads(window, ids):
    # Open each thread of 20 photos: until its bubbles are painted (placeholders
    # where a thumbnail is not ready), then until every photo on screen is drawn:
    # first from the originals, then again from the disk cache (memory emptied).
    from PySide6.QtGui import QPixmapCache

    pane = window.thread_pane
    figures = {"photo_first": [], "photo_cold": [], "photo_disk": []}
    for filled in ("photo_cold", "photo_disk"):
        QPixmapCache.clear()
        for conversation_id in ids:
            started = time.perf_counter()
            assert window.list_pane.select_id(conversation_id)
            qt.processEvents()
            pane.view.viewport().repaint()
            if filled == "photo_cold":
                figures["photo_first"].append((time.perf_counter() - started) * 1000)
            while not visible_photos_shown(pane):
                qt.processEvents()
                time.sleep(0.0005)
            pane.view.viewport().repaint()
            figures[filled].append((time.perf_counter() - started) * 1000)
    return figures

def when_shown():
    window = next(w for w in qt.topLevelWidgets() if isinstance(w, MainWindow))
    window.services_ready.connect(workload)

QTimer.singleShot(0, when_shown)
sys.exit(dmdesk_app.main(["--data-dir", sys.argv[1]]))
"""


def app_workload(folder: Path, photo_ids: list[int]) -> dict:
    """The real window, once its services are up: open 200 conversations with j, each
    until its bubbles are painted, then page to the list's end; and the peak RSS."""
    out = subprocess.run(
        [sys.executable, "-c", APP_WORKLOAD, str(folder), json.dumps(photo_ids)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(next(x for x in out.stdout.splitlines() if x.startswith("{")))


def cold_start(folder: Path, runs: int) -> tuple[list[float], float]:
    env = dict(os.environ, DMDESK_PRINT_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run(
            [sys.executable, "main.py", "--data-dir", str(folder)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        line = next(x for x in out.stdout.splitlines() if x.startswith("first-paint"))
        times.append((float(line.split()[1]) - start) * 1000)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return times, peak


def bare_window(runs: int) -> list[float]:
    code = (
        "import time;from PySide6.QtWidgets import QApplication,QMainWindow;"
        "from PySide6.QtCore import QTimer;a=QApplication([]);w=QMainWindow();"
        "w.resize(1280,800);w.show();QTimer.singleShot(0,lambda:(print(time.time()),a.quit()));"
        "a.exec()"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        times.append((float(out.stdout.split()[-1]) - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dmdesk-bench-") as folder:
        measure(Path(folder), args)


def measure(folder: Path, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    path = generate(folder, args.conversations, args.messages)
    photo_ids = add_photo_threads(path, folder)
    size = path.stat().st_size / 1e6
    print(
        f"inbox: {args.conversations:,} conversations, {args.messages:,} messages, "
        f"{size:.0f} MB, generated in {time.perf_counter() - started:.1f} s"
    )

    starts, peak = cold_start(folder, args.runs)
    floor = bare_window(args.runs)
    print(
        f"cold start to first painted list page: {percentiles(starts)}   "
        f"(floor, bare PySide6 window: {percentiles(floor)})"
    )
    print(f"peak memory, app started and closed at first paint: {peak:.0f} MB")
    work = app_workload(folder, photo_ids)
    print(
        f"peak memory, app after opening 200 conversations and paging all {work['rows']:,}"
        f" rows: {work['peak_mb']:.0f} MB"
    )

    from dmdesk.domain import ListQuery
    from dmdesk.services.inbox import InboxService
    from dmdesk.store.reads import InboxReader

    reader = InboxReader(path)
    ids = random.Random(3).sample(range(1, args.conversations + 1), 200)
    raw = []
    db = sqlite3.connect(path)
    apply_pragmas(db)
    for conversation_id in ids:
        t = time.perf_counter()
        db.execute(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC,"
            " id DESC LIMIT 50",
            (conversation_id,),
        ).fetchall()
        raw.append((time.perf_counter() - t) * 1000)
    print(
        "open a conversation in the window (j, until its last 50 messages are painted):"
        f" {percentiles(work['opened'])}   (floor, raw SQL: {percentiles(raw)})"
    )

    print(
        f"open a conversation of {PHOTOS_PER_THREAD} photos (until its bubbles are painted):"
        f" {percentiles(work['photo_first'])}   (text conversations, the same:"
        f" {percentiles(work['opened'])})"
    )
    print(
        "  ... until every photo on screen is drawn: from the 1,600 x 1,200 originals"
        f" {percentiles(work['photo_cold'])};  from the disk cache"
        f" {percentiles(work['photo_disk'])}"
    )

    pages = []
    for _ in range(50):
        t = time.perf_counter()
        reader.conversation_page(ListQuery(), limit=100)
        pages.append((time.perf_counter() - t) * 1000)
    print(f"first list page (100 rows): {percentiles(pages)}")

    database = Database(path)
    service = InboxService(database)
    service.archive([ids[0]])  # warm the session factory
    archived, raw_archive = [], []
    for conversation_id in ids[1:101]:
        t = time.perf_counter()
        service.archive([conversation_id])
        archived.append((time.perf_counter() - t) * 1000)
    for conversation_id in ids[101:]:
        t = time.perf_counter()
        db.execute("UPDATE conversations SET archived = 1 WHERE id = ?", (conversation_id,))
        db.commit()
        raw_archive.append((time.perf_counter() - t) * 1000)
    print(
        f"archive one conversation (service, ORM, committed): {percentiles(archived)}   "
        f"(floor, raw UPDATE + commit: {percentiles(raw_archive)})"
    )
    database.close()


if __name__ == "__main__":
    main()
