"""The Matrix connector against a real Synapse: a DM arrives, a reply reaches the
other person once, a bridged room wears its network's badge, a restart resumes
from the cursor, a revoked token asks for re-connect."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

import pytest
from matrix_homeserver import Homeserver, MatrixUser

from dmdesk.connectors.base import AuthExpired, PermanentError
from dmdesk.connectors.matrix import UNDECRYPTABLE, MatrixConnector
from dmdesk.connectors.matrix_session import MatrixCredential
from dmdesk.domain import Direction, ListQuery, OutgoingMessage, Participant, Platform

names = (f"user{n}" for n in itertools.count())


def say(homeserver: Homeserver, who: MatrixUser, room: str, text: str, txn: str) -> None:
    with homeserver.client(who) as client:
        client.put(
            f"/rooms/{room}/send/m.room.message/{txn}", json={"msgtype": "m.text", "body": text}
        ).raise_for_status()


@pytest.fixture
def shop(homeserver: Homeserver) -> MatrixUser:
    return homeserver.register(next(names))


@pytest.fixture
def connector(homeserver: Homeserver, shop: MatrixUser) -> Iterator[MatrixConnector]:
    made = MatrixConnector(MatrixCredential(shop.access_token), homeserver=homeserver.url)
    yield made
    made.close()


def test_identity_dm_in_reply_out_once(homeserver, shop, connector) -> None:
    assert connector.check().handle == shop.user_id
    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    say(homeserver, customer, room, "Is the blue scarf still available?", "t1")
    result = connector.fetch(None)
    (message,) = [m for m in result.messages if m.platform_conversation_id == room]
    assert (message.text, message.direction) == (
        "Is the blue scarf still available?",
        Direction.INCOMING,
    )
    assert message.sender.platform_user_id == customer.user_id and not message.is_group
    assert message.platform is None  # a plain Matrix chat

    reply = OutgoingMessage(1, "client-42", room, "Yes! Shall I keep one for you?")
    first = connector.send(reply)
    assert connector.send(reply) == first  # the same transaction: one message
    with homeserver.client(customer) as them:
        timeline = them.get(f"/rooms/{room}/messages", params={"dir": "b", "limit": 10}).json()
    bodies = [e["content"].get("body") for e in timeline["chunk"] if e["type"] == "m.room.message"]
    assert bodies.count("Yes! Shall I keep one for you?") == 1

    # A restart resumes from the cursor: nothing seen before comes again.
    again = MatrixConnector(MatrixCredential(shop.access_token), homeserver=homeserver.url)
    try:
        say(homeserver, customer, room, "Great, thanks!", "t2")
        later = again.fetch(result.cursor)
    finally:
        again.close()
    texts = [m.text for m in later.messages if m.platform_conversation_id == room]
    assert texts == ["Yes! Shall I keep one for you?", "Great, thanks!"]


def bridged_chat(homeserver: Homeserver, shop: MatrixUser, network: str) -> tuple[str, MatrixUser]:
    """A portal room as a mautrix bridge makes one: its bot creates it with an
    ``m.bridge`` state event, invites the shop's account and the customer's ghost,
    and the ghost's member event carries the network's own id and phone number."""
    bot, ghost = homeserver.register(next(names)), homeserver.register(next(names))
    with (
        homeserver.client(bot) as as_bot,
        homeserver.client(shop) as us,
        homeserver.client(ghost) as as_ghost,
    ):
        room = as_bot.post(
            "/createRoom",
            json={
                "invite": [shop.user_id, ghost.user_id],
                "preset": "private_chat",
                "initial_state": [
                    {
                        "type": "m.bridge",
                        "state_key": f"{network}-bridge",
                        "content": {
                            "bridgebot": bot.user_id,
                            "protocol": {"id": network, "displayname": network.title()},
                        },
                    }
                ],
            },
        ).json()["room_id"]
        us.post(f"/rooms/{room}/join", json={}).raise_for_status()
        as_ghost.post(f"/rooms/{room}/join", json={}).raise_for_status()
        as_ghost.put(
            f"/rooms/{room}/state/m.room.member/{ghost.user_id}",
            json={
                "membership": "join",
                "displayname": "Ana Sousa",
                "com.beeper.bridge.remote_id": "351912345678@s.whatsapp.net",
                "com.beeper.bridge.identifiers": [
                    "tel:+351912345678",
                    "whatsapp:351912345678@s.whatsapp.net",
                ],
            },
        ).raise_for_status()
    return str(room), ghost


def test_a_bridged_room_wears_its_network_and_the_person_their_number(
    homeserver, shop, connector
) -> None:
    room, ghost = bridged_chat(homeserver, shop, "whatsapp")
    say(homeserver, ghost, room, "Olá! Do you ship to Porto?", "b1")
    (message,) = [m for m in connector.fetch(None).messages if m.platform_conversation_id == room]
    assert message.platform is Platform.WHATSAPP
    # The bridge's bot is in the room but is nobody to answer: a one-to-one chat.
    assert not message.is_group
    ana = Participant("351912345678@s.whatsapp.net", "Ana Sousa", "+351912345678")
    assert message.participants == (ana,) and message.sender == ana
    assert message.conversation_title == "Ana Sousa"


def test_a_bridged_customer_becomes_a_whatsapp_contact(
    homeserver, shop, connector, database, db_path
) -> None:
    from factories import NOW

    from dmdesk.store import messages as message_store
    from dmdesk.store.accounts import add_account
    from dmdesk.store.reads import InboxReader

    room, ghost = bridged_chat(homeserver, shop, "whatsapp")
    say(homeserver, ghost, room, "Is the linen shirt in M?", "c1")
    fetched = connector.fetch(None).messages
    with database.transaction() as session:
        account = add_account(session, Platform.MATRIX, "Shop", shop.user_id, "matrix", {}, "k")
        message_store.ingest(session, account.id, Platform.MATRIX, fetched, NOW)
    reader = InboxReader(db_path)
    try:
        (conversation,) = reader.conversation_page(ListQuery())
        assert (conversation.platform, conversation.title) == (Platform.WHATSAPP, "Ana Sousa")
        contact = reader.contact(conversation.contact_id)
        (identity,) = contact.identities
        assert (identity.platform, identity.handle) == (Platform.WHATSAPP, "+351912345678")
        assert contact.display_name == "Ana Sousa"
    finally:
        reader.close()


def test_a_message_that_cannot_be_decrypted_says_so(homeserver, tmp_path) -> None:
    """A session of DMDesk's own, with keys, and a message whose room key never came."""
    from dmdesk.connectors.matrix_session import sign_in

    shop = homeserver.register(next(names), "pw")
    connector = MatrixConnector(
        sign_in(homeserver.url, shop.user_id, "pw"), homeserver=homeserver.url
    )
    connector.use_folder(tmp_path)
    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    with homeserver.client(customer) as them:
        them.put(
            f"/rooms/{room}/send/m.room.encrypted/e1",
            json={
                "algorithm": "m.megolm.v1.aes-sha2",
                "ciphertext": "AwgAEnAcf4kj…",
                "sender_key": "nr3ObF5M3vUdpOWbLVPXs1vMm0vh3d9fb8v4l8sY3HQ",
                "session_id": "nosuchsession",
                "device_id": "CUSTOMERPHONE",
            },
        ).raise_for_status()
    try:
        first = connector.fetch(None)
        # Its key never comes: later syncs look it up locally and ask nothing more.
        asked: list[str] = []
        real_call = connector._call
        connector._call = lambda method, path, **kw: (
            asked.append(path) or real_call(method, path, **kw)
        )
        with homeserver.client(customer) as them:  # other keys travel meanwhile
            them.put(
                "/sendToDevice/org.example.hello/t1",
                json={"messages": {shop.user_id: {"*": {"hello": True}}}},
            ).raise_for_status()
        say(homeserver, customer, room, "plain text after it", "p1")
        connector.fetch(first.cursor)
    finally:
        connector.close()
    (message,) = [m for m in first.messages if m.platform_conversation_id == room]
    assert message.text == UNDECRYPTABLE and "could not decrypt" in message.text
    assert [p for p in asked if "/event/" in p] == []


