"""The People table's reads: a page in the order asked for (the workspace's own
order of stages, nobody's value last), filtered by name or handle, tag, stage
and platform, counted, and read whole for the CSV."""

from __future__ import annotations

from datetime import date

from factories import NOW
from people_data import three_people

from dmdesk.domain import PeopleQuery, PeopleSort, Platform
from dmdesk.services.inbox import InboxService


def names(reader, query: PeopleQuery, offset: int = 0, limit: int = 50) -> list[str]:
    return [p.name for p in reader.people_page(query, offset, limit)]


def test_people_come_latest_first_with_what_the_table_shows(database, db_path) -> None:
    reader, people = three_people(database, db_path)
    assert list(people) == ["Cai Wen", "Bea Costa", "Ana Lima"]
    bea = people["Bea Costa"]
    assert (bea.platforms, bea.handles, bea.messages, bea.notes) == (
        (Platform.INSTAGRAM,),
        ("@bea_knits",),
        2,
        0,
    )
    assert bea.latest_conversation_id is not None and bea.waiting_since is not None
    assert reader.people_count(PeopleQuery()) == 3
    assert names(reader, PeopleQuery(), offset=1, limit=1) == ["Bea Costa"]  # pages
    reader.close()


def test_every_column_with_an_order_sorts_both_ways(database, db_path) -> None:
    reader, people = three_people(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    inbox.set_stage([people["Ana Lima"].contact_id], "Delivered")
    inbox.set_stage([people["Cai Wen"].contact_id], "Asked")
    inbox.set_follow_up(people["Bea Costa"].contact_id, date(2026, 12, 24))
    inbox.add_note(people["Ana Lima"].contact_id, "Size M")
    by = lambda sort, descending=False: names(reader, PeopleQuery(sort=sort, descending=descending))  # noqa: E731
    assert by(PeopleSort.NAME) == ["Ana Lima", "Bea Costa", "Cai Wen"]
    assert by(PeopleSort.NAME, True) == ["Cai Wen", "Bea Costa", "Ana Lima"]
    assert by(PeopleSort.STAGE) == ["Cai Wen", "Ana Lima", "Bea Costa"]  # Asked before Delivered
    assert by(PeopleSort.FOLLOW_UP)[0] == "Bea Costa"  # nobody's date goes last
    assert by(PeopleSort.FOLLOW_UP, True)[0] == "Bea Costa"
    assert by(PeopleSort.NOTES, True)[0] == "Ana Lima"
    assert by(PeopleSort.MESSAGES, True)[0] == "Bea Costa"
    assert by(PeopleSort.LAST_MESSAGE) == ["Ana Lima", "Bea Costa", "Cai Wen"]
    reader.close()


def test_filters_by_name_or_handle_tag_stage_and_platform(database, db_path) -> None:
    reader, people = three_people(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    inbox.set_tags(people["Bea Costa"].contact_id, ["Wholesale"])
    inbox.set_stage([people["Bea Costa"].contact_id], "Ordered")
    assert names(reader, PeopleQuery(text="knits")) == ["Bea Costa"]  # a handle
    assert names(reader, PeopleQuery(text="lim")) == ["Ana Lima"]
    assert names(reader, PeopleQuery(text="100%_")) == []  # typed, not a pattern
    assert names(reader, PeopleQuery(tag="wholesale")) == ["Bea Costa"]
    assert names(reader, PeopleQuery(stage="Ordered")) == ["Bea Costa"]
    assert names(reader, PeopleQuery(platform=Platform.WHATSAPP)) == ["Cai Wen"]
    assert reader.people_count(PeopleQuery(platform=Platform.INSTAGRAM)) == 2
    reader.close()
