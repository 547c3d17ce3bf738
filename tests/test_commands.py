"""``dmdesk import``, ``export`` and ``search`` as a user runs them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from importers import downloads as d

from dmdesk.app import main


def dmdesk(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def instagram_zip(tmp_path: Path) -> Path:
    return d.zipped(d.write(tmp_path / "ig", d.instagram_files()), tmp_path / "instagram-j.zip")


def test_import_prints_a_summary_and_a_second_run_adds_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, instagram_zip: Path
) -> None:
    code, out, _ = dmdesk(capsys, "import", "--data-dir", data_dir, instagram_zip)
    assert code == 0
    assert "Instagram download (JSON): you are Juniper Thread (the download's profile)" in out
    assert "10 new messages in 3 new conversations.\n" in out
    assert "Account: Instagram · Juniper Thread.\n" in out
    assert "The download covers 01 Mar 2024 to 01 Mar 2024.\n" in out
    code, out, _ = dmdesk(capsys, "--data-dir", data_dir, "import", instagram_zip)
    assert code == 0 and "Nothing new: DMDesk had every message of this download already." in out


def test_import_failures_exit_non_zero_with_the_reason(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    code, _, err = dmdesk(capsys, "import", "--data-dir", data_dir, tmp_path / "nope.zip")
    assert code == 1 and "nope.zip: there is no such file or folder" in err
    broken = d.write(tmp_path / "wa", {"WhatsApp Chat with Ana.txt": "01/01/2020, 10:00 - A: x\n"})
    (broken / "WhatsApp Chat with Ana.txt").write_text(
        "01/01/2020, 10:00 - A: x\n99/99/2020, 10:00 - A: y\n"
    )
    code, _, err = dmdesk(capsys, "import", "--data-dir", data_dir, "--me", "A", broken)
    assert code == 1 and "line 2: 99/99/2020 10:00 is not a date and time" in err
    assert "Nothing was changed." in err


def test_import_asks_who_you_are_when_the_download_does_not_say(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    group = d.write(
        tmp_path / "wa",
        {"Family.txt": "01/01/2020, 10:00 - Ana: hi\n01/01/2020, 10:01 - Ben: hello\n"},
    )
    code, _, err = dmdesk(capsys, "import", "--data-dir", data_dir, group)
    assert code == 2
    assert "does not say which of these people you are: Ana, Ben" in err
    assert '--me "YOUR NAME"' in err
    code, out, _ = dmdesk(capsys, "import", "--data-dir", data_dir, "--me", "ben", group)
    assert code == 0
    assert "WhatsApp chat export (.txt): 1 conversation, 2 messages, 01 Jan 2020" in out
    assert "You are Ben (given)" in out


def test_import_asks_the_date_order_when_the_chat_leaves_it_open(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    chat = d.write(
        tmp_path / "wa",
        {"WhatsApp Chat with Ana.txt": "03/04/19, 10:00 - Ana: hi\n03/04/19, 10:01 - Ben: hey\n"},
    )
    code, _, err = dmdesk(capsys, "import", "--data-dir", data_dir, "--me", "Ben", chat)
    assert code == 2
    assert "3 April 2019 or 4 March 2019); say which with --dates dmy or --dates mdy" in err
    code, out, _ = dmdesk(
        capsys, "import", "--data-dir", data_dir, "--me", "Ben", "--dates", "mdy", chat
    )
    assert code == 0 and "04 Mar 2019" in out


def test_export_in_each_format_and_search(
    capsys: pytest.CaptureFixture[str], data_dir: Path, instagram_zip: Path, tmp_path: Path
) -> None:
    assert dmdesk(capsys, "import", "--data-dir", data_dir, instagram_zip)[0] == 0
    code, out, _ = dmdesk(capsys, "search", "--data-dir", data_dir, "--json", "SCARF")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["text"] for r in results} == {
        "This one\nhttps://example.com/p/scarf",
        "Hi! Is the blue scarf still available?",
    }
    ana = results[0]["conversation_id"]
    code, out, _ = dmdesk(capsys, "search", "--data-dir", data_dir, "blue", "scarf")
    assert "Ana Lima (Instagram, conversation" in out and "Is the blue scarf" in out
    code, _, err = dmdesk(capsys, "search", "--data-dir", data_dir, "unicorn")
    assert code == 0 and "Nothing found for 'unicorn'" in err
    code, out, _ = dmdesk(capsys, "search", "--data-dir", data_dir, "from:ana", "has:link")
    assert out.count("conversation ") == 1 and "example.com/p/scarf" in out

    code, out, _ = dmdesk(
        capsys, "export", "--data-dir", data_dir, "--conversation", ana, "--format", "txt", "-"
    )
    assert out.startswith("Ana Lima · Instagram\n====================\n\nFriday, 01 March 2024\n")
    assert "] You: Yes, it is! I don’t have many left.\n" in out
    assert "] Ana Lima: [image: " in out

    target = tmp_path / "all.json"
    code, out, _ = dmdesk(
        capsys, "export", "--data-dir", data_dir, "--all", "--format", "json", target
    )
    assert code == 0 and "Exported 3 conversations, 10 messages" in out
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert sum(len(c["messages"]) for c in exported["conversations"]) == 10
    assert {c["title"] for c in exported["conversations"]} == {
        "Ana Lima",
        "Björn Öberg",
        "Knit club ✂️",
    }

    table = tmp_path / "all.csv"
    assert (
        dmdesk(capsys, "export", "--data-dir", data_dir, "--all", "--format", "csv", table)[0] == 0
    )
    with table.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 10 and rows[0].keys() >= {"conversation", "sent_at", "sender", "text"}

    code, _, err = dmdesk(
        capsys, "export", "--data-dir", data_dir, "--conversation", 999, "--format", "txt", "-"
    )
    assert code == 1 and "there is no conversation 999" in err


def test_commands_need_data_and_say_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = dmdesk(capsys, "search", "--data-dir", tmp_path / "empty", "x")
    assert code == 1 and "there is no DMDesk data in" in err


@pytest.mark.parametrize("command", ["import", "export", "search"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: dmdesk {command}" in out and "--data-dir DIR" in out


def test_commands_do_not_load_qt(tmp_path: Path) -> None:
    program = (
        "import sys; from dmdesk.app import main; "
        f"code = main(['search', '--data-dir', {str(tmp_path)!r}, 'x']); "
        "print(code, 'PySide6' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["1", "False"]


EVERY_FORMAT = {
    "instagram": (d.instagram_files, 3),
    "messenger": (d.messenger_files, 4),
    "x": (d.x_files, 2),
    "linkedin": (d.linkedin_files, 1),
    "telegram": (d.telegram_files, 3),
    "whatsapp": (d.whatsapp_files, 1),
}


@pytest.mark.parametrize("format_name", EVERY_FORMAT)
def test_every_format_imports_from_the_command_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, format_name: str
) -> None:
    files, conversations = EVERY_FORMAT[format_name]
    download = d.zipped(d.write(tmp_path / format_name, files()), tmp_path / "download.zip")
    code, out, err = dmdesk(capsys, "import", "--data-dir", data_dir, download)
    assert code == 0, err
    assert f"{conversations} new conversation" in out
    code, out, _ = dmdesk(capsys, "export", "--data-dir", data_dir, "--all", "--format", "csv", "-")
    assert code == 0 and len(out.splitlines()) > conversations


HOSTILE_CHAT = (
    "13/01/2020, 10:00 - Ana: \x1b]52;c;cm0gLXJmIH4=\x07paste me \x1b[2J\x9b31m\n"
    '13/01/2020, 10:01 - Ana: =HYPERLINK("http://evil.example";"invoice")\n'
    "13/01/2020, 10:02 - Ana: @SUM(1+1)*cmd|' /C calc'!A0\n"
)


def test_what_a_customer_wrote_never_reaches_a_terminal_or_spreadsheet_as_a_command(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    chat = d.write(tmp_path / "wa", {"WhatsApp Chat with Ana.txt": HOSTILE_CHAT})
    assert dmdesk(capsys, "import", "--data-dir", data_dir, "--me", "Ana", chat)[0] == 0
    for argv in (("search", "paste"), ("search", "--json", "paste")):
        code, out, _ = dmdesk(capsys, argv[0], "--data-dir", data_dir, *argv[1:])
        assert code == 0 and "paste me" in out
        assert not any(ch in out for ch in "\x1b\x07\x9b"), repr(out)
    code, out, _ = dmdesk(capsys, "export", "--data-dir", data_dir, "--all", "--format", "txt", "-")
    assert "^[]52;c;cm0gLXJmIH4=^Gpaste me ^[[2J<U+009B>31m" in out and "\x1b" not in out
    table = tmp_path / "all.csv"
    dmdesk(capsys, "export", "--data-dir", data_dir, "--all", "--format", "csv", table)
    with table.open(encoding="utf-8", newline="") as stream:
        texts = [row["text"] for row in csv.DictReader(stream)]
    assert '\'=HYPERLINK("http://evil.example";"invoice")' in texts
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts


def test_output_piped_into_head_ends_quietly(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    lines = "".join(f"13/01/2020, 10:{n % 60:02d} - Ana: message {n}\n" for n in range(5000))
    chat = d.write(tmp_path / "wa", {"WhatsApp Chat with Ana.txt": lines})
    assert dmdesk(capsys, "import", "--data-dir", data_dir, "--me", "Ana", chat)[0] == 0
    program = '"from dmdesk.app import main; raise SystemExit(main())"'
    done = subprocess.run(  # far more than a pipe holds, so the writer meets the closed end
        f"{sys.executable} -c {program} export --data-dir {data_dir} --all --format txt - "
        "| head -c 10",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert len(done.stdout) == 10
    assert done.stderr == b"", done.stderr


def test_a_file_name_longer_than_a_file_system_takes_is_shortened(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    long_name = "ä" * 200 + ".pdf"  # 404 bytes: no file system takes it
    thread = {
        "participants": [{"name": d.ANA}, {"name": d.OWNER}],
        "messages": [
            {
                "sender_name": d.ANA,
                "timestamp_ms": d.ms(1),
                "files": [{"uri": f"files/{long_name}"}],
            }
        ],
    }
    archive = tmp_path / "instagram-long.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("messages/inbox/ana_1/message_1.json", json.dumps(thread))
        out.writestr(f"files/{long_name}", b"%PDF-1.7")
    code, out, err = dmdesk(
        capsys, "import", "--data-dir", data_dir, "--format", "instagram", "--me", d.OWNER, archive
    )
    assert code == 0, err
    (kept,) = (data_dir / "media").rglob("*.pdf")
    assert len(kept.name.encode()) <= 255 and kept.read_bytes() == b"%PDF-1.7"


def test_a_data_folder_dmdesk_cannot_write_is_named_plainly(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    instagram_zip: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tests run as root, which no folder refuses: SQLite's own refusal stands in."""
    import sqlite3

    from dmdesk.store import search_index

    assert dmdesk(capsys, "import", "--data-dir", data_dir, instagram_zip)[0] == 0

    def read_only(path: Path) -> int:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(search_index, "mend", read_only)
    code, _, err = dmdesk(capsys, "search", "--data-dir", data_dir, "scarf")
    assert code == 1 and f"DMDesk cannot use its data in {data_dir}" in err
    assert "make it writable" in err and "Traceback" not in err


def test_import_s_own_output_cannot_drive_the_terminal_either(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """The preview and the summary name people and files of the download."""
    name = "Ana\x1b]0;pwned\x07"
    chat = f"13/01/2020, 10:00 - {name}: hi\n13/01/2020, 10:01 - Bo: hello\n"
    folder = d.write(tmp_path / "wa", {"WhatsApp Chat with Bo.txt": chat})
    code, out, err = dmdesk(capsys, "import", "--data-dir", data_dir, "--me", name, folder)
    assert code == 0, err
    assert "You are Ana^[]0;pwned^G" in out
    assert "\x1b" not in out + err and "\x07" not in out + err