def test_a_group_room_the_user_names_comes_in(homeserver, shop) -> None:
    people = [homeserver.register(next(names)) for _ in range(2)]
    alias = f"orders{next(names)}"
    with homeserver.client(people[0]) as host, homeserver.client(shop) as us:
        room = host.post(
            "/createRoom",
            json={
                "invite": [shop.user_id, people[1].user_id],
                "preset": "public_chat",
                "room_alias_name": alias,
            },
        ).json()["room_id"]
        us.post(f"/rooms/{room}/join", json={}).raise_for_status()
    with homeserver.client(people[1]) as other:
        other.post(f"/rooms/{room}/join", json={}).raise_for_status()
    say(homeserver, people[0], room, "New wholesale order in", "w1")
    named = MatrixConnector(
        MatrixCredential(shop.access_token),
        homeserver=homeserver.url,
        include_rooms=[f"#{alias}:localhost", "#nosuchroom:localhost"],
    )
    try:
        (message,) = [m for m in named.fetch(None).messages if m.platform_conversation_id == room]
    finally:
        named.close()
    assert message.is_group and message.text == "New wholesale order in"


def test_a_revoked_token_asks_for_reconnect(homeserver, shop, connector) -> None:
    connector.fetch(None)
    with homeserver.client(shop) as us:
        us.post("/logout", json={}).raise_for_status()
    with pytest.raises(AuthExpired, match="Re-connect"):
        connector.fetch(None)


