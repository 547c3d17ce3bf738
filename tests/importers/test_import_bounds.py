"""Downloads are bounded: a value, a line, a file or a nesting just past what any
real download holds is refused with a message naming the file, or, for a
message's text, kept up to its limit; it never runs the machine out of memory.
The gigabyte versions are in benchmarks/hostile_import_benchmark.py."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import downloads as d
import pytest
from import_workspace import Workspace

from dmdesk.importers import meta_json
from dmdesk.importers.bounds import (
    CUT_NOTE,
    JSON_DEPTH,
    TEXT_BYTES,
    JsonGuard,
    TooDeep,
    TooLong,
    capped_text,
)
from dmdesk.importers.model import ImportFormatError


def guarded(data: bytes, chunk: int = 7) -> bytes:
    """Read ``data`` through the guard in small, awkward pieces."""
    guard = JsonGuard(io.BytesIO(data), "test.json")
    out = bytearray()
    while piece := guard.read(chunk):
        out += piece
    return bytes(out)


def test_real_json_passes_the_guard_unchanged() -> None:
    for files in (d.telegram_files(), d.instagram_files(), d.x_files()):
        for content in files.values():
            raw = content.encode() if isinstance(content, str) else content
            assert guarded(raw, 4096) == raw


def test_brackets_and_escaped_quotes_inside_strings_are_text() -> None:
    inside = json.dumps({"text": '[[[[{{{{"' * 40 + "\\" * 3}).encode()
    assert guarded(inside) == inside
    assert guarded(inside, 1) == inside


def test_a_value_just_over_the_limit_is_refused() -> None:
    for value in ("x" * (TEXT_BYTES + 1), '\\"' * (TEXT_BYTES // 2 + 1)):
        with pytest.raises(TooLong, match=r"test\.json: holds one value over 1 MB"):
            guarded(json.dumps({"text": value}).encode(), 65536)
    with pytest.raises(TooLong):
        guarded(b'{"n": ' + b"1" * (TEXT_BYTES + 1) + b"}", 65536)
    assert len(guarded(json.dumps({"text": "x" * (TEXT_BYTES - 10)}).encode(), 65536))


def test_nesting_just_past_the_limit_is_refused() -> None:
    fine = b"[" * JSON_DEPTH + b"]" * JSON_DEPTH
    assert guarded(fine) == fine
    with pytest.raises(TooDeep, match="nested more than 64 levels"):
        guarded(b'{"a": ' * (JSON_DEPTH + 1) + b"1" + b"}" * (JSON_DEPTH + 1))


def test_a_telegram_export_nested_too_deep_names_its_file(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    chat = d.telegram_chat()
    chat["messages"][0]["text"] = "DEEP"
    result = json.dumps(chat).replace('"DEEP"', "[" * 100_000 + '"x"' + "]" * 100_000)
    with pytest.raises(ImportFormatError, match=r"result\.json: is nested more than 64"):
        workspace.import_(download({"result.json": result}))


def test_a_telegram_string_over_the_limit_names_its_file(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    chat = d.telegram_chat()
    chat["messages"][0]["text"] = "ø" * TEXT_BYTES
    with pytest.raises(ImportFormatError, match=r"result\.json: holds one value over 1 MB"):
        workspace.import_(download({"result.json": json.dumps(chat, ensure_ascii=False)}))
    assert workspace.message_count() == 0


def test_an_instagram_file_bigger_than_any_real_one_is_refused(
    workspace: Workspace, download: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = d.instagram_files()
    name = next(n for n in files if n.endswith("message_1.json"))
    monkeypatch.setattr(meta_json, "JSON_FILE_BYTES", len(files[name]) - 1)
    with pytest.raises(ImportFormatError, match=r"message_1\.json: is 0 MB, more than any"):
        workspace.import_(download(files))


def test_a_whatsapp_line_over_the_limit_is_kept_to_its_first_megabyte(
    workspace: Workspace, download: Callable[..., Path]
) -> None:
    long = "ok " * (TEXT_BYTES // 3 + 100)
    chat = f"13/01/2020, 10:00 - Ana: {long}\n13/01/2020, 10:01 - Ana: and then this\n"
    workspace.import_(download({"WhatsApp Chat with Ana.txt": chat}), me="Ana")
    (conversation,) = workspace.conversations()
    first, second = workspace.thread(conversation)
    assert len(first.text.encode()) <= TEXT_BYTES + len(CUT_NOTE.encode())
    assert first.text.endswith(CUT_NOTE) and second.text == "and then this"


def test_a_text_is_stored_whole_up_to_its_limit() -> None:
    assert capped_text("é" * (TEXT_BYTES // 2)) == "é" * (TEXT_BYTES // 2)
    cut = capped_text("é" * (TEXT_BYTES // 2 + 1))
    assert cut.endswith(CUT_NOTE) and len(cut.removesuffix(CUT_NOTE).encode()) <= TEXT_BYTES
