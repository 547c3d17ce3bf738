"""A real SQLite workspace to import into, read back the way the window reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmdesk.domain import ConversationSummary, ListQuery, Message, View
from dmdesk.importers.formats import open_download
from dmdesk.services.importing import ImportPreview, ImportService, ImportSummary
from dmdesk.store.database import Database
from dmdesk.store.reads import InboxReader


@dataclass
class Imported:
    preview: ImportPreview
    summary: ImportSummary


class Workspace:
    def __init__(self, database: Database, data_dir: Path) -> None:
        self.database = database
        self.data_dir = data_dir
        self.service = ImportService(database, data_dir)
        self.reader = InboxReader(database.path)

    def import_(
        self,
        path: Path,
        me: str | None = None,
        format_name: str | None = None,
        dates: str | None = None,
    ) -> Imported:
        importer = open_download(path, format_name, dates)
        try:
            preview = self.service.preview(importer, me)
            assert preview.owner is not None, "the owner should be found"
            return Imported(preview, self.service.run(importer, preview.owner))
        finally:
            importer.source.close()

    def conversations(self, view: View = View.INBOX) -> list[ConversationSummary]:
        return self.reader.conversation_page(ListQuery(view=view), limit=500)

    def titled(self, title: str, view: View = View.INBOX) -> ConversationSummary:
        (found,) = [c for c in self.conversations(view) if c.title == title]
        return found

    def thread(self, conversation: ConversationSummary) -> list[Message]:
        return self.reader.thread_page(conversation.id, limit=500)

    def message_count(self) -> int:
        with self.database.transaction() as session:
            return int(
                session.connection().exec_driver_sql("SELECT count(*) FROM messages").scalar_one()
            )
