"""Hostile downloads at full size: what each costs DMDesk before it is refused.

Builds each input an independent review found breaking imports (a 10 GB zip
bomb, JSON nested 100,000 deep, a 500 MB string in a Telegram and in an
Instagram export, a 2 GB WhatsApp line), then runs ``dmdesk import`` on it in a
fresh process and reports the exit code, the time, the process's peak memory
(the floor beside it: the same process importing a tiny real download) and the
message the user sees. Every import must stay under 300 MB and end with a plain
message, never a traceback.

The tests (tests/importers/test_import_bounds.py) use inputs just over each
limit; this is the gigabyte version. Needs about 3 GB of free disk.

Usage: python benchmarks/hostile_import_benchmark.py [--scale 1.0] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CEILING_MB = 300
CHUNK = 1 << 24


def telegram_chat(text: str) -> dict[str, object]:
    return {
        "name": "Ana",
        "type": "personal_chat",
        "id": 7,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709280000",
                "from": "Ana",
                "from_id": "user7",
                "text": text,
            }
        ],
    }


def zip_bomb(folder: Path, scale: float) -> Path:
    """A 10 GB member of zeros, about 10 MB packed."""
    target = folder / "instagram-bomb.zip"
    thread = {
        "participants": [{"name": "Ana"}, {"name": "Shop"}],
        "messages": [{"sender_name": "Ana", "timestamp_ms": 1, "photos": [{"uri": "a.png"}]}],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("messages/inbox/ana_1/message_1.json", json.dumps(thread))
        with out.open("a.png", "w", force_zip64=True) as member:
            zeros = bytes(CHUNK)
            for _ in range(int(10 * (1 << 30) * scale) // CHUNK):
                member.write(zeros)
    return target


def deep_json(folder: Path, scale: float) -> Path:
    depth = int(100_000 * scale)
    text = json.dumps(telegram_chat("DEEP")).replace('"DEEP"', "[" * depth + '"x"' + "]" * depth)
    (folder / "result.json").write_text(text)
    return folder / "result.json"


def _with_long_string(path: Path, before: str, after: str, size: int) -> None:
    with path.open("w") as out:
        out.write(before)
        written = 0
        while written < size:
            piece = min(CHUNK, size - written)
            out.write("x" * piece)
            written += piece
        out.write(after)


def telegram_string(folder: Path, scale: float) -> Path:
    before, after = json.dumps(telegram_chat("LONG")).split('"LONG"')
    _with_long_string(folder / "result.json", before + '"', '"' + after, int(500e6 * scale))
    return folder / "result.json"


def instagram_string(folder: Path, scale: float) -> Path:
    thread = {
        "participants": [{"name": "Ana"}, {"name": "Shop"}],
        "messages": [{"sender_name": "Ana", "timestamp_ms": 1, "content": "LONG"}],
    }
    before, after = json.dumps(thread).split('"LONG"')
    inbox = folder / "your_instagram_activity" / "messages" / "inbox" / "ana_1"
    inbox.mkdir(parents=True)
    _with_long_string(inbox / "message_1.json", before + '"', '"' + after, int(500e6 * scale))
    return folder


def whatsapp_line(folder: Path, scale: float) -> Path:
    target = folder / "WhatsApp Chat with Ana.txt"
    _with_long_string(target, "13/01/2020, 10:00 - Ana: ", "\n13/01/2020, 10:01 - Shop: ok\n",
                      int(2e9 * scale))  # fmt: skip
    return target


def tiny(folder: Path, _scale: float) -> Path:
    target = folder / "WhatsApp Chat with Ana.txt"
    target.write_text("13/01/2020, 10:00 - Ana: hello\n13/01/2020, 10:01 - Shop: hi\n")
    return target


CASES: dict[str, tuple[str, Callable[[Path, float], Path]]] = {
    "floor": ("a two-line WhatsApp chat (the floor)", tiny),
    "zip-bomb": ("a 10 GB zip member (Instagram)", zip_bomb),
    "deep-json": ("JSON nested 100,000 deep (Telegram)", deep_json),
    "telegram-string": ("a 500 MB string (Telegram)", telegram_string),
    "instagram-string": ("a 500 MB string (Instagram)", instagram_string),
    "whatsapp-line": ("a 2 GB line (WhatsApp)", whatsapp_line),
}


def run_import(download: Path, data: Path) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak resident memory in MB, and what the user read."""
    program = (
        "import resource, sys; from dmdesk.app import main; "
        "code = main(sys.argv[1:]); "
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", program, "import", "--data-dir", str(data), "--me", "Shop",
         str(download)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    said, _, peak = done.stderr.rpartition("PEAK_KB")
    peak_mb = int(peak.split()[0]) // 1024 if peak.strip() else -1
    lines = (done.stdout + said).strip().splitlines()
    shown = [line for line in lines if "Data folder" not in line]
    return done.returncode, seconds, peak_mb, (shown[-1] if shown else "")[-150:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dmdesk-hostile-"))
    print(f"{'input':<40} {'exit':>4} {'seconds':>8} {'peak MB':>8}  message")
    try:
        for name, (label, build) in CASES.items():
            if args.only and name not in args.only and name != "floor":
                continue
            folder = work / name
            folder.mkdir()
            download = build(folder, args.scale)
            code, seconds, peak, said = run_import(download, work / f"data-{name}")
            verdict = "" if peak < MEMORY_CEILING_MB else "  OVER THE 300 MB CEILING"
            if "Traceback" in said:
                verdict += "  A TRACEBACK"
            print(f"{label:<40} {code:>4} {seconds:>8.1f} {peak:>8}  {said}{verdict}")
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"(this script's own peak: {own} MB)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
