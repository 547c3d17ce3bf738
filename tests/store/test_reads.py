from datetime import timedelta

from factories import NOW, add_account, fetched, ingest

from dmdesk.domain import ListQuery, Participant, Platform, View
from dmdesk.store import conversations as conversation_store
from dmdesk.store.reads import InboxReader, position_of


def _inbox(database, count: int) -> None:
    account = add_account(database)
    items = [
        fetched(
            0,
            NOW - timedelta(minutes=i),
            conversation=f"c{i}",
            person=Participant(f"u{i}", f"Person {i}"),
        )
        for i in range(count)
    ]
    ingest(database, account, items, NOW)


def test_keyset_pages_cover_the_list_once_in_order(database, db_path) -> None:
    _inbox(database, 57)
    with database.transaction() as session:
        conversation_store.update_flags(session, [30, 40], pinned=True)
    reader = InboxReader(db_path)
    seen = []
    page = reader.conversation_page(ListQuery(), limit=10)
    while page:
        seen += page
        page = reader.conversation_page(ListQuery(), after=position_of(page[-1]), limit=10)
    assert len(seen) == 57 and len({c.id for c in seen}) == 57
    assert [c.id for c in seen[:2]] == [30, 40]  # pinned first, newest of them first
    keys = [(c.flags.pinned, c.last_activity_at, c.id) for c in seen]
    assert keys == sorted(keys, reverse=True)


def test_views_and_platform_filter(database, db_path) -> None:
    _inbox(database, 6)
    telegram = add_account(database, Platform.TELEGRAM)
    ingest(
        database,
        telegram,
        [fetched(0, NOW, conversation="t", person=Participant("t", "Zoë Telegram"))],
        NOW,
    )
    with database.transaction() as session:
        conversation_store.update_flags(session, [1], archived=True)
        conversation_store.update_flags(session, [2], trashed=True)
        conversation_store.update_flags(session, [3, 4, 5, 6], read=True)
    reader = InboxReader(db_path)
    ids = {view: {c.id for c in reader.conversation_page(ListQuery(view=view))} for view in View}
    assert ids[View.ARCHIVED] == {1}
    assert ids[View.TRASH] == {2}
    assert ids[View.INBOX] == {3, 4, 5, 6, 7}
    assert ids[View.UNREAD] == {7}
    only_telegram = reader.conversation_page(ListQuery(platform=Platform.TELEGRAM))
    assert [c.title for c in only_telegram] == ["Zoë Telegram"]
    assert reader.unread_conversations() == 1


def test_thread_pages_go_back_in_time(database, db_path) -> None:
    account = add_account(database)
    ingest(database, account, [fetched(i, NOW) for i in range(120)], NOW)
    reader = InboxReader(db_path)
    newest = reader.thread_page(1, limit=50)
    assert [m.text for m in newest][-1] == "message 119"
    older = reader.thread_page(1, before=newest[0], limit=50)
    oldest = reader.thread_page(1, before=older[0], limit=50)
    assert len(oldest) == 20 and oldest[0].text == "message 0"
    assert older[-1].sent_at < newest[0].sent_at