def test_the_accounts_form_makes_a_working_connector(homeserver, shop) -> None:
    from dmdesk.connectors.registry import KINDS

    kind = KINDS["matrix"]
    assert shop.access_token not in repr(MatrixCredential(shop.access_token))  # logs, tracebacks
    values = {"homeserver": homeserver.url, "token": shop.access_token}
    assert kind.missing(values) == []
    assert kind.settings_of(values) == {"homeserver": homeserver.url}  # the token is not
    made = kind.make(kind.settings_of(values), shop.access_token)
    try:
        assert made.check().handle == shop.user_id
    finally:
        made.close()


def test_a_reply_with_a_photo_reaches_them_once(homeserver, shop, connector, tmp_path) -> None:
    from dmdesk.domain import Attachment, AttachmentKind

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    photo = tmp_path / "blue scarf.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    missing = Attachment(AttachmentKind.FILE, "gone.pdf", local_path=str(tmp_path / "gone.pdf"))
    with pytest.raises(PermanentError, match=r"gone\.pdf is not there any more"):
        connector.send(OutgoingMessage(1, "c-0", room, "Here", attachments=(missing,)))
    picture = Attachment(AttachmentKind.IMAGE, "blue scarf.png", local_path=str(photo))
    reply = OutgoingMessage(2, "c-1", room, "Here it is in blue:", attachments=(picture,))
    first = connector.send(reply)
    assert connector.send(reply) == first  # retried: lands once
    with homeserver.client(customer) as them:
        chunk = them.get(f"/rooms/{room}/messages", params={"dir": "f"}).json()["chunk"]
        sent = [e["content"] for e in chunk if e["type"] == "m.room.message"]
        assert [c["msgtype"] for c in sent] == ["m.text", "m.image"]
        assert sent[0]["body"] == "Here it is in blue:"
        image = sent[1]
        assert (image["body"], image["info"]) == (
            "blue scarf.png",
            {"mimetype": "image/png", "size": photo.stat().st_size},
        )
        mxc = image["url"].removeprefix("mxc://")
        got = them.get(f"{homeserver.url}/_matrix/client/v1/media/download/{mxc}").content
    assert got == photo.read_bytes()


