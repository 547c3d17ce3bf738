"""A demo workspace where Farah, who writes on WhatsApp, also writes on Telegram
from the same number: the contact pane suggests they are one person. Usage:
seed_twin.py DATA_DIR (then open DMDesk on DATA_DIR)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from dmdesk.domain import Direction, FetchedMessage, Participant, Platform
from dmdesk.services.demo_workspace import seed_demo_workspace
from dmdesk.store import accounts as account_store
from dmdesk.store import messages as message_store
from dmdesk.store.database import Database, database_path, ensure_schema

TWIN = Participant("tg-5150", "Farah A.", "+44 7700 900456")


def main(data_dir: Path) -> None:
    path = database_path(data_dir / "demo-workspace")
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_schema(path)
    database = Database(path)
    now = datetime.now(UTC).replace(microsecond=0)
    seed_demo_workspace(database, now)
    message = FetchedMessage(
        platform_conversation_id="tg-farah",
        platform_message_id="tg-farah:1",
        sender=TWIN,
        direction=Direction.INCOMING,
        text="Hi! Farah from WhatsApp here, my phone is off",
        sent_at=now,
        conversation_title=TWIN.display_name,
        participants=(TWIN,),
    )
    with database.transaction() as session:
        accounts = account_store.list_accounts(session)
        telegram = next(a for a in accounts if a.platform is Platform.TELEGRAM)
        message_store.ingest(session, telegram.id, Platform.TELEGRAM, [message], now)
    database.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
