"""One person across channels, in the store: two contacts merged (identities,
conversations, notes, tags, follow-up, opt-out), an identity split back out, and
each undone exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factories import NOW, add_account, fetched, ingest

import dmdesk.store.database
from dmdesk.domain import ListQuery, Participant, Platform
from dmdesk.services.inbox import InboxService
from dmdesk.store.reads import InboxReader

CHLOE_IG = Participant("ig-77", "Chloé Martin", "@chloe.knits")
CHLOE_WA = Participant("+33 6 12 34 56 78", "Chloé", "+33 6 12 34 56 78")


def two_chloes(database, db_path):
    """Chloé on Instagram and on WhatsApp: two contacts, one conversation each."""
    instagram = add_account(database, Platform.INSTAGRAM)
    whatsapp = add_account(database, Platform.WHATSAPP)
    ingest(database, instagram, [fetched(1, NOW, "ig-c", person=CHLOE_IG)], NOW)
    ingest(database, whatsapp, [fetched(1, NOW, "wa-c", person=CHLOE_WA)], NOW)
    reader = InboxReader(db_path)
    by_title = {c.title: c for c in reader.conversation_page(ListQuery())}
    return reader, by_title["Chloé Martin"], by_title["Chloé"]


def test_merging_makes_one_person_and_undo_parts_them_exactly(database, db_path) -> None:
    reader, on_instagram, on_whatsapp = two_chloes(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    kept, other = on_instagram.contact_id, on_whatsapp.contact_id
    assert kept is not None and other is not None and kept != other
    inbox.set_tags(kept, ["vip"])
    inbox.set_tags(other, ["VIP", "wholesale"])
    inbox.set_follow_up(kept, date(2026, 12, 20))
    inbox.set_follow_up(other, date(2026, 12, 10))
    inbox.set_do_not_message(other, True)
    note = inbox.add_note(other, "Prefers WhatsApp after 6 pm")
    before = (reader.contact(kept), reader.contact(other))

    merge = inbox.merge_people(kept, other)
    assert merge is not None and merge.description == "Merged Chloé into Chloé Martin"
    person = reader.contact(kept)
    assert person is not None and reader.contact(other) is None
    assert [i.platform for i in person.identities] == [Platform.INSTAGRAM, Platform.WHATSAPP]
    assert person.tags == ("vip", "wholesale")  # both, once each
    assert person.follow_up_on == date(2026, 12, 10)  # the sooner
    assert person.do_not_message  # an opt-out on either wins
    assert [n.id for n in reader.notes(kept)] == [note.id]
    assert [c.platform for c in reader.person_conversations(kept)] == [
        Platform.WHATSAPP,
        Platform.INSTAGRAM,
    ]
    # The next WhatsApp message from her is still hers.
    whatsapp = add_account(database, Platform.WHATSAPP)
    ingest(database, whatsapp, [fetched(2, NOW, "wa-c2", person=CHLOE_WA)], NOW)
    assert len(reader.person_conversations(kept)) == 3

    inbox.undo(merge)
    assert (reader.contact(kept), reader.contact(other)) != (None, None)
    after_kept, after_other = reader.contact(kept), reader.contact(other)
    assert (after_kept, after_other) == before
    assert [n.id for n in reader.notes(other)] == [note.id] and reader.notes(kept) == []
    assert [c.title for c in reader.person_conversations(other)] == ["Chloé", "Chloé"]
    reader.close()


def test_an_identity_splits_out_with_its_conversations_and_undo_joins_it_back(
    database, db_path
) -> None:
    reader, on_instagram, on_whatsapp = two_chloes(database, db_path)
    inbox = InboxService(database, lambda: NOW)
    kept = on_instagram.contact_id
    assert kept is not None and on_whatsapp.contact_id is not None
    inbox.merge_people(kept, on_whatsapp.contact_id)
    inbox.add_note(kept, "Her order: 2 scarves")
    whatsapp_identity = reader.contact(kept).identities[1]  # type: ignore[union-attr]

    split = inbox.split_identity(whatsapp_identity.id)
    assert split is not None and split.description == "Separated Chloé"
    apart = reader.contact(split.new_contact_id)
    assert apart is not None and apart.display_name == "Chloé"
    assert [i.platform for i in apart.identities] == [Platform.WHATSAPP]
    assert [c.id for c in reader.person_conversations(split.new_contact_id)] == [on_whatsapp.id]
    assert [c.id for c in reader.person_conversations(kept)] == [on_instagram.id]
    assert len(reader.notes(kept)) == 1  # notes stay with the person
    # A person's only identity is not split from them.
    assert inbox.split_identity(reader.contact(kept).identities[0].id) is None  # type: ignore[union-attr]

    inbox.undo(split)
    assert reader.contact(split.new_contact_id) is None
    assert len(reader.contact(kept).identities) == 2  # type: ignore[union-attr]
    assert len(reader.person_conversations(kept)) == 2
    reader.close()


def test_people_are_found_by_name_or_handle_to_merge_with(database, db_path) -> None:
    reader, _, _ = two_chloes(database, db_path)
    assert {p.display_name for p in reader.people_matching("chlo")} == {"Chloé", "Chloé Martin"}
    assert [p.display_name for p in reader.people_matching("@chloe.kn")] == ["Chloé Martin"]
    assert reader.people_matching("100%") == []  # LIKE's own characters are only letters
    reader.close()


# --- merge suggestions -------------------------------------------------------------------


def person_on(database, platform: Platform, person: Participant, text: str = "hello"):
    account = add_account(database, platform)
    result = ingest(
        database,
        account,
        [fetched(1, NOW, f"{platform.value}-{person.platform_user_id}", text=text, person=person)],
        NOW,
    )
    return result.touched_conversation_ids[0]


def contact_of(reader, conversation_id: int) -> int:
    summary = reader.conversation(conversation_id)
    assert summary is not None and summary.contact_id is not None
    return summary.contact_id


def test_the_same_number_written_two_ways_is_suggested_and_not_the_same_is_kept(
    database, db_path
) -> None:
    whatsapp = person_on(database, Platform.WHATSAPP, CHLOE_WA)
    telegram = person_on(
        database, Platform.TELEGRAM, Participant("5550001", "Chloé M", "0033 6 12-34-56-78")
    )
    reader = InboxReader(db_path)
    mine, other = contact_of(reader, whatsapp), contact_of(reader, telegram)
    (suggestion,) = reader.merge_suggestions(mine)
    assert suggestion.person.id == other and suggestion.platform is Platform.TELEGRAM
    assert suggestion.reason == "the same phone number"
    assert [s.person.id for s in reader.merge_suggestions(other)] == [mine]  # both ways
    InboxService(database, lambda: NOW).not_same(other, mine)
    assert reader.merge_suggestions(mine) == [] and reader.merge_suggestions(other) == []
    reader.close()


def test_the_same_handle_or_e_mail_on_another_platform_is_suggested(database, db_path) -> None:
    instagram = person_on(database, Platform.INSTAGRAM, CHLOE_IG)
    x = person_on(database, Platform.X, Participant("x-9", "chloe", "chloe.knits"))
    mail_a = person_on(database, Platform.MESSENGER, Participant("m-1", "B", "ben@shop.example"))
    mail_b = person_on(database, Platform.MATRIX, Participant("@b:hs", "Ben", "Ben@Shop.example"))
    reader = InboxReader(db_path)
    (same_handle,) = reader.merge_suggestions(contact_of(reader, instagram))
    assert same_handle.person.id == contact_of(reader, x)
    assert same_handle.reason == "the same handle"
    (same_mail,) = reader.merge_suggestions(contact_of(reader, mail_a))
    assert same_mail.person.id == contact_of(reader, mail_b)
    assert same_mail.reason == "the same e-mail"
    reader.close()


def test_the_same_full_name_is_suggested_only_with_a_matching_detail(database, db_path) -> None:
    instagram = person_on(database, Platform.INSTAGRAM, CHLOE_IG)
    messenger = person_on(
        database, Platform.MESSENGER, Participant("fb-1", "Chloé Martin"), text="Hi, it's me"
    )
    namesake = person_on(database, Platform.TELEGRAM, Participant("tg-1", "chloé martin"))
    reader = InboxReader(db_path)
    assert (
        reader.merge_suggestions(contact_of(reader, messenger)) == []
    )  # a name alone is not enough
    person_on(
        database,
        Platform.MESSENGER,
        Participant("fb-1", "Chloé Martin"),
        text="I'm @chloe.knits on Instagram, same order",
    )
    (twin,) = reader.merge_suggestions(contact_of(reader, messenger))
    assert twin.person.id == contact_of(reader, instagram)
    assert twin.reason == "the same name, and a message names @chloe.knits"
    assert contact_of(reader, namesake) not in {
        s.person.id for s in reader.merge_suggestions(contact_of(reader, messenger))
    }
    reader.close()


def test_identities_stored_before_get_their_keys_from_the_migration(data_dir) -> None:
    import sqlite3

    from alembic import command
    from alembic.config import Config

    from dmdesk.store.database import create_engine_for, database_path, ensure_schema

    path = database_path(data_dir)
    ensure_schema(path)
    config = Config()
    config.set_main_option(
        "script_location", str(Path(dmdesk.store.database.__file__).with_name("migrations"))
    )
    engine = create_engine_for(path, ddl=True)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at) "
            "VALUES (1, 'Farah', '[]', 0, 0)"
        )
        connection.execute(
            "INSERT INTO contact_identities (contact_id, platform, platform_user_id, handle, "
            "display_name) VALUES (1, 'whatsapp', '+44 7700 900456', '+44 7700 900456', 'Farah')"
        )
    ensure_schema(path)
    with sqlite3.connect(path) as connection:
        keys = connection.execute("SELECT phone_key, handle_key FROM contact_identities").fetchall()
    assert keys == [("447700900456", "")]
