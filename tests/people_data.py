"""Three people for the People table's tests: Ana and Bea on Instagram (Bea with
two messages), Cai on WhatsApp by his number, the latest first."""

from __future__ import annotations

from datetime import timedelta

from factories import NOW, add_account, fetched, ingest

from dmdesk.domain import Participant, PeopleQuery, Platform
from dmdesk.store.reads import InboxReader

ANA = Participant("ig-1", "Ana Lima", "@ana.lima")
BEA = Participant("ig-2", "Bea Costa", "@bea_knits")
CAI = Participant("+44 7700 900123", "Cai Wen", "+44 7700 900123")


def three_people(database, db_path):
    instagram = add_account(database, Platform.INSTAGRAM)
    whatsapp = add_account(database, Platform.WHATSAPP)
    ingest(database, instagram, [fetched(1, NOW - timedelta(days=2), "ig-a", person=ANA)], NOW)
    ingest(
        database,
        instagram,
        [
            fetched(2, NOW - timedelta(days=1), "ig-b", person=BEA),
            fetched(3, NOW - timedelta(hours=20), "ig-b", person=BEA),
        ],
        NOW,
    )
    ingest(database, whatsapp, [fetched(4, NOW, "wa-c", person=CAI)], NOW)
    reader = InboxReader(db_path)
    people = {p.name: p for p in reader.people_page(PeopleQuery(), 0, 50)}
    return reader, people
