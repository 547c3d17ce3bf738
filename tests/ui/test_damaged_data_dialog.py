"""The damaged-data dialog: what happened in plain words, and the newest copy
offered back."""

from __future__ import annotations

from datetime import UTC, datetime

from factories import add_account, fetched, ingest
from modal import when_modal_opens
from PySide6.QtWidgets import QMessageBox

from dmdesk.store.backups import back_up
from dmdesk.store.database import DamagedDatabase, check_intact
from dmdesk.ui.damaged_data import offer_restore


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
    assert offer_restore(DamagedDatabase("damaged", db_path))
    assert "Quit" in seen and "nothing is deleted" in seen[-1]
    check_intact(db_path)  # whole again
    assert copy.exists()


def test_without_a_copy_it_says_what_to_keep(qtbot, database, db_path) -> None:
    seen: list[str] = []
    press("Quit", seen)
    assert not offer_restore(DamagedDatabase("damaged", db_path))
    assert seen[:1] == ["Quit"] and "There is no copy to restore yet" in seen[-1]
