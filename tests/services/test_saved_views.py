"""Saved searches kept with the data: names checked, order kept, counts capped."""

from __future__ import annotations

import pytest

from dmdesk.services.saved_views import COUNT_CAP, SavedViewError, SavedViewService
from dmdesk.store.database import Database
from dmdesk.store.search import SearchReader


def test_add_rename_move_delete_and_count(database: Database) -> None:
    search = SearchReader(database.path)
    service = SavedViewService(database, search)
    try:
        first = service.add("  Wholesale   leads ", "tag:wholesale")
        second = service.add("Links", "has:link")
        third = service.add("x" * 300, "scarf")
        assert [v.name for v in service.views()] == ["Wholesale leads", "Links", "x" * 100]
        service.move(third.id, -5)  # past the top: first
        service.move(first.id, 1)
        assert [v.id for v in service.views()] == [third.id, second.id, first.id]
        service.rename(second.id, "With a link")
        service.delete(third.id)
        assert [v.name for v in service.views()] == ["With a link", "Wholesale leads"]
        assert service.counts(service.views()) == {second.id: 0, first.id: 0}
        assert COUNT_CAP == 1000
        with pytest.raises(SavedViewError, match="needs a name"):
            service.add("   ", "scarf")
        with pytest.raises(SavedViewError, match="nothing to search for"):
            service.add("Emoji", "😀 !!")
    finally:
        search.close()


def test_a_saved_search_is_offered_a_name_in_words() -> None:
    from dmdesk.services.search_query import parse, suggested_name

    assert suggested_name(parse("is:unanswered platform:instagram")) == "Unanswered on Instagram"
    assert suggested_name(parse("blue scarf has:attachment")) == "Blue scarf with files"
    assert suggested_name(parse('"gift wrap" tag:vip')) == "“gift wrap” tagged vip"
    assert suggested_name(parse("from:ana")) == "From ana"
