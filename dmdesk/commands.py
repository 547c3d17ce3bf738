"""``dmdesk import``, ``dmdesk export`` and ``dmdesk search``: the same services
as the window, for people who script and for support. No Qt is loaded.

Exit codes: 0 done, 1 failed (the message says why), 2 a question to answer
(who you are in a download), 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from dmdesk.domain import SearchHit, SearchQuery
from dmdesk.importers.errors import ImportFormatError, ImportQuestion
from dmdesk.importers.formats import open_download
from dmdesk.paths import data_dir
from dmdesk.services.importing import (
    ImportCancelled,
    ImportFailed,
    ImportPreview,
    ImportService,
    OwnerUnknown,
    plural,
)
from dmdesk.services.safe_output import for_terminal, json_for_terminal
from dmdesk.services.search_query import parse
from dmdesk.services.transcripts import export
from dmdesk.store.database import (
    Database,
    DatabaseError,
    cannot_use,
    database_path,
    ensure_schema,
)
from dmdesk.store.reads import InboxReader
from dmdesk.store.search import SearchReader

log = logging.getLogger(__name__)

OK, FAILED, QUESTION, INTERRUPTED = 0, 1, 2, 130


class CommandError(Exception):
    """A plain-words reason a command cannot go on."""


def run(args: argparse.Namespace) -> int:
    command = {"import": import_download, "export": export_conversations, "search": search}
    try:
        return command[args.command](args)
    except (CommandError, DatabaseError) as error:
        print(f"dmdesk {args.command}: {for_terminal(str(error))}", file=sys.stderr)
        return FAILED
    except sqlite3.OperationalError as error:  # a read-only folder, a locked file…
        message = cannot_use(database_path(data_dir(args.data_dir)), error)
        print(f"dmdesk {args.command}: {for_terminal(str(message))}", file=sys.stderr)
        return FAILED
    except BrokenPipeError:
        # Whoever read the output went away (``dmdesk search … | head``): stop as
        # Unix tools do, with nothing more written to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
    except MemoryError:
        print(f"dmdesk {args.command}: this computer ran out of memory.", file=sys.stderr)
        return FAILED
    except Exception as error:
        # Never a traceback for the user: what happened, in a line; the rest in the log.
        log.exception("dmdesk %s failed", args.command)
        print(
            f"dmdesk {args.command}: something went wrong ({type(error).__name__}); "
            "nothing was changed.",
            file=sys.stderr,
        )
        return FAILED


def import_download(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    path = database_path(folder)
    try:
        ensure_schema(path)
        importer = open_download(args.path, args.format, args.dates)
    except ImportQuestion as question:
        print(f"dmdesk import: {for_terminal(str(question))}", file=sys.stderr)
        return QUESTION
    except (ImportFormatError, OSError) as error:
        raise CommandError(str(error)) from None
    database = Database(path)
    cancel = threading.Event()
    progress = _Progress(sys.stderr)
    try:
        service = ImportService(database, folder, media_limit=args.max_file_mb * 1000 * 1000)
        # When the download names its owner, one pass is enough (the write is one
        # transaction, so a broken file still changes nothing); else read it first
        # to find who the owner is.
        owner = None if args.me else importer.owner()
        if owner is None:
            progress.stage = "Reading"
            preview = service.preview(importer, args.me, progress, cancel)
            progress.done()
            if preview.owner is None:
                print(_who_are_you(preview), file=sys.stderr)
                return QUESTION
            _describe(preview, sys.stdout)
            owner = preview.owner
        else:
            who = for_terminal(owner.name or owner.handle)
            print(f"{importer.label}: you are {who} (the download's profile).")
        progress.stage = "Importing"
        summary = service.run(importer, owner, progress, cancel)
        progress.done()
    except (OwnerUnknown, ImportQuestion) as error:
        progress.done()
        print(f"dmdesk import: {for_terminal(str(error))}", file=sys.stderr)
        return QUESTION
    except (ImportFormatError, ImportFailed) as error:
        progress.done()
        reason = str(error).rstrip()
        if "nothing was changed" in reason.lower():
            raise CommandError(reason) from None
        ending = "" if reason.endswith((".", "!", "?")) else "."
        raise CommandError(f"{reason}{ending} Nothing was changed.") from None
    except KeyboardInterrupt:
        cancel.set()
        progress.done()
        print("dmdesk import: interrupted; nothing was changed.", file=sys.stderr)
        return INTERRUPTED
    except ImportCancelled:
        return INTERRUPTED
    finally:
        importer.source.close()
        database.close()
    for line in summary.lines():  # names files and people of the download
        print(for_terminal(line))
    print(f"Done in {summary.seconds:.1f} s. Data folder: {folder}")
    return OK


def _describe(preview: ImportPreview, out: TextIO) -> None:
    span = (
        f", {preview.first:%d %b %Y} to {preview.last:%d %b %Y}"
        if preview.first and preview.last
        else ""
    )
    assert preview.owner is not None
    print(
        f"{preview.format_label}: {plural(preview.threads, 'conversation')}, "
        f"{plural(preview.messages, 'message')}{span}. "
        f"You are {for_terminal(preview.owner.name or preview.owner.handle)} "
        f"({preview.owner_reason}).",
        file=out,
    )


def _who_are_you(preview: ImportPreview) -> str:
    names = [for_terminal(p.name or p.handle or p.id) for p in preview.people[:10]]
    return (
        "dmdesk import: the download does not say which of these people you are: "
        f"{', '.join(names)}{' …' if len(preview.people) > 10 else ''}.\n"
        'Run it again with --me "YOUR NAME" (as the download writes it).'
    )


def export_conversations(args: argparse.Namespace) -> int:
    reader = _reader(args)
    try:
        if args.all:
            ids = reader.conversation_ids()
        elif reader.conversation(args.conversation) is None:
            raise CommandError(f"there is no conversation {args.conversation}")
        else:
            ids = [args.conversation]
        with ExitStack() as stack:
            out: TextIO = sys.stdout
            if args.out != "-":
                try:
                    out = stack.enter_context(
                        Path(args.out).open("w", encoding="utf-8", newline="")
                    )
                except OSError as error:
                    raise CommandError(f"cannot write {args.out}: {error.strerror}") from None
            try:
                conversations, messages = export(reader, ids, args.format, out)
            except BrokenPipeError:
                raise  # the reader of the output went away: run() ends quietly
            except OSError as error:
                raise CommandError(f"writing {args.out} failed: {error.strerror}") from None
    finally:
        reader.close()
    if args.out != "-":
        print(
            f"Exported {plural(conversations, 'conversation')}, "
            f"{plural(messages, 'message')} to {args.out}"
        )
    return OK


def search(args: argparse.Namespace) -> int:
    reader = _reader(args)
    searcher = SearchReader(reader.path)
    typed = " ".join(args.query)
    try:
        hits = _all_hits(searcher, parse(typed), max(1, args.limit))
        texts = {
            m.id: m.text for m in reader.messages([h.message_id for h in hits if h.message_id])
        }
    finally:
        searcher.close()
        reader.close()
    for hit in hits:
        conversation = hit.conversation
        text = texts.get(hit.message_id, "") if hit.message_id else ""
        if args.json:
            print(
                json_for_terminal(
                    json.dumps(
                        {
                            "conversation_id": conversation.id,
                            "conversation": conversation.title,
                            "platform": conversation.platform.label,
                            "message_id": hit.message_id,
                            "sent_at": hit.sent_at.isoformat(),
                            "sender": hit.sender_name,
                            "snippet": hit.snippet,
                            "text": text,
                        },
                        ensure_ascii=False,
                    )
                )
            )
        else:
            when = hit.sent_at.astimezone()
            shown = for_terminal(" ".join((text or hit.snippet).split()))
            title, sender = for_terminal(conversation.title), for_terminal(hit.sender_name)
            found_by = "" if hit.message_id else " — found by the person or their notes"
            print(
                f"{when:%Y-%m-%d %H:%M}  {title} ({conversation.platform.label}, "
                f"conversation {conversation.id}){found_by}\n    {sender}: {shown[:200]}"
            )
    if not hits and not args.json:
        print(f"Nothing found for {for_terminal(typed)!r}.", file=sys.stderr)
    return OK


def _all_hits(searcher: SearchReader, query: SearchQuery, limit: int) -> list[SearchHit]:
    page = searcher.search(query, limit=min(limit, 200))
    hits = list(page.hits)
    while page.more is not None and len(hits) < limit:
        page = searcher.search(query, limit=min(limit - len(hits), 200), cursor=page.more)
        hits += page.hits
    return hits[:limit]


def _reader(args: argparse.Namespace) -> InboxReader:
    path = database_path(data_dir(args.data_dir))
    if not path.exists():
        raise CommandError(f"there is no DMDesk data in {path.parent} yet")
    ensure_schema(path)
    return InboxReader(path)


class _Progress:
    """One line on standard error, rewritten in place (only on a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._shown = 0.0
        self.stage = ""

    def __call__(self, done: int, total: int, messages: int) -> None:
        now = time.monotonic()
        if not self._live or now - self._shown < 0.2:
            return
        self._shown = now
        percent = min(100, done * 100 // max(total, 1))
        self._stream.write(f"\r{self.stage}… {percent:3d}%  {messages:,} messages ")
        self._stream.flush()

    def done(self) -> None:
        if self._live and self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._shown = 0.0
