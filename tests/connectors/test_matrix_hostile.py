"""Whatever a homeserver answers, however broken or hostile, the connector either
reads what it can or says the answer was malformed (a ConnectorError), and what
it reads can be stored. Hypothesis builds sync answers that are mostly the right
shape with anything at all in any place, so the parsing is reached at depth."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from factories import add_account
from fakes.matrix_server import USER, FakeHomeserver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmdesk.connectors.base import ConnectorError
from dmdesk.connectors.matrix import MatrixConnector
from dmdesk.connectors.matrix_session import MatrixCredential
from dmdesk.domain import FetchResult, Platform
from dmdesk.store import messages as message_store
from dmdesk.store.storable import storable

leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
anything = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def maybe(strategy: st.SearchStrategy, odds: int = 4) -> st.SearchStrategy:
    """Mostly the right shape (``odds`` to one), sometimes anything at all."""
    return st.integers(0, odds).flatmap(lambda n: anything if n == 0 else strategy)


users = maybe(st.sampled_from([USER, "@ana:fake.test", "@bo:fake.test", ""]))
rooms = st.sampled_from(["!a:fake.test", "!b:fake.test", "!c:fake.test"])
event_ids = maybe(st.sampled_from(["$1", "$2", "$3", "$4"]))
stamps = maybe(st.integers(min_value=-(2**64), max_value=2**64) | st.just(1_764_000_000_000))
content = st.fixed_dictionaries(
    {},
    optional={
        "msgtype": maybe(st.sampled_from(["m.text", "m.image", "m.file", "m.video", "m.notice"])),
        "body": maybe(st.text(max_size=20) | st.just("lone \ud800 half")),
        "filename": maybe(st.text(max_size=8)),
        "url": maybe(st.sampled_from(["mxc://fake.test/abc", "https://x", ""])),
        "file": maybe(st.fixed_dictionaries({"url": maybe(st.text()), "key": anything})),
        "info": maybe(
            st.fixed_dictionaries(
                {
                    "size": st.sampled_from([2**63, -(2**63) - 1, 10]) | anything,
                    "mimetype": anything,
                }
            )
        ),
        "m.relates_to": maybe(
            st.fixed_dictionaries(
                {
                    "rel_type": maybe(st.sampled_from(["m.replace", "m.annotation"])),
                    "event_id": event_ids,
                },
                optional={"key": maybe(st.sampled_from(["👍", "❤️", "", " "]) | st.text())},
            )
        ),
        "m.new_content": maybe(st.fixed_dictionaries({"body": maybe(st.text(max_size=8))})),
        "redacts": event_ids,
        "protocol": maybe(st.fixed_dictionaries({"id": maybe(st.sampled_from(["whatsapp", "x"]))})),
        "bridgebot": users,
        "algorithm": anything,
    },
)
member_content = st.fixed_dictionaries(
    {"membership": maybe(st.just("join"))},
    optional={
        "displayname": maybe(st.text(max_size=8)),
        "is_direct": maybe(st.booleans()),
        "com.beeper.bridge.remote_id": anything,
        "com.beeper.bridge.identifiers": maybe(st.lists(anything, max_size=3)),
    },
)
message_types = st.sampled_from(
    [
        "m.room.message",
        "m.sticker",
        "m.room.encrypted",
        "m.room.redaction",
        "m.reaction",
        "m.bridge",
    ]
)
event = st.fixed_dictionaries(
    {
        "type": maybe(message_types),
        "content": maybe(content),
        "event_id": event_ids,
        "sender": users,
        "origin_server_ts": stamps,
    },
    optional={
        "redacts": event_ids,
        "unsigned": maybe(st.fixed_dictionaries({}, optional={"redacted_because": anything})),
    },
)
member = st.fixed_dictionaries(
    {"type": st.just("m.room.member"), "state_key": users, "content": maybe(member_content)}
)
state_events = st.lists(member | event, max_size=4)
readers = st.dictionaries(users.map(str), anything, max_size=2)
receipt = st.fixed_dictionaries(
    {
        "type": st.just("m.receipt"),
        "content": maybe(
            st.dictionaries(
                event_ids.map(str),
                maybe(
                    st.fixed_dictionaries(
                        {}, optional={"m.read": maybe(readers), "m.read.private": maybe(readers)}
                    )
                ),
                max_size=2,
            )
        ),
    }
)
room = st.fixed_dictionaries(
    {
        "state": st.fixed_dictionaries({"events": maybe(state_events)}),
        "timeline": st.fixed_dictionaries(
            {"events": st.lists(event, max_size=5)},
            optional={"limited": maybe(st.booleans()), "prev_batch": maybe(st.text(max_size=4))},
        ),
    },
    optional={
        "ephemeral": st.fixed_dictionaries({"events": maybe(st.lists(receipt, max_size=2))}),
        "summary": maybe(st.fixed_dictionaries({"m.joined_member_count": anything})),
    },
)
invited = st.fixed_dictionaries(
    {"invite_state": maybe(st.fixed_dictionaries({"events": state_events}))}
)
direct = st.fixed_dictionaries(
    {
        "type": st.just("m.direct"),
        "content": maybe(
            st.dictionaries(
                users.map(str), maybe(st.lists(rooms, min_size=1)), min_size=1, max_size=3
            )
        ),
    }
)
sync = maybe(
    odds=12,
    strategy=st.fixed_dictionaries(
        {
            "next_batch": maybe(st.just("s2"), odds=12),
            "rooms": st.fixed_dictionaries(
                {"join": maybe(st.dictionaries(rooms, room, min_size=1, max_size=3))},
                optional={"invite": maybe(st.dictionaries(rooms, invited, max_size=2))},
            ),
            "account_data": st.fixed_dictionaries(
                {"events": maybe(st.lists(direct, min_size=1, max_size=2))}
            ),
        },
        optional={"to_device": anything, "device_lists": anything},
    ),
)
gap = maybe(
    st.fixed_dictionaries(
        {"chunk": maybe(st.lists(event, max_size=4))}, optional={"end": maybe(st.text(max_size=3))}
    )
)


@pytest.fixture(scope="module")
def homeserver() -> Iterator[FakeHomeserver]:
    server = FakeHomeserver()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def connector(homeserver: FakeHomeserver) -> Iterator[MatrixConnector]:
    made = MatrixConnector(MatrixCredential("token"), homeserver=homeserver.url, timeline_limit=3)
    yield made
    made.close()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=sync, then=sync, messages=gap)
def test_any_sync_answer_is_read_or_refused_never_a_crash(
    homeserver: FakeHomeserver, connector: MatrixConnector, database, first, then, messages
) -> None:
    account = add_account(database, Platform.MATRIX)
    cursor = None
    for answer in (first, then):  # the second sync reads the cursor the first wrote
        homeserver.sync, homeserver.messages = answer, messages
        with contextlib.suppress(ConnectorError):
            result = connector.fetch(cursor)
            assert isinstance(result, FetchResult)
            result = storable(result)  # as the sync engine cleans it before writing
            cursor = result.cursor
            with database.transaction() as session:
                now = datetime.now(UTC)
                message_store.ingest(session, account.id, Platform.MATRIX, result.messages, now)
                message_store.apply_status_updates(session, account.id, result.status_updates)
                message_store.add_reactions(session, account.id, result.reactions)
                message_store.read_up_to(session, account.id, result.read_up_to)
