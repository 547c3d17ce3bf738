"""The report: each customer's wait for a first response is kept as messages come
(an away message answers nobody, a failed or scheduled reply has not answered,
groups and "no reply needed" take no part), messages are counted per quarter
hour by triggers whatever writes them, and the figures, the days (across summer
time's end), the heatmap, the longest waits and the CSV come out right."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from factories import add_account, fetched, ingest
from old_schema import schema_at

from dmdesk.domain import Direction, Participant, Platform
from dmdesk.services.business_hours import BusinessHours, Span
from dmdesk.services.inbox import InboxService
from dmdesk.services.reports import Period, build_report, waits_csv
from dmdesk.store import messages as message_store
from dmdesk.store.database import ensure_schema
from dmdesk.store.report_reads import NOT_ANSWERED, ReportReader

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # a Monday morning in London
ADA = Participant("u-1", "Ada Customer", "ada")


@pytest.fixture(autouse=True)
def in_london(london):
    """The owner's clock is London's."""


def customer(number: int, at: datetime, chat: str = "c-1", **changes):
    item = fetched(number, at - timedelta(minutes=number), conversation=chat)
    return replace(item, **changes)


def shop(number: int, at: datetime, chat: str = "c-1", **changes):
    item = fetched(
        number, at - timedelta(minutes=number), conversation=chat, direction=Direction.OUTGOING
    )
    return replace(item, **changes)


def waits_of(db_path) -> list[tuple]:
    raw = sqlite3.connect(db_path)
    try:
        return raw.execute(
            "SELECT conversation_id, wrote_at, answered_at FROM response_waits ORDER BY wrote_at"
        ).fetchall()
    finally:
        raw.close()


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def test_a_wait_starts_with_the_customer_and_ends_with_a_person_s_answer(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    t = START
    ingest(
        database,
        account,
        [
            customer(1, t),
            customer(2, t + timedelta(minutes=5)),  # the same wait
            shop(3, t + timedelta(minutes=20), automatic=True),  # an away message: no answer
            shop(4, t + timedelta(minutes=40)),
            customer(5, t + timedelta(hours=3)),  # a second wait, not answered yet
        ],
        t + timedelta(hours=3),
    )
    (first, second) = waits_of(db_path)
    assert first[1:] == (ms(t), ms(t + timedelta(minutes=40)))
    assert second[1:] == (ms(t + timedelta(hours=3)), None)


def test_a_reply_answers_when_it_is_written_not_a_failed_or_scheduled_one(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    result = ingest(database, account, [customer(1, START)], START)
    [chat] = result.new_conversation_ids
    with database.transaction() as session:
        later = message_store.add_outgoing(
            session, chat, "tomorrow", "c-later", START, send_at=START + timedelta(days=1)
        )
    assert waits_of(db_path)[0][2] is None  # scheduled: not said yet
    with database.transaction() as session:
        failed = message_store.add_outgoing(
            session, chat, "hi", "c-failed", START + timedelta(minutes=10)
        )
        message_store.mark_failed(session, failed)
        assert message_store.cancel_scheduled(session, later) == "tomorrow"
    assert waits_of(db_path)[0][2] is None  # failed: nobody heard it
    with database.transaction() as session:
        message_store.add_outgoing(session, chat, "Hello!", "c-ok", START + timedelta(minutes=30))
    assert waits_of(db_path)[0][2] == ms(START + timedelta(minutes=30))


def test_groups_and_no_reply_needed_take_no_part(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    group = replace(customer(1, START, chat="-100"), is_group=True)
    result = ingest(database, account, [group, customer(1, START, chat="c-2")], START)
    [(chat, _wrote, answered)] = waits_of(db_path)
    assert answered is None and chat == result.new_conversation_ids[1]
    InboxService(database).no_reply_needed([chat])
    assert waits_of(db_path) == []  # "thanks!" needed no answer: not a wait to measure
    ingest(database, account, [customer(2, START + timedelta(hours=2), chat="c-2")], START)
    assert [w[1] for w in waits_of(db_path)] == [ms(START + timedelta(hours=2))]


def test_messages_are_counted_per_quarter_hour_by_whatever_writes_them(database, db_path):
    account = add_account(database, Platform.INSTAGRAM)
    result = ingest(
        database,
        account,
        [
            customer(1, START),
            customer(2, START + timedelta(minutes=1)),
            shop(3, START + timedelta(minutes=20)),
            customer(4, START + timedelta(minutes=21), automatic=True),  # a bot: not counted
        ],
        START,
    )
    reader = ReportReader(db_path)
    try:
        quarters = reader.volume(START, START + timedelta(hours=1), None)
        assert [(q * 900_000 - ms(START), i, o) for q, i, o in quarters] == [
            (0, 2, 0),
            (900_000, 0, 1),
        ]
        assert reader.volume(START, START + timedelta(hours=1), Platform.TELEGRAM) == []
        [chat] = result.new_conversation_ids
        service = InboxService(database)
        service.trash([chat])
        service.delete_forever([chat])
        assert [(i, o) for _q, i, o in reader.volume(START, START + timedelta(hours=1), None)] == [
            (0, 0),
            (0, 0),
        ]
    finally:
        reader.close()


def _shop_day(database, account, day: datetime, waits: list[tuple[int, int | None]], chat: str):
    """Customers writing at ``day`` + minutes, answered after minutes (None: not)."""
    items = []
    for number, (at_minute, answered_after) in enumerate(waits):
        wrote = day + timedelta(minutes=at_minute)
        items.append(
            replace(
                customer(0, wrote, chat=f"{chat}-{number}"),
                platform_message_id=f"{chat}-{number}-in",
            )
        )
        if answered_after is not None:
            items.append(
                replace(
                    shop(0, wrote + timedelta(minutes=answered_after), chat=f"{chat}-{number}"),
                    platform_message_id=f"{chat}-{number}-out",
                )
            )
    ingest(database, account, items, day)


def test_the_figures_their_trend_the_longest_waits_and_the_csv(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    now = datetime(2026, 11, 20, 18, 0).astimezone()
    period = Period.last_days(7, now)  # from Saturday 14 November
    # The week before: slower.
    _shop_day(database, account, period.start - timedelta(days=3) + timedelta(hours=10),
              [(0, 120), (30, 180), (60, 2000)], "before")  # fmt: skip
    # This week: 10, 20, 30, 40 minutes, 2 hours and 30 hours; one never answered.
    day = period.start + timedelta(days=2, hours=10)
    _shop_day(database, account, day,
              [(0, 10), (5, 20), (10, 30), (15, 40), (20, 120), (25, 1800), (30, None)],
              "now")  # fmt: skip
    reader = ReportReader(db_path)
    try:
        report = build_report(reader, period, None, None, now)
        stats = report.current
        assert (stats.waits, stats.answered) == (7, 6)
        assert stats.median == timedelta(minutes=35)
        assert stats.p90 == timedelta(minutes=1800)
        assert stats.within_hour == pytest.approx(4 / 7)  # the unanswered one is overdue
        assert stats.within_day == pytest.approx(5 / 7)
        assert report.previous.median == timedelta(minutes=180)
        assert report.previous.within_hour == 0
        assert report.longest[0].answered_at is None and report.longest[0].title == "Ada Customer"
        assert report.longest[1].waited == timedelta(minutes=1800)
        assert sum(d.incoming for d in report.days) == 7
        assert sum(d.outgoing for d in report.days) == 6
        assert sum(map(sum, report.heatmap)) == 7
        assert report.heatmap[day.weekday()][10] == 7  # Monday, 10:00
        text = waits_csv(reader, period, None, None, now)
    finally:
        reader.close()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Conversation" and len(rows) == 8
    assert rows[1][3] == ""  # not answered, and the longest
    assert rows[2][4] == "30.00"


def test_in_business_hours_a_weekend_does_not_count(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    hours = BusinessHours(((Span(time(9), time(17)),),) * 5 + ((), ()))
    saturday = datetime(2026, 11, 14, 20, 0).astimezone()
    _shop_day(database, account, saturday, [(0, 38 * 60)], "weekend")  # Monday 10:00
    now = datetime(2026, 11, 16, 18, 0).astimezone()
    reader = ReportReader(db_path)
    try:
        wall = build_report(reader, Period.last_days(7, now), None, None, now)
        shop_time = build_report(reader, Period.last_days(7, now), None, hours, now)
    finally:
        reader.close()
    assert wall.current.median == timedelta(hours=38)
    assert shop_time.current.median == timedelta(hours=1) and shop_time.business_hours


def test_days_follow_the_owner_s_clock_across_the_end_of_summer_time(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    # Sunday 25 October 2026 has 25 hours in London: 23:30 that night is still Sunday.
    late = datetime(2026, 10, 25, 23, 30).astimezone()
    _shop_day(database, account, late, [(0, None)], "late")
    reader = ReportReader(db_path)
    try:
        period = Period.between(date(2026, 10, 24), date(2026, 10, 26))
        report = build_report(reader, period, None, None, datetime(2026, 10, 27, tzinfo=UTC))
    finally:
        reader.close()
    assert [(d.day.day, d.incoming) for d in report.days] == [(24, 0), (25, 1), (26, 0)]
    assert report.heatmap[6][23] == 1  # Sunday, 23:00


def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(database, db_path):
    account = add_account(database, Platform.TELEGRAM)
    evil = Participant("u-9", '=HYPERLINK("http://evil")', "")
    ingest(database, account, [fetched(1, START, conversation="c-9", person=evil)], START)
    reader = ReportReader(db_path)
    try:
        now = START + timedelta(hours=1)
        text = waits_csv(reader, Period.last_days(1, now), None, None, now)
    finally:
        reader.close()
    assert list(csv.reader(io.StringIO(text)))[1][0].startswith("'=HYPERLINK")


def test_the_migration_keeps_the_waits_and_counts_of_messages_already_stored(tmp_path):
    db_path = tmp_path / "older.sqlite3"  # not the fixture's: that one is new already
    schema_at(db_path, "0009")
    raw = sqlite3.connect(db_path)
    raw.executescript(
        f"""
        INSERT INTO accounts (id, platform, display_name, handle, status, connector, created_at,
            settings, credential_key, status_detail) VALUES
            (1, 'x', 'Shop', '@shop', 'connected', 'demo', 0, '{{}}', '', '');
        INSERT INTO conversations (id, account_id, platform, platform_conversation_id, title,
            is_group, participants, last_activity_at, unread_count, archived, trashed, pinned,
            muted, draft_text) VALUES (1, 1, 'x', 'c-1', 'Ann', 0, '[]', 0, 0, 0, 0, 0, 0, '');
        INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, text,
            sent_at, sender_platform_id, sender_name, status, edited, unsent, has_attachments)
        VALUES (1, 1, 'a', 'incoming', 'hi', {ms(START)}, '', 'Ann', 'delivered', 0, 0, 0),
               (1, 1, 'b', 'outgoing', 'hello', {ms(START) + 60_000}, '', 'Shop', 'sent', 0, 0, 0);
        """
    )
    raw.commit()
    raw.close()
    ensure_schema(db_path)
    assert waits_of(db_path) == [(1, ms(START), ms(START) + 60_000)]
    reader = ReportReader(db_path)
    try:
        assert [(i, o) for _q, i, o in reader.volume(START, START + timedelta(hours=1), None)] == [
            (1, 1)
        ]
        times = reader.wait_times(START, START + timedelta(hours=1), None)
        assert times.tolist() == [[ms(START), ms(START) + 60_000]]
        assert NOT_ANSWERED == -1
    finally:
        reader.close()


def test_an_empty_workspace_has_a_report_with_nothing_in_it(db_path):
    reader = ReportReader(db_path)
    try:
        now = START
        report = build_report(reader, Period.last_days(30, now), Platform.X, None, now)
    finally:
        reader.close()
    assert report.current.waits == 0 and report.current.median is None
    assert report.current.within_hour is None and len(report.days) == 30
    assert report.longest == ()


def test_statuses_do_not_change_what_was_counted(database, db_path):
    """A reply's status moving (sent, delivered, read) rewrites its row: the count
    trigger listens only to what counts."""
    account = add_account(database, Platform.TELEGRAM)
    result = ingest(database, account, [customer(1, START)], START)
    with database.transaction() as session:
        reply = message_store.add_outgoing(
            session, result.new_conversation_ids[0], "hi", "c", START + timedelta(minutes=5)
        )
        message_store.mark_sent(session, reply, "p-1")
    reader = ReportReader(db_path)
    try:
        counts = reader.volume(START, START + timedelta(hours=1), None)
        assert sum(i for _q, i, _o in counts) == 1 and sum(o for *_r, o in counts) == 1
    finally:
        reader.close()


def test_an_import_counts_its_messages_in_bulk_and_the_trigger_comes_back(database, db_path):
    from dmdesk.store import imports

    account = add_account(database, Platform.TELEGRAM)
    ingest(database, account, [customer(1, START)], START)  # counted by the trigger
    with database.transaction(ddl=True) as session, imports.indexed_and_counted_afterwards(session):
        chat, _created = imports.conversation_for_import(
            session, account.id, Platform.TELEGRAM, "old", ADA, START, match_people=False
        )
        imports.insert_messages(
            session,
            chat,
            account.id,
            [
                imports.NewMessage("o-1", ADA, Direction.INCOMING, "hi", START),
                imports.NewMessage("o-2", ADA, Direction.OUTGOING, "hello", START),
            ],
        )
    ingest(database, account, [customer(2, START + timedelta(minutes=1))], START)
    reader = ReportReader(db_path)
    try:
        [(_quarter, incoming, outgoing)] = reader.volume(START, START + timedelta(minutes=15), None)
    finally:
        reader.close()
    assert (incoming, outgoing) == (3, 1)  # one before, two imported, one after