def test_our_own_reply_coming_back_is_not_taken_in_twice(
    homeserver, shop, connector, tmp_path
) -> None:
    """The outbox stored the reply; its echo in the sync (text and file alike) is
    left out, while what another app sends with the same token comes in."""
    import uuid

    from dmdesk.domain import Attachment, AttachmentKind

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    say(homeserver, customer, room, "Photo please?", "e1")
    cursor = connector.fetch(None).cursor
    photo = tmp_path / "scarf.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    picture = Attachment(AttachmentKind.IMAGE, "scarf.png", local_path=str(photo))
    connector.send(OutgoingMessage(1, uuid.uuid4().hex, room, "Here:", attachments=(picture,)))
    say(homeserver, shop, room, "Sent from Element with the same token", "m1701.2")
    texts = [m.text for m in connector.fetch(cursor).messages]
    assert texts == ["Sent from Element with the same token"]


@pytest.fixture(scope="module")
def strict_homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """A second Synapse that lets a user send two events (its join and one message),
    then one every 10 s."""
    from matrix_homeserver import running_homeserver

    strict = {"rc_message": {"per_second": 0.1, "burst_count": 2}}  # the join, then one
    with running_homeserver(tmp_path_factory.mktemp("strict-synapse"), strict) as server:
        yield server


def test_a_429_is_honoured(strict_homeserver: Homeserver) -> None:
    from datetime import UTC, datetime

    from dmdesk.connectors.base import RateLimited

    shop = strict_homeserver.register("shop")
    customer = strict_homeserver.register("customer")
    room = strict_homeserver.direct_chat(customer, shop)
    connector = MatrixConnector(
        MatrixCredential(shop.access_token), homeserver=strict_homeserver.url
    )
    try:
        connector.send(OutgoingMessage(1, "c-1", room, "First"))
        with pytest.raises(RateLimited) as limited:
            connector.send(OutgoingMessage(2, "c-2", room, "Second, too soon"))
        wait = (limited.value.retry_at - datetime.now(UTC)).total_seconds()
        assert 0 < wait <= 11  # the homeserver's retry_after_ms, not a guess
    finally:
        connector.close()


def test_a_customer_s_invite_to_a_direct_chat_is_taken(homeserver, shop, connector) -> None:
    customer = homeserver.register(next(names))
    with homeserver.client(customer) as them:
        room = them.post(
            "/createRoom",
            json={"invite": [shop.user_id], "is_direct": True, "preset": "trusted_private_chat"},
        ).json()["room_id"]
    say(homeserver, customer, room, "Hello? Are you open on Sundays?", "i1")
    cursor = connector.fetch(None).cursor  # sees the invite, joins
    later = connector.fetch(cursor)
    texts = [m.text for m in later.messages if m.platform_conversation_id == room]
    assert texts == ["Hello? Are you open on Sundays?"]


def test_a_group_room_is_left_out_and_not_carried_in_the_cursor(
    homeserver, shop, connector
) -> None:
    import json

    people = [homeserver.register(next(names)) for _ in range(2)]
    with homeserver.client(people[0]) as host, homeserver.client(shop) as us:
        room = host.post(
            "/createRoom",
            json={"invite": [shop.user_id, people[1].user_id], "preset": "private_chat"},
        ).json()["room_id"]
        us.post(f"/rooms/{room}/join", json={}).raise_for_status()
    with homeserver.client(people[1]) as other:
        other.post(f"/rooms/{room}/join", json={}).raise_for_status()
    say(homeserver, people[0], room, "Team meeting at 3", "g1")
    result = connector.fetch(None)
    assert [m for m in result.messages if m.platform_conversation_id == room] == []
    carried = json.loads(result.cursor)
    assert room not in carried["members"]


