"""A customer's file is kept under a name that cannot disguise or climb, readable
by its owner only, and judged before a click hands it to the system."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmdesk.services.file_safety import (
    NAME_BYTES,
    display_name,
    open_risk,
    safe_file_name,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 64
WINDOWS = b"MZ\x90\x00" + b"\0" * 64


def saved(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    path.chmod(0o600)  # as DMDesk keeps it
    return path


@pytest.mark.parametrize(
    "name",
    [
        "run.desktop", "install.sh", "tool.py", "setup.exe", "setup.msi", "go.bat", "go.cmd",
        "go.ps1", "app.jar", "App.AppImage", "pkg.deb", "pkg.rpm", "app.apk", "open.command",
        "Thing.app", "short.lnk", "saver.scr", "statement.html", "statement.HTM", "page.xhtml",
        "logo.svg", "report.docm", "sheet.xlsm", "deck.pptm", "invoice\u202efdp.exe",
    ],
)  # fmt: skip
def test_types_that_run_or_render_are_never_opened_directly(tmp_path, name) -> None:
    assert open_risk(saved(tmp_path, name, b"anything")) is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.png", PNG), ("photo.jpg", PNG), ("invoice.pdf", PDF), ("notes.txt", b"hello")],
)
def test_a_file_that_is_what_it_says_opens(tmp_path, name, content) -> None:
    assert open_risk(saved(tmp_path, name, content)) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", ELF),
        ("photo.jpg", WINDOWS),
        ("invoice.pdf", PNG),
        ("photo.jpg", b"<html><script>alert(1)</script>"),
        ("statement", b"<!DOCTYPE html><script>x</script>"),
        ("README", b"#!/bin/sh\nrm -rf ~"),
    ],
)
def test_content_that_does_not_match_its_name_is_not_opened(tmp_path, name, content) -> None:
    assert open_risk(saved(tmp_path, name, content)) is not None


def test_the_executable_bit_makes_any_file_risky(tmp_path) -> None:
    path = saved(tmp_path, "notes.txt", b"hello")
    path.chmod(0o700)
    assert open_risk(path) == "This file is marked as a program that can run."


def test_bidi_controls_cannot_turn_a_name_around() -> None:
    assert display_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert display_name("a\u2066b\u2069c\u200f.pdf") == "abc.pdf"
    assert safe_file_name("invoice\u202efdp.exe") == "invoicefdp.exe"


def test_a_stored_name_fits_any_file_system_and_keeps_its_extension() -> None:
    long = "ü" * 300 + ".pdf"
    name = safe_file_name(long)
    assert len(name.encode()) <= NAME_BYTES and name.endswith(".pdf")
    assert safe_file_name("../../.bashrc") == "bashrc"
    assert safe_file_name("-rf .") == "rf"
    assert safe_file_name('a:b*c?"d<e>f|g') == "a_b_c__d_e_f_g"
    assert safe_file_name("") == "file"
