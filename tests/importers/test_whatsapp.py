"""WhatsApp chat exports in every date form the contract lists."""

import contextlib
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmdesk.importers.whatsapp import WhatsAppFormatError, read_chat


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("13/04/16, 15:04 - Nadia: hello", datetime(2016, 4, 13, 15, 4)),
        ("4/13/16, 3:04 PM - Nadia: hello", datetime(2016, 4, 13, 15, 4)),
        ("15.04.2016, 15:04 - Nadia: hello", datetime(2016, 4, 15, 15, 4)),
        ("2016-04-15, 3:04 PM - Nadia: hello", datetime(2016, 4, 15, 15, 4)),
        ("[06.13.18 21:25:15] Nadia: hello", datetime(2018, 6, 13, 21, 25, 15)),
        ("[2018/06/13, 21:25:15] Nadia: hello", datetime(2018, 6, 13, 21, 25, 15)),
        ("13.6.2018 klo 21.25.15 - Nadia: hello", datetime(2018, 6, 13, 21, 25, 15)),
        ("01/30/2019, 08:49 p. m. - Nadia: hello", datetime(2019, 1, 30, 20, 49)),
        ("\u200e[2018/06/13, 9:25:15\u202fAM] Nadia: hello", datetime(2018, 6, 13, 9, 25, 15)),
        ("1/2/19, 12:05 AM - Nadia: hello", datetime(2019, 1, 2, 0, 5)),
    ],
)
def test_every_date_form(line: str, when: datetime) -> None:
    (message,) = read_chat([line])
    assert (message.sent_at, message.sender, message.text) == (when, "Nadia", "hello")


def test_day_and_month_order_comes_from_the_whole_file() -> None:
    lines = ["03/04/19, 10:00 - Ana: first", "25/04/19, 10:00 - Ana: later"]
    first, _ = read_chat(lines)
    assert first.sent_at == datetime(2019, 4, 3, 10, 0)  # 25 settles it: day first
    us = ["03/04/19, 10:00 AM - Ana: first", "04/25/19, 10:00 AM - Ana: later"]
    first, _ = read_chat(us)
    assert first.sent_at == datetime(2019, 3, 4, 10, 0)


def test_continuation_lines_system_lines_and_attachments() -> None:
    lines = [
        '12/06/2020, 09:00 - You created group "Shop"',
        "12/06/2020, 09:01 - Maya: line one",
        "line two: with a colon",
        "",
        "12/06/2020, 09:02 - Ben: <attached: 00000042-PHOTO-2020-06-12.jpg>",
        "12/06/2020, 09:03 - Ben: IMG-20200612-WA0001.jpg (file attached)",
        "12/06/2020, 09:04 - Ben: <Media omitted>",
    ]
    system, multi, photo, plain, omitted = read_chat(lines)
    assert system.sender is None and system.text == 'You created group "Shop"'
    assert multi.text == "line one\nline two: with a colon\n"
    assert photo.attachments == ("00000042-PHOTO-2020-06-12.jpg",) and photo.text == ""
    assert plain.attachments == ("IMG-20200612-WA0001.jpg",)
    assert omitted.media_omitted and omitted.text == ""
    assert [m.line_number for m in (system, multi, photo)] == [1, 2, 5]


def test_a_file_that_is_not_a_chat_says_where() -> None:
    with pytest.raises(WhatsAppFormatError, match=r"notes\.txt, line 1: .*does not start"):
        read_chat(["Dear diary", "12/06/2020, 09:01 - Maya: hi"], "notes.txt")
    with pytest.raises(WhatsAppFormatError, match="no WhatsApp messages"):
        read_chat(["", "   "], "empty.txt")
    with pytest.raises(WhatsAppFormatError, match=r"line 2: 31/02/2020 .* not a date"):
        read_chat(["13/01/2020, 10:00 - A: ok", "31/02/2020, 10:00 - A: no"], "bad.txt")


date_like = st.builds(
    "{}/{}/{}, {}:{:02d}{} - {}: {}".format,
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["", " AM", " p. m."]),
    st.text(max_size=10),
    st.text(max_size=20),
)


@given(st.lists(st.one_of(st.text(max_size=80), date_like), max_size=20))
def test_no_input_crashes_it_with_anything_but_its_own_error(lines: list[str]) -> None:
    with contextlib.suppress(WhatsAppFormatError):
        read_chat(lines)


def test_a_chat_with_one_other_sender_is_one_to_one_whatever_its_file_is_named(
    workspace, tmp_path
) -> None:
    """ "WhatsApp Chat with Ana Sousa.txt" whose lines say "Ana:" became a group of
    two with no contact for Ana, and the preview and the summary disagreed on what
    was left out."""
    from importers import downloads as d

    chat = (
        "13/01/2020, 09:59 - Messages and calls are end-to-end encrypted.\n"
        "13/01/2020, 10:00 - Ana: Hi! Is the green scarf still there?\n"
        "13/01/2020, 10:02 - Juniper Thread: It is!\n"
    )
    folder = d.write(tmp_path / "wa", {"WhatsApp Chat with Ana Sousa.txt": chat})
    imported = workspace.import_(folder, me="Juniper Thread")
    (conversation,) = workspace.conversations()
    assert not conversation.is_group and conversation.contact_id is not None
    assert [p.display_name for p in conversation.participants] == ["Ana"]
    assert dict(imported.preview.skipped) == dict(imported.summary.skipped)
    assert imported.summary.skipped  # the encryption notice, in both
