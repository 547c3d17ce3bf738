"""Import throughput on a generated data download of one million messages.

Writes a download in the platform's shape (Instagram: a .zip of 2,000 threads
of ``message_N.json`` files; Telegram Desktop: one ``result.json``), then runs
``dmdesk import`` on it in a fresh process, twice: into an empty data folder,
then the same download again (everything already there). Reports the time
(process start included), messages per second and the process's peak memory.

Usage: python benchmarks/import_benchmark.py [--messages N] [--format instagram|telegram|all]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "hi",
    "hello",
    "scarf",
    "wool",
    "blue",
    "green",
    "size",
    "price",
    "shipping",
    "order",
    "thanks",
    "when",
    "can",
    "you",
    "send",
    "photo",
    "lovely",
    "great",
    "perfect",
    "tomorrow",
    "invoice",
    "paid",
    "colour",
    "pattern",
    "knit",
    "hat",
    "gift",
]
START_MS = 1_600_000_000_000


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 18)))


def instagram_download(target: Path, messages: int, per_thread: int = 500) -> Path:
    rng = random.Random(7)
    owner = "Juniper Thread"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "personal_information/personal_information/personal_information.json",
            json.dumps({"profile_user": [{"string_map_data": {"Name": {"value": owner}}}]}),
        )
        for thread in range(messages // per_thread):
            customer = f"Customer {thread} Ã\u00a9"  # mojibake, as Meta writes it
            items = [
                {
                    "sender_name": owner if n % 3 == 0 else customer,
                    "timestamp_ms": START_MS + thread * 1000 + n * 3_600_000,
                    "content": sentence(rng),
                }
                for n in range(per_thread)
            ]
            items.reverse()
            archive.writestr(
                f"your_instagram_activity/messages/inbox/customer{thread}_{thread}/message_1.json",
                json.dumps(
                    {
                        "participants": [{"name": customer}, {"name": owner}],
                        "messages": items,
                        "title": customer,
                        "thread_path": f"inbox/customer{thread}_{thread}",
                    }
                ),
            )
    return target


def telegram_download(target: Path, messages: int, per_chat: int = 500) -> Path:
    rng = random.Random(7)
    target.mkdir(parents=True, exist_ok=True)
    path = target / "result.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"personal_information": {"user_id": 1, "first_name": "Juniper"},\n')
        out.write(' "chats": {"about": "", "list": [\n')
        for chat in range(messages // per_chat):
            uid = 1000 + chat
            out.write("," if chat else "")
            out.write(f'{{"name": "Customer {chat}", "type": "personal_chat", "id": {uid}, ')
            out.write('"messages": [')
            for n in range(per_chat):
                mine = n % 3 == 0
                item = {
                    "id": n + 1,
                    "type": "message",
                    "date_unixtime": str(START_MS // 1000 + chat + n * 3600),
                    "from": "Juniper" if mine else f"Customer {chat}",
                    "from_id": "user1" if mine else f"user{uid}",
                    "text": sentence(rng),
                }
                out.write(("," if n else "") + json.dumps(item))
            out.write("]}\n")
        out.write("]}}\n")
    return target


def run_import(download: Path, data: Path) -> tuple[float, int, str]:
    """Seconds, peak resident memory in MB of the importing process, its output."""
    program = (
        "import resource, sys; from dmdesk.app import main; "
        "code = main(sys.argv[1:]); "
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", program, "import", "--data-dir", str(data), str(download)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.split("PEAK_KB")[1].split()[0])
    return seconds, peak_kb // 1024, done.stdout


def measure(name: str, download: Path, messages: int, work: Path) -> None:
    if download.is_dir():
        size = sum(p.stat().st_size for p in download.rglob("*"))
    else:
        with zipfile.ZipFile(download) as archive:
            size = sum(info.file_size for info in archive.infolist())  # unpacked
    data = work / f"data-{name}"
    shutil.rmtree(data, ignore_errors=True)
    first, peak, out = run_import(download, data)
    again, peak_again, out_again = run_import(download, data)
    database = (data / "dmdesk.sqlite3").stat().st_size
    print(
        f"\n{name}: {messages:,} messages, download {size / 1e6:.0f} MB unpacked, "
        f"database {database / 1e6:.0f} MB"
    )
    print(
        f"  first import:                            {first:.1f} s, "
        f"{messages / first:,.0f} msg/s, peak memory {peak} MB"
    )
    print(
        f"  same download again (all already there): {again:.1f} s, "
        f"{messages / again:,.0f} msg/s, peak memory {peak_again} MB"
    )
    print("  " + "\n  ".join(out.strip().splitlines()[-3:]))
    assert "Nothing new" in out_again, out_again


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("instagram", "telegram", "all"), default="all")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dmdesk-import-bench-"))
    try:
        if args.format in ("instagram", "all"):
            started = time.perf_counter()
            download = instagram_download(work / "instagram-juniper.zip", args.messages)
            print(f"generated Instagram download in {time.perf_counter() - started:.0f} s")
            measure("Instagram .zip", download, args.messages, work)
        if args.format in ("telegram", "all"):
            started = time.perf_counter()
            download = telegram_download(work / "telegram", args.messages)
            print(f"generated Telegram result.json in {time.perf_counter() - started:.0f} s")
            measure("Telegram result.json", download, args.messages, work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\n(the benchmark's own process: peak {own_peak} MB)")


if __name__ == "__main__":
    main()
