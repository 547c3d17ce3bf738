"""Everything DMDesk holds about one person, for their data request: a .zip with
person.json (name, identities, tags, follow-up, opt-out, notes),
conversations.json (every conversation with them, as ``dmdesk export`` writes
it) and files/ (the photos and files of those conversations that DMDesk keeps).

Written to a temporary file beside the target and renamed into place, so a
failure never leaves half a zip where the owner will send it from."""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dmdesk.domain import Contact, Note, PersonConversation
from dmdesk.services.transcripts import TranscriptSource, export

FORMAT = "dmdesk-person"
UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


class PersonSource(TranscriptSource, Protocol):
    def contact(self, contact_id: int) -> Contact | None: ...

    def notes(self, contact_id: int) -> list[Note]: ...

    def person_conversations(self, contact_id: int) -> list[PersonConversation]: ...


@dataclass(frozen=True, slots=True)
class PersonExported:
    conversations: int
    messages: int
    files: int


def export_person(
    source: PersonSource, contact_id: int, target: Path, data_folder: Path
) -> PersonExported:
    """Write the zip for ``contact_id`` to ``target``. Only files inside DMDesk's
    data folder go in (never a path a download or a platform named). Raises
    LookupError for a person who is gone, OSError where it cannot be written."""
    person = source.contact(contact_id)
    if person is None:
        raise LookupError("This person is no longer in DMDesk.")
    ids = [c.id for c in source.person_conversations(contact_id)]
    handle, temporary = tempfile.mkstemp(prefix=".person-", suffix=".zip", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("person.json", _person_json(person, source.notes(contact_id)))
            with archive.open("conversations.json", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                conversations, messages = export(source, ids, "json", text)
                text.flush()
                text.detach()
            files = _add_files(archive, source, ids, data_folder.resolve())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return PersonExported(conversations, messages, files)


def export_person_file(database: Path, contact_id: int, target: Path) -> PersonExported:
    """``export_person`` from the workspace's database file, on a reader of its own
    (for a worker thread); its files are those in the database's folder."""
    from dmdesk.store.reads import InboxReader

    reader = InboxReader(database)
    try:
        return export_person(reader, contact_id, target, database.parent)
    finally:
        reader.close()


def _person_json(person: Contact, notes: list[Note]) -> str:
    data = {
        "format": FORMAT,
        "version": 1,
        "name": person.display_name,
        "identities": [
            {
                "platform": i.platform.value,
                "id": i.platform_user_id,
                "handle": i.handle,
                "name": i.display_name,
            }
            for i in person.identities
        ],
        "tags": list(person.tags),
        "follow_up_on": person.follow_up_on.isoformat() if person.follow_up_on else None,
        "do_not_message": person.do_not_message,
        "notes": [
            {
                "text": n.text,
                "created_at": n.created_at.isoformat(),
                "updated_at": n.updated_at.isoformat(),
            }
            for n in notes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _add_files(
    archive: zipfile.ZipFile, source: PersonSource, ids: list[int], data_folder: Path
) -> int:
    added = 0
    for conversation_id in ids:
        for message in source.whole_thread(conversation_id):
            for number, attachment in enumerate(message.attachments):
                if not attachment.local_path:
                    continue
                path = Path(attachment.local_path).resolve()
                if not path.is_relative_to(data_folder) or not path.is_file():
                    continue
                name = UNSAFE_NAME.sub("_", Path(attachment.name).name).strip(". ") or "file"
                archive.write(path, f"files/{message.id}-{number}-{name}")
                added += 1
    return added