def test_a_file_downloads_through_the_media_api_and_a_missing_one_says_so(
    homeserver, shop, connector
) -> None:
    from dmdesk.connectors.base import PermanentError
    from dmdesk.domain import Attachment, AttachmentKind

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    invoice = b"%PDF-1.4 " + b"x" * 300_000
    pdf = ("invoice.pdf", invoice, "application/pdf")
    homeserver.send_file(customer, room, "m.file", pdf, "Here is the invoice")
    (message,) = [m for m in connector.fetch(None).messages if m.platform_conversation_id == room]
    assert message.text == "Here is the invoice"  # the caption, apart from the file's name
    (attachment,) = message.attachments
    assert (attachment.kind, attachment.name) == (AttachmentKind.FILE, "invoice.pdf")
    assert b"".join(connector.download(attachment)) == invoice

    gone = Attachment(AttachmentKind.IMAGE, "gone.png", url="mxc://localhost/NoSuchMedia")
    with pytest.raises(PermanentError, match="404"):
        b"".join(connector.download(gone))
    with pytest.raises(PermanentError, match="not a Matrix media address"):
        b"".join(connector.download(Attachment(AttachmentKind.IMAGE, "x", url="http://x/y")))


def test_messages_beyond_a_limited_timeline_are_filled_in_not_lost(homeserver, shop) -> None:
    """A busy chat while DMDesk was closed: the sync gives only its newest events, and
    the gap back to the last sync comes from the room's history, in order, once.
    On the first sync, a chat's recent history comes in the same way."""
    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    for n in range(7):
        say(homeserver, customer, room, f"earlier {n}", f"e{n}")
    small = MatrixConnector(
        MatrixCredential(shop.access_token), homeserver=homeserver.url, timeline_limit=3
    )
    try:
        first = small.fetch(None)
        texts = [m.text for m in first.messages if m.platform_conversation_id == room]
        assert texts == [f"earlier {n}" for n in range(7)]
        for n in range(12):
            say(homeserver, customer, room, f"while closed {n}", f"w{n}")
        later = small.fetch(first.cursor)
    finally:
        small.close()
    texts = [m.text for m in later.messages if m.platform_conversation_id == room]
    assert texts == [f"while closed {n}" for n in range(12)]


def test_the_homeserver_is_found_from_the_domain_people_know(homeserver) -> None:
    """People know example.org; its client API may live at matrix.example.org, as
    the domain's .well-known/matrix/client says. A domain without one is taken as
    it is, and an address without a scheme means https."""
    from fakes.base import FakeServer

    from dmdesk.connectors.matrix_session import discover, homeserver_url

    class Domain(FakeServer):
        def answer(self, request, path, params):
            if path == "/.well-known/matrix/client":
                return 200, {"m.homeserver": {"base_url": homeserver.url + "/"}}, {}
            return 404, {}, {}

    class Broken(FakeServer):
        def answer(self, request, path, params):
            return 200, ["not", "what", "the", "spec", "says"], {}

    from dmdesk.connectors.registry import KINDS

    domain, broken = Domain(), Broken()
    try:
        assert discover(domain.url) == homeserver.url
        # The account keeps the address found, not the one typed.
        shop = homeserver.register(next(names), "pw")
        form = {"user": shop.user_id, "password": "pw"}
        signed_in = KINDS["matrix"].sign_in({"homeserver": domain.url}, form, "")
        assert signed_in.settings == {"homeserver": homeserver.url}
        assert discover(broken.url) == broken.url
        assert discover(homeserver.url) == homeserver.url  # no .well-known served
    finally:
        domain.stop()
        broken.stop()
    assert homeserver_url(" matrix.example.org/ ") == "https://matrix.example.org"


