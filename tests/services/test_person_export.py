"""A data request: everything about one person in a .zip (their details and
notes, every conversation with them, the files DMDesk keeps of those)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from importers import downloads as d
from importers.import_workspace import Workspace

from dmdesk.services.inbox import InboxService
from dmdesk.services.person_export import export_person


def test_one_persons_zip_holds_their_details_notes_conversations_and_files(
    database, data_dir: Path, tmp_path: Path
) -> None:
    workspace = Workspace(database, data_dir)
    workspace.import_(d.write(tmp_path / "ig", d.instagram_files()))
    ana = workspace.titled(d.ANA)
    assert ana.contact_id is not None
    inbox = InboxService(database)
    inbox.set_tags(ana.contact_id, ["wholesale"])
    inbox.add_note(ana.contact_id, "Wants 200 scarves in March")
    target = tmp_path / "ana.zip"

    done = export_person(workspace.reader, ana.contact_id, target, data_dir)

    assert (done.conversations, done.messages, done.files) == (1, 7, 1)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        person = json.loads(archive.read("person.json"))
        conversations = json.loads(archive.read("conversations.json"))
        (photo,) = [n for n in names if n.startswith("files/")]
        assert archive.read(photo) == d.PHOTO
    assert person["name"] == d.ANA and person["tags"] == ["wholesale"]
    assert [n["text"] for n in person["notes"]] == ["Wants 200 scarves in March"]
    assert person["identities"][0]["platform"] == "instagram"
    (conversation,) = conversations["conversations"]
    assert conversation["messages"][0]["text"] == "Hi! Is the blue scarf still available?"
    assert photo.endswith("-scarf.png")
    assert list(tmp_path.glob(".person-*")) == []  # no half-written file left
    workspace.reader.close()


def test_a_person_who_is_gone_says_so_and_leaves_nothing(
    database, data_dir: Path, tmp_path: Path
) -> None:
    workspace = Workspace(database, data_dir)
    with pytest.raises(LookupError, match="no longer"):
        export_person(workspace.reader, 999, tmp_path / "x.zip", data_dir)
    assert not (tmp_path / "x.zip").exists() and list(tmp_path.glob(".person-*")) == []
    workspace.reader.close()
