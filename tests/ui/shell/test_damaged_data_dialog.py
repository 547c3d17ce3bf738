"""The damaged-data dialog: what happened in plain words, and the newest copy
offered back."""

from __future__ import annotations

from datetime import UTC, datetime

from factories import add_account, fetched, ingest
from modal import when_modal_opens
from PySide6.QtWidgets import QMessageBox

from dmdesk.store.backups import back_up, restore
from dmdesk.store.database import DamagedDatabase, check_intact
from dmdesk.ui.shell.damaged_data import offer_restore


def press(label: str, seen: list[str]) -> None:
    def act(box: QMessageBox) -> None:
        seen.extend(b.text() for b in box.buttons())
        seen.append(box.informativeText())
        next(b for b in box.buttons() if b.text() == label).click()

    when_modal_opens(act)


def test_the_newest_copy_is_offered_and_restored(qtbot, database, db_path) -> None:
    account = add_account(database)
    now = datetime.now(UTC)
    ingest(database, account, [fetched(1, now)], now)
    database.close()
    copy = back_up(db_path, "daily")
    db_path.write_bytes(db_path.read_bytes()[:4096] + b"\0" * 8192)  # a torn file
    seen: list[str] = []
    press("Restore the copy", seen)
    assert offer_restore(DamagedDatabase("damaged", db_path), restore)
    assert "Quit" in seen and "nothing is deleted" in seen[-1]
    check_intact(db_path)  # whole again
    assert copy.exists()


def test_without_a_copy_it_says_what_to_keep(qtbot, database, db_path) -> None:
    seen: list[str] = []
    press("Quit", seen)
    assert not offer_restore(DamagedDatabase("damaged", db_path), restore)
    assert seen[:1] == ["Quit"] and "There is no copy to restore yet" in seen[-1]


def test_damage_met_while_running_closes_dmdesk_and_the_next_start_offers_the_copy(
    qtbot, database, db_path, data_dir, monkeypatch
) -> None:
    import sqlite3
    import sys
    from argparse import Namespace

    import pytest

    from dmdesk import app as app_module
    from dmdesk.store.backups import damage_marker

    account = add_account(database)
    now = datetime.now(UTC)
    ingest(database, account, [fetched(n, now) for n in range(200)], now)
    database.close()
    back_up(db_path, "daily")
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'messages'")
    connection.close()
    with db_path.open("r+b") as file:  # a bad sector under the messages
        file.seek((root[0] - 1) * 4096)
        file.write(b"\xde\xad" * 2048)
    try:
        sqlite3.connect(db_path).execute("SELECT text FROM messages").fetchall()
    except sqlite3.DatabaseError as met:
        error = met
    assert error.sqlite_errorname == "SQLITE_CORRUPT"

    class App:
        quit_called = False

        def quit(self) -> None:
            App.quit_called = True

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    app_module._close_on_damage(App(), lambda: db_path)
    seen: list[str] = []
    press("OK", seen)
    sys.excepthook(type(error), error, None)  # as Qt hands on an error from a slot
    assert App.quit_called and damage_marker(db_path).exists()
    assert "Start it again" in seen[-1]
    with pytest.raises(DamagedDatabase):  # the next start checks the file whole
        app_module.open_workspace(Namespace(demo=False, data_dir=str(data_dir)))