def test_an_edit_changes_its_message_and_a_deletion_unsends_it(
    homeserver, shop, connector, database
) -> None:
    """As the customer's app shows them: an edit replaces the text (marked edited),
    a deletion leaves "unsent" in its place, in the store, never a second message.
    A deletion of a message DMDesk never had adds nothing."""
    from factories import NOW

    from dmdesk.store import messages as message_store
    from dmdesk.store.accounts import add_account

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    with homeserver.client(customer) as them:
        first = them.put(
            f"/rooms/{room}/send/m.room.message/d1",
            json={"msgtype": "m.text", "body": "Do you have it in rde?"},
        ).json()["event_id"]
        second = them.put(
            f"/rooms/{room}/send/m.room.message/d2",
            json={"msgtype": "m.text", "body": "My phone number is 0612345678"},
        ).json()["event_id"]
    with database.transaction() as session:
        account = add_account(session, Platform.MATRIX, "Shop", shop.user_id, "matrix")
    result = connector.fetch(None)

    def store(messages) -> None:
        with database.transaction() as session:
            message_store.ingest(session, account.id, Platform.MATRIX, messages, NOW)

    store(result.messages)
    with homeserver.client(customer) as them:
        them.put(
            f"/rooms/{room}/send/m.room.message/d3",
            json={
                "msgtype": "m.text",
                "body": "* Do you have it in red?",
                "m.new_content": {"msgtype": "m.text", "body": "Do you have it in red?"},
                "m.relates_to": {"rel_type": "m.replace", "event_id": first},
            },
        ).raise_for_status()
        them.put(f"/rooms/{room}/redact/{second}/d4", json={}).raise_for_status()
    later = connector.fetch(result.cursor).messages
    store(later)
    # A deletion of a message from before DMDesk knew the account: nothing to change.
    store([replace(later[-1], platform_message_id="$never-seen")])

    from dmdesk.store.reads import InboxReader

    reader = InboxReader(database.path)
    try:
        (conversation,) = reader.conversation_page(ListQuery())
        thread = reader.thread_page(conversation.id)
    finally:
        reader.close()
    assert [(m.text, m.edited, m.unsent) for m in thread] == [
        ("Do you have it in red?", True, False),
        ("", False, True),
    ]


def test_where_the_owner_read_a_chat_on_their_phone_comes_along(
    homeserver, shop, connector
) -> None:
    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    for n in (1, 2, 3):
        say(homeserver, customer, room, f"question {n}", f"q{n}")
    result = connector.fetch(None)
    ids = [m.platform_message_id for m in result.messages if m.platform_conversation_id == room]
    assert len(ids) == 3 and not result.read_up_to

    cursor = [result.cursor]

    def read_on_the_phone(event_id: str, receipt: str) -> tuple[str, ...]:
        with homeserver.client(shop) as phone:
            phone.post(f"/rooms/{room}/receipt/{receipt}/{event_id}", json={}).raise_for_status()
        for _ in range(3):  # the receipt may come a sync after
            answer = connector.fetch(cursor[0])
            cursor[0] = answer.cursor
            if answer.read_up_to:
                return answer.read_up_to
        return ()

    assert read_on_the_phone(ids[1], "m.read.private") == (ids[1],)  # private: theirs too
    with homeserver.client(customer) as them:  # the customer's receipt is not ours
        them.post(f"/rooms/{room}/receipt/m.read/{ids[2]}", json={}).raise_for_status()
    assert read_on_the_phone(ids[2], "m.read") == (ids[2],)


