"""A customer's message arriving in the open window, as sync delivers it."""

from datetime import UTC, datetime, timedelta

from factories import fetched, ingest

from dmdesk.domain import Participant, Platform
from dmdesk.store import accounts as account_store

counter = iter(range(1, 10_000))


def arrives(
    database,
    window,
    who: str,
    text: str,
    conversation: str | None = None,
    platform: Platform = Platform.INSTAGRAM,
):
    """A new incoming message from ``who``, delivered to the window as sync does."""
    with database.transaction() as session:
        account = next(a for a in account_store.list_accounts(session) if a.platform is platform)
    number = next(counter)
    person = Participant(f"id-{who}", who)
    now = datetime.now(UTC) - timedelta(minutes=1)
    result = ingest(
        database,
        account,
        [fetched(number, now, conversation=conversation or f"c-{who}", person=person, text=text)],
        now,
    )
    window.on_messages_ingested(account.id, result)
    return result
