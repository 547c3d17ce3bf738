"""WhatsApp chat exports in every date form the contract lists."""

import contextlib
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmdesk.domain import AttachmentKind
from dmdesk.importers.whatsapp import DateOrderUnknown, WhatsAppFormatError, read_chat


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


def test_a_day_or_month_of_nought_is_no_date_either_way() -> None:
    """Found by the property test below: "0/1/0" asked its question with a month 0."""
    with pytest.raises(WhatsAppFormatError, match="not a date") as raised:
        read_chat(["0/1/0,0:00 - A: x"])
    assert not isinstance(raised.value, DateOrderUnknown)


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


# --- shapes from real, published exports (#19) ------------------------------------------


def test_a_dot_after_the_time_is_part_of_the_header_not_of_the_name() -> None:
    (message,) = read_chat(["2022/12/14, 13:34. - John Doe: Is it in stock?"])
    assert (message.sent_at, message.sender) == (datetime(2022, 12, 14, 13, 34), "John Doe")
    assert message.text == "Is it in stock?"


@pytest.mark.parametrize(
    ("lines", "day", "month"),
    [
        # A lowercase "pm" is not a US phone's: day first (it was read as 11 Feb).
        (["[02/11/2020, 9:47:19 pm] Ana: hi"], 2, 11),
        # A US phone writes "PM".
        (["[02/11/2020, 9:47:19 PM] Ana: hi"], 11, 2),
        # The photo's own name says 2 November.
        (
            [
                "[02/11/2020, 21:47:19] Ana: "
                "\u200e<attached: 00000012-PHOTO-2020-11-02-21-47-19.jpg>"
            ],
            2,
            11,
        ),
        # Android's name says 11 February.
        (["02/11/2020, 21:47 - Ana: IMG-20200211-WA0001.jpg (file attached)"], 11, 2),
        # In time order: 12/11 then 01/12 is November, then December.
        (["12/11/20, 10:00 - Ana: first", "01/12/20, 10:00 - Ana: next"], 12, 11),
    ],
    ids=["lowercase-pm", "us-PM", "photo-name", "android-name", "time-order"],
)
def test_the_date_order_comes_from_the_files_evidence(
    lines: list[str], day: int, month: int
) -> None:
    first = read_chat(lines)[0]
    assert (first.sent_at.day, first.sent_at.month) == (day, month)


def test_dates_that_read_both_ways_ask_and_the_answer_is_taken() -> None:
    lines = ["03/04/19, 10:00 - Ana: first", "03/04/19, 10:05 - Ana: same day"]
    with pytest.raises(DateOrderUnknown) as asked:
        read_chat(lines, "chat.txt")
    assert "--dates dmy or --dates mdy" in str(asked.value)
    assert [a.label for a in asked.value.answers] == [
        "3 April 2019 (day first)",
        "4 March 2019 (month first)",
    ]
    assert read_chat(lines, order="mdy")[0].sent_at == datetime(2019, 3, 4, 10, 0)
    assert read_chat(lines, order="dmy")[0].sent_at == datetime(2019, 4, 3, 10, 0)
    # A day above 12 is beyond doubt, whatever the answer.
    assert read_chat(["25/04/19, 10:00 - Ana: x"], order="mdy")[0].sent_at.day == 25


@pytest.mark.parametrize(
    ("placeholder", "kind"),
    [
        ("image omitted", AttachmentKind.IMAGE),
        ("imagen omitida", AttachmentKind.IMAGE),
        ("Bild weggelassen", AttachmentKind.IMAGE),
        ("sticker omitido", AttachmentKind.STICKER),
        ("Dokument weggelassen", AttachmentKind.FILE),
        ("video omitted", AttachmentKind.VIDEO),
        ("audio omitido", AttachmentKind.AUDIO),
    ],
)
def test_an_iphones_media_placeholder_is_a_file_left_out_in_any_language(
    placeholder: str, kind: AttachmentKind
) -> None:
    (message,) = read_chat([f"[13/01/2020, 10:00:00] Ana: \u200e{placeholder}"])
    assert message.media_omitted and message.omitted_kind is kind and message.text == ""
    assert message.sender == "Ana"


@pytest.mark.parametrize(
    "marker",
    [
        "<This message was edited>",
        "<Se editó este mensaje.>",
        "<Diese Nachricht wurde bearbeitet.>",
    ],
)
def test_an_edit_marker_sets_edited_and_leaves_the_text(marker: str) -> None:
    (message,) = read_chat([f"[13/01/2020, 10:00:00] Ana: See you at 5 \u200e{marker}"])
    assert message.edited and message.text == "See you at 5"


def test_an_iphones_notices_are_not_messages_and_the_group_is_not_a_person() -> None:
    lines = [
        "[13/01/2020, 09:59:00] Knit club: \u200eMessages and calls are end-to-end encrypted.",
        "[13/01/2020, 10:00:00] Knit club: \u200eAna changed the group name to “Knit club”",
        "[13/01/2020, 10:01:00] Ana: Hello all",
        "[13/01/2020, 10:02:00] Ben: \u200eMissed voice call",
        "[13/01/2020, 10:03:00] Ben: \u200eLlamada perdida",
        "[13/01/2020, 10:04:00] Ben: \u200eThis message was deleted.",
        "[13/01/2020, 10:05:00] Ben: \u200eLocation: https://maps.google.com/?q=1,2",
    ]
    encrypted, renamed, hello, missed, llamada, deleted, location = read_chat(lines)
    assert [m.sender for m in (encrypted, renamed, missed, llamada)] == [None] * 4
    assert hello.sender == "Ana"
    assert deleted.sender == "Ben" and deleted.unsent and deleted.text == ""
    assert location.sender == "Ben" and location.text.startswith("Location: https://")