def test_a_reaction_comes_as_one_and_its_deletion_takes_it_back(
    homeserver, shop, connector
) -> None:
    from dmdesk.domain import FetchedReaction

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    say(homeserver, customer, room, "Is it still in stock?", "s1")
    cursor = connector.fetch(None).cursor
    reply = connector.send(OutgoingMessage(1, "rx-reply", room, "Yes, two left!"))

    def react(who: MatrixUser, key: str, txn: str) -> str:
        relation = {"rel_type": "m.annotation", "event_id": reply, "key": key}
        with homeserver.client(who) as client:
            answer = client.put(
                f"/rooms/{room}/send/m.reaction/{txn}", json={"m.relates_to": relation}
            )
        return answer.raise_for_status().json()["event_id"]

    thumbs = react(customer, "👍", "x1")
    react(shop, "🙏", "x2")  # from the shop's phone
    react(customer, "x" * 40, "x3")  # no emoji is that long: left out
    result = connector.fetch(cursor)
    assert [(r.platform_message_id, r.key, r.direction) for r in result.reactions] == [
        (reply, "👍", Direction.INCOMING),
        (reply, "🙏", Direction.OUTGOING),
    ]
    assert isinstance(result.reactions[0], FetchedReaction)
    assert result.reactions[0].platform_reaction_id == thumbs
    assert all(m.platform_message_id != thumbs for m in result.messages)  # not a message
    with homeserver.client(customer) as them:
        them.put(f"/rooms/{room}/redact/{thumbs}/x4", json={}).raise_for_status()
    (taken_back,) = connector.fetch(result.cursor).messages
    assert (taken_back.platform_message_id, taken_back.unsent, taken_back.amends) == (
        thumbs,
        True,
        True,
    )


def test_a_reply_the_customer_has_read_shows_as_read(homeserver, shop, connector) -> None:
    from dmdesk.domain import MessageStatus, StatusUpdate

    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    say(homeserver, customer, room, "Is it still in stock?", "r1")
    cursor = connector.fetch(None).cursor
    reply = connector.send(OutgoingMessage(1, "r-reply", room, "Yes, two left!"))
    cursor = connector.fetch(cursor).cursor  # our own reply comes back
    with homeserver.client(customer) as them:
        them.post(f"/rooms/{room}/receipt/m.read/{reply}", json={}).raise_for_status()
    updates = []
    for _ in range(3):  # the receipt may come a sync after
        result = connector.fetch(cursor)
        cursor, updates = result.cursor, updates + list(result.status_updates)
        if updates:
            break
    assert StatusUpdate(reply, MessageStatus.READ, and_earlier=True) in updates


def test_a_reply_to_a_message_keeps_the_link_both_ways(homeserver, shop, connector) -> None:
    """On a real Synapse: the customer's rich reply (with the quoted fallback older
    clients put in its body) arrives linked and without the fallback; ours goes
    with m.in_reply_to and no fallback (Matrix 1.13)."""
    customer = homeserver.register(next(names))
    room = homeserver.direct_chat(customer, shop)
    with homeserver.client(customer) as them:
        asked = them.put(
            f"/rooms/{room}/send/m.room.message/r1",
            json={"msgtype": "m.text", "body": "Blue or green?"},
        ).json()["event_id"]
        them.put(
            f"/rooms/{room}/send/m.room.message/r2",
            json={
                "msgtype": "m.text",
                "body": f"> <{customer.user_id}> Blue or green?\n\nthis one, in blue?",
                "m.relates_to": {"m.in_reply_to": {"event_id": asked}},
            },
        ).raise_for_status()
    fetched = [m for m in connector.fetch(None).messages if m.platform_conversation_id == room]
    question, answer = fetched
    assert (answer.text, answer.reply_to) == ("this one, in blue?", asked)
    assert question.reply_to == ""
    connector.send(
        OutgoingMessage(1, "c-r", room, "Yes, the blue one!", reply_to=answer.platform_message_id)
    )
    with homeserver.client(customer) as them:
        chunk = them.get(f"/rooms/{room}/messages", params={"dir": "b", "limit": 5}).json()["chunk"]
    ours = next(e["content"] for e in chunk if e["content"].get("body") == "Yes, the blue one!")
    assert ours["m.relates_to"] == {"m.in_reply_to": {"event_id": answer.platform_message_id}}
