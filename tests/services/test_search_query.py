"""What the search box's text means."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dmdesk.domain import ConversationState, Platform, SearchTerm
from dmdesk.services.search_query import COMPLETIONS, MAX_TERMS, parse


def test_words_phrases_and_the_word_being_typed() -> None:
    query = parse('blue "merino scarf" sca')
    assert query.terms == (
        SearchTerm("blue"),
        SearchTerm("merino scarf", phrase=True),
        SearchTerm("sca", prefix=True),
    )
    assert parse("sca ").terms == (SearchTerm("sca"),)  # typing ended
    assert parse("s").terms == (SearchTerm("s"),)  # one letter is not a prefix yet
    assert parse("knit* hat ").terms == (SearchTerm("knit", prefix=True), SearchTerm("hat"))


def test_filters() -> None:
    query = parse(
        'from:ana from:"Ben Carter" platform:Instagram is:unread is:unanswered '
        "has:attachment has:link before:2024-03-15 after:2024 tag:wholesale scarf "
    )
    assert query.senders == ("ana", "Ben Carter")
    assert query.platforms == (Platform.INSTAGRAM,)
    assert query.states == {ConversationState.UNREAD, ConversationState.UNANSWERED}
    assert query.has_attachment and query.has_link
    assert (query.before, query.after) == (date(2024, 3, 15), date(2024, 1, 1))
    assert query.tags == ("wholesale",)
    assert query.terms == (SearchTerm("scarf"),)
    assert query.finds_messages
    assert not parse("platform:x is:pinned tag:vip").finds_messages


def test_what_is_not_a_filter_is_words() -> None:
    assert parse("is:happy ").terms == (SearchTerm("is:happy"),)
    assert parse("platform:myspace ").terms == (SearchTerm("platform:myspace"),)
    assert parse("before:someday ").terms == (SearchTerm("before:someday"),)
    assert parse("note: call back ").terms[0] == SearchTerm("note:")
    assert parse("from: ").is_empty


def test_nothing_to_search_for_is_dropped() -> None:
    assert parse('😀 -- !! "" ').is_empty
    assert parse('"unbalanced phrase').terms == (SearchTerm("unbalanced phrase", phrase=True),)
    assert len(parse("word " * 1000).terms) == MAX_TERMS
    assert parse("a\x00b ").terms == (SearchTerm("a"), SearchTerm("b"))


def test_completions_are_filters_it_understands() -> None:
    for completion in COMPLETIONS:
        if not completion.endswith(":"):
            assert not parse(completion + " ").terms, completion


@given(st.text())
def test_any_text_parses(text: str) -> None:
    query = parse(text)
    assert all(term.text for term in query.terms)


def test_waiting_has_a_second_name_and_a_length() -> None:
    from datetime import timedelta

    from dmdesk.domain import ConversationState
    from dmdesk.services.search_query import suggested_name

    assert parse("is:waiting").states == {ConversationState.UNANSWERED}
    assert parse("waited:>4h").waited_at_least == timedelta(hours=4)
    assert parse("waited:2d").waited_at_least == timedelta(days=2)
    assert parse("waited:>3 days").waited_at_least is None  # a space ends the filter
    assert parse("waited:soon").terms[0].text == "waited:soon"  # not a length: words
    assert suggested_name(parse("is:waiting waited:>4h")) == "Unanswered waiting over 4 h"
    assert suggested_name(parse("waited:>3d")) == "Waiting over 3 d"
