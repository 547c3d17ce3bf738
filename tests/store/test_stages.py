"""Stages in the store: the workspace's list (the two ready sets until the owner
changes it), people moved and undone, counted, found with stage:, on rows, and
combined when two people become one."""

from __future__ import annotations

from factories import NOW, add_account, fetched, ingest
from test_people import two_chloes

from dmdesk.domain import COLLABORATION_STAGES, CUSTOMER_STAGES, ListQuery, Platform
from dmdesk.services.inbox import InboxService
from dmdesk.services.search_query import parse
from dmdesk.store.search import SearchReader


def test_the_ready_sets_until_the_owner_edits_and_renamed_stages_keep_their_people(
    database, db_path
) -> None:
    reader, chloe, _ = two_chloes(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    assert reader.stages() == (*CUSTOMER_STAGES, *COLLABORATION_STAGES)
    inbox.set_stage([chloe.contact_id], "Ordered")

    kept = inbox.set_stages(
        ["New", "  Asked ", "Bought", "asked", "", "Shipped", *"ABCDEFG"], {"Ordered": "Bought"}
    )

    assert kept == ("New", "Asked", "Bought", "Shipped", "A", "B", "C", "D", "E")  # nine
    assert reader.stages() == kept
    assert reader.contact(chloe.contact_id).stage == "Bought"
    reader.close()


def test_people_move_between_stages_undoably_and_are_counted_and_found(database, db_path) -> None:
    reader, on_instagram, on_whatsapp = two_chloes(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    people = [on_instagram.contact_id, on_whatsapp.contact_id]
    first = inbox.set_stage(people, "Asked")
    second = inbox.set_stage(people[:1], "Content posted")
    assert first is not None and first.description == "Moved 2 people to Asked"
    assert second is not None and second.description == "Moved 1 person to Content posted"
    assert inbox.set_stage(people[:1], "Content posted") is None  # already there
    assert reader.stage_counts() == {"Asked": 1, "Content posted": 1}
    rows = {c.title: c for c in reader.conversation_page(ListQuery())}
    assert (rows["Chloé Martin"].stage, rows["Chloé"].stage) == ("Content posted", "Asked")
    search = SearchReader(db_path)
    found = search.search(parse("stage:content-posted"))
    assert [h.conversation.title for h in found.hits] == ["Chloé Martin"]
    assert search.count(parse("stage:ASKED")) == 1
    assert search.count(parse("stage:asked stage:content-posted")) == 2

    inbox.undo(second)
    assert reader.contact(people[0]).stage == "Asked"
    inbox.undo(first)
    assert reader.stage_counts() == {}
    search.close()
    reader.close()


def test_a_merge_keeps_a_stage_either_had_and_undo_puts_both_back(database, db_path) -> None:
    reader, on_instagram, on_whatsapp = two_chloes(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    inbox.set_stage([on_whatsapp.contact_id], "Ordered")
    merge = inbox.merge_people(on_instagram.contact_id, on_whatsapp.contact_id)
    assert merge is not None
    assert reader.contact(on_instagram.contact_id).stage == "Ordered"
    inbox.undo(merge)
    assert reader.contact(on_instagram.contact_id).stage == ""
    assert reader.contact(on_whatsapp.contact_id).stage == "Ordered"
    reader.close()


def test_tags_in_use_are_known_most_used_first_whatever_their_case(database, db_path) -> None:
    reader, on_instagram, on_whatsapp = two_chloes(database, db_path)
    telegram = add_account(database, Platform.TELEGRAM)
    ingest(database, telegram, [fetched(1, NOW, "tg-1")], NOW)
    third = next(
        c for c in reader.conversation_page(ListQuery()) if c.platform is Platform.TELEGRAM
    )
    inbox = InboxService(database, lambda: NOW)
    inbox.set_tags(on_instagram.contact_id, ["vip", "wholesale"])
    inbox.set_tags(on_whatsapp.contact_id, ["Wholesale"])
    inbox.set_tags(third.contact_id, ["wholesale", "gift"])
    assert reader.known_tags() == ["wholesale", "gift", "vip"]
    rows = {c.title: c for c in reader.conversation_page(ListQuery())}
    assert rows["Chloé Martin"].tags == ("vip", "wholesale")
    reader.close()
