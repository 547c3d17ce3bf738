"""Full-text search over a real SQLite file: matching, filters, ranking, and the
indexes kept in step with every insert, edit and delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import CUSTOMER, NOW, add_account, fetched, ingest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmdesk.domain import Direction, Participant, Platform, SearchHit
from dmdesk.services.search_query import parse
from dmdesk.store import contacts as contact_store
from dmdesk.store import conversations as conversation_store
from dmdesk.store.database import Database, database_path, ensure_schema
from dmdesk.store.search import CANDIDATES, SearchReader

ZOE = Participant("u-2", "Zoë Ñandú", "zoe_knits")


@pytest.fixture
def search(db_path: Path) -> Iterator[SearchReader]:
    reader = SearchReader(db_path)
    yield reader
    reader.close()


def texts(hits: tuple[SearchHit, ...] | list[SearchHit]) -> list[str]:
    return [hit.snippet for hit in hits if hit.message_id is not None]


def find(search: SearchReader, typed: str) -> list[str]:
    return texts(search.search(parse(typed)).hits)


@pytest.fixture
def shop(database: Database) -> Database:
    instagram = add_account(database, Platform.INSTAGRAM)
    telegram = add_account(database, Platform.TELEGRAM)
    ingest(
        database,
        instagram,
        [
            fetched(1, NOW, text="Is the blue scarf still available?"),
            fetched(
                2, NOW, text="The café crème scarf, in naïve blue", direction=Direction.OUTGOING
            ),
            fetched(3, NOW, text="Photo of the scarf", attachments=()),
            fetched(4, NOW, text="See https://shop.example/scarf"),
        ],
        NOW,
    )
    ingest(
        database,
        telegram,
        [
            fetched(
                1, NOW - timedelta(days=40), conversation="t-1", text="Blue hat order", person=ZOE
            )
        ],
        NOW,
    )
    return database


def test_words_prefixes_phrases_and_accents(shop: Database, search: SearchReader) -> None:
    assert find(search, "scarf")[0] == "…shop.example/scarf"  # starts near the hit
    assert len(find(search, "scarf")) == 4
    assert find(search, "sca") == find(search, "scarf")  # the word being typed is a prefix
    assert find(search, '"blue scarf"') == ["Is the blue scarf still available?"]
    assert set(find(search, "blue scarf")) == {
        "Is the blue scarf still available?",
        "…café crème scarf, in naïve blue",
    }
    assert find(search, "cafe creme naive ") == ["The café crème scarf, in naïve blue"]
    assert find(search, "CAFÉ ") == find(search, "cafe ")


def test_highlights_are_ranges_of_a_plain_snippet(shop: Database, search: SearchReader) -> None:
    (hit,) = [h for h in search.search(parse('"blue scarf"')).hits if h.message_id]
    assert hit.snippet == "Is the blue scarf still available?"
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["blue", "scarf"]


def test_filters(shop: Database, search: SearchReader) -> None:
    assert find(search, "platform:telegram blue") == ["Blue hat order"]
    assert find(search, "from:zoe") == ["Blue hat order"]
    assert find(search, "has:link") == ["See https://shop.example/scarf"]
    assert find(search, f"before:{(NOW - timedelta(days=10)).date()} blue") == ["Blue hat order"]
    assert "Blue hat order" not in find(search, f"after:{(NOW - timedelta(days=10)).date()} blue")
    # Conversation filters alone list conversations.
    hits = search.search(parse("platform:telegram")).hits
    assert [(h.conversation.title, h.message_id) for h in hits] == [(ZOE.display_name, None)]
    assert search.count(parse("is:unanswered")) == 2  # both customers wrote last
    assert find(search, "is:archived blue") == []


def test_tags_and_conversation_states(shop: Database, search: SearchReader) -> None:
    with shop.transaction() as session:
        zoe = contact_store.contact_for(session, Platform.TELEGRAM, ZOE, NOW)
        contact_store.set_tags(session, zoe, ["Wholesale"])
    assert [h.conversation.title for h in search.search(parse("tag:wholesale")).hits] == [
        ZOE.display_name
    ]
    first = search.search(parse("tag:wholesale")).hits[0].conversation
    with shop.transaction() as session:
        conversation_store.update_flags(session, [first.id], archived=True, pinned=True)
    assert find(search, "is:archived is:pinned blue") == ["Blue hat order"]


def test_people_handles_and_notes_find_their_conversation(
    shop: Database, search: SearchReader
) -> None:
    by_handle = search.search(parse("zoe_knits")).hits
    assert by_handle[0].message_id is None and by_handle[0].conversation.title == ZOE.display_name
    assert search.search(parse("nandu")).hits[0].conversation.title == ZOE.display_name
    with shop.transaction() as session:
        zoe = contact_store.contact_for(session, Platform.TELEGRAM, ZOE, NOW)
        note = contact_store.add_note(session, zoe, "Prefers merino, ships to Porto", NOW)
    (hit,) = search.search(parse("merino")).hits
    assert hit.conversation.title == ZOE.display_name
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["merino"]
    with shop.transaction() as session:
        contact_store.edit_note(session, note.id, "Prefers alpaca", NOW)
    assert search.search(parse("merino")).hits == ()
    assert search.search(parse("alpaca")).hits
    with shop.transaction() as session:
        contact_store.delete_note(session, note.id)
        contact_store.rename_contact(session, zoe, "Zoe Porto")
    assert search.search(parse("alpaca")).hits == ()
    assert search.search(parse("porto")).hits[0].conversation.title == ZOE.display_name


def test_the_index_follows_edits_and_deletes(shop: Database, search: SearchReader) -> None:
    account = add_account(shop, Platform.X)
    original = fetched(9, NOW, conversation="x-1", text="Parcel never arrived")
    ingest(shop, account, [original], NOW)
    assert find(search, "parcel") == ["Parcel never arrived"]
    from dataclasses import replace

    ingest(shop, account, [replace(original, text="Package arrived, thanks", edited=True)], NOW)
    assert find(search, "parcel") == []
    assert find(search, "package") == ["Package arrived, thanks"]
    (hit,) = search.search(parse("package")).hits
    with shop.transaction() as session:
        conversation_store.update_flags(session, [hit.conversation.id], trashed=True)
        conversation_store.delete_forever(session, [hit.conversation.id])
    # The messages went by the foreign key's cascade; the index followed them.
    (count,) = (
        sqlite3.connect(shop.path)
        .execute("SELECT count(*) FROM messages_search WHERE messages_search MATCH 'package'")
        .fetchone()
    )
    assert count == 0


def test_trash_is_not_searched(shop: Database, search: SearchReader) -> None:
    (hit,) = [h for h in search.search(parse("hat")).hits if h.message_id]
    with shop.transaction() as session:
        conversation_store.update_flags(session, [hit.conversation.id], trashed=True)
    assert find(search, "hat") == []


def test_common_words_rank_the_newest_candidates_and_page_on(
    database: Database, search: SearchReader
) -> None:
    account = add_account(database)
    many = [
        fetched(n, NOW - timedelta(days=1), text=f"order {n} " + "filler " * (n % 7))
        for n in range(CANDIDATES + 120)
    ]
    many.append(fetched(9999, NOW - timedelta(days=1), text="order"))  # short: the best hit
    ingest(database, account, many, NOW)
    first = search.search(parse("order"), limit=50)
    assert first.hits[0].snippet == "order"
    seen = [h.message_id for h in first.hits]
    cursor = first.more
    while cursor is not None:
        page = search.search(parse("order"), limit=50, cursor=cursor)
        seen += [h.message_id for h in page.hits]
        cursor = page.more
    assert len(seen) == len(set(seen)) == CANDIDATES + 121  # every match, once


def test_an_existing_database_is_indexed_by_the_migration(data_dir: Path) -> None:
    from old_schema import schema_at

    path = database_path(data_dir)
    schema_at(path, "0003")
    raw = sqlite3.connect(path)
    raw.executescript(
        """
        INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at,
            settings, credential_key, status_detail) VALUES (1, 'x', 'Shop', '', 'connected',
            'demo', 0, '{}', '', '');
        INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,
            is_group, participants, last_activity_at, unread_count, archived, trashed, pinned,
            muted, draft_text) VALUES (1, 1, 'x', 'c', 'Old Friend', 0, '[]', 0, 0, 0, 0, 0, 0, '');
        INSERT INTO messages (id, conversation_id, account_id, platform_message_id, direction,
            text, sent_at, status, sender_platform_id, sender_name, edited, unsent,
            has_attachments) VALUES (1, 1, 1, 'm', 'incoming', 'Kept since last year', 0,
            'delivered', '', 'Old Friend', 0, 0, 0);
        """
    )
    raw.commit()
    raw.close()
    ensure_schema(path)
    reader = SearchReader(path)
    try:
        assert texts(reader.search(parse("last year")).hits) == ["Kept since last year"]
        assert reader.search(parse("friend")).hits[0].conversation.title == "Old Friend"
    finally:
        reader.close()


typed = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                '"',
                "*",
                "(",
                ")",
                ":",
                "-",
                "+",
                "^",
                "NEAR",
                "AND",
                "OR",
                "NOT",
                "from:",
                "is:",
                "has:",
                "before:",
                "after:",
                "tag:",
                "platform:",
                "😀",
                "scarf",
                "blue",
                "é",
                " ",
                "\x00",
                "\\",
                "'",
                "%",
                "_",
                "before:2024-02-30",
                "after:99999",
            ]
        ),
        max_size=12,
    ).map("".join),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=typed)
def test_any_input_gives_results_or_an_empty_list(
    shop: Database, search: SearchReader, text: str
) -> None:
    query = parse(text)
    page = search.search(query)
    assert isinstance(page.hits, tuple)
    assert search.count(query) >= 0


def test_ten_kilobytes_of_text_is_still_a_search(shop: Database, search: SearchReader) -> None:
    assert find(search, "scarf " + "x" * 10_000) == []
    assert len(parse("word " * 3000).terms) == 16
    assert isinstance(search.search(parse('"' * 10_000)).hits, tuple)


def test_a_date_filter_names_a_day(shop: Database) -> None:
    assert parse("before:2024-03").before == date(2024, 3, 1)
    assert parse("after:2024").after == date(2024, 1, 1)
    assert parse("before:2024-02-30").terms  # not a day: searched as words
    assert CUSTOMER.display_name  # the factories' customer wrote the scarf messages


def test_is_waiting_and_waited_find_who_waits_and_for_how_long(
    shop: Database, search: SearchReader
) -> None:
    """Ada wrote last a few minutes after NOW (days ago by now); Zoë 40 days before."""
    from dmdesk.services.inbox import InboxService

    def titles(typed: str) -> list[str]:
        return sorted(h.conversation.title for h in search.search(parse(typed)).hits)

    assert titles("is:waiting") == titles("is:unanswered") == ["Ada Customer", ZOE.display_name]
    assert titles("waited:>30d") == [ZOE.display_name]
    assert titles("waited:>2h") == ["Ada Customer", ZOE.display_name]
    assert titles("waited:>100000h") == []
    zoe = next(h.conversation for h in search.search(parse("waited:>30d")).hits)
    InboxService(shop).no_reply_needed([zoe.id])
    assert titles("is:waiting") == ["Ada Customer"]  # a thank-you needs no answer
