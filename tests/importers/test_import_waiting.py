"""An imported history is history: the customer who wrote last in it a year ago
is not waiting for an answer today."""

from __future__ import annotations

from import_workspace import Workspace


def test_an_imported_history_starts_no_wait(database, data_dir, tmp_path) -> None:
    export = tmp_path / "WhatsApp Chat with Ana Sousa.txt"
    export.write_text(
        "02/12/2026, 09:12 - Ana: Is the blue scarf still there?\n"
        "02/12/2026, 09:14 - Shop: Yes!\n"
        "02/12/2026, 09:20 - Ana: Great, I will come by\n"
    )
    workspace = Workspace(database, data_dir)
    workspace.import_(export, me="Shop", dates="dmy")
    (ana,) = workspace.conversations()
    assert ana.waiting_since is None  # she wrote last, a day ago: that is history
