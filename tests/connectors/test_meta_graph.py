"""Instagram and Messenger against a fake Graph API: conversations and their
messages, cursors, sends with and without the Human Agent tag, and every
failure Meta's documentation names."""

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fakes.graph_server import TOKEN, FakeGraph

from dmdesk.connectors.base import AuthExpired, PermanentError, RateLimited, TemporaryError
from dmdesk.connectors.http import MalformedResponse
from dmdesk.connectors.instagram import InstagramConnector
from dmdesk.connectors.messenger import MessengerConnector
from dmdesk.connectors.meta_graph import MessagingWindowClosed
from dmdesk.domain import Attachment, AttachmentKind, Direction, OutgoingMessage, Participant

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
KINDS = {"instagram": InstagramConnector, "messenger": MessengerConnector}


@pytest.fixture(params=["instagram", "messenger"])
def fake(request):
    server = FakeGraph(request.param)
    yield server
    server.stop()


@pytest.fixture
def meta(fake):
    connector = KINDS[fake.platform](TOKEN, base_url=fake.url, timeout_s=0.5, clock=lambda: NOW)
    yield connector
    connector.close()


def reply(fake, number: int, text: str, tag: str = "", attachments=()) -> OutgoingMessage:
    person = fake.person(number)
    return OutgoingMessage(
        1,
        "client-1",
        f"t_{fake.platform}_{number}",
        text,
        (Participant(person["id"], "x"),),
        attachments,
        tag,
    )


def test_check_names_the_account(fake, meta) -> None:
    identity = meta.check()
    assert identity.display_name == "Juniper & Thread"
    if fake.platform == "instagram":
        assert identity.handle == "@juniperandthread"


def test_conversations_and_messages_map_with_names_and_direction(fake, meta) -> None:
    earlier = datetime.now(UTC) - timedelta(hours=2)
    fake.customer_writes(1, "Do you have this in green?", earlier)
    fake.customer_writes(2, "Love the scarf 💛", earlier + timedelta(minutes=5))
    result = meta.fetch(None)
    texts = sorted(m.text for m in result.messages)
    assert texts == ["Do you have this in green?", "Love the scarf 💛"]
    first = next(m for m in result.messages if m.text.startswith("Do you"))
    assert first.direction is Direction.INCOMING
    assert first.platform_conversation_id == f"t_{fake.platform}_1"
    expected = "customer1" if fake.platform == "instagram" else "Customer 1"
    assert first.conversation_title == expected
    assert first.participants[0].platform_user_id == fake.person(1)["id"]
    # The cursor is the newest update; nothing new means nothing again, and no
    # message is fetched twice.
    before = len(fake.requests)
    assert meta.fetch(result.cursor).messages == ()
    assert fake.requests[before:].count("{id}") <= 1  # at most one message listing
    fake.customer_writes(1, "Hello?")
    (again,) = meta.fetch(result.cursor).messages
    assert again.text == "Hello?"


def test_our_own_replies_come_back_as_outgoing(fake, meta) -> None:
    fake.customer_writes(1, "hi")
    cursor = meta.fetch(None).cursor
    meta.send(reply(fake, 1, "Hi! Yes, in green too."))
    (ours,) = meta.fetch(cursor).messages
    assert ours.direction is Direction.OUTGOING and ours.text == "Hi! Yes, in green too."


def test_paging_reads_past_the_first_page(fake, meta) -> None:
    fake.page_size = 2
    base = datetime.now(UTC) - timedelta(hours=1)
    for number in range(1, 6):
        fake.customer_writes(number, f"message {number}", base + timedelta(minutes=number))
    assert len(meta.fetch(None).messages) == 5


def test_send_within_24_hours_is_a_response(fake, meta) -> None:
    fake.customer_writes(1, "hi")
    message_id = meta.send(reply(fake, 1, "Hello!"))
    (sent,) = fake.sent
    assert sent["messaging_type"] == "RESPONSE"
    assert sent["message"] == {"text": "Hello!"}
    assert message_id == sent["message_id"]


def test_after_24_hours_only_the_human_agent_tag_gets_through(fake, meta) -> None:
    fake.customer_writes(1, "hi", datetime.now(UTC) - timedelta(hours=30))
    with pytest.raises(MessagingWindowClosed, match="too old"):
        meta.send(reply(fake, 1, "Sorry for the wait"))
    meta.send(reply(fake, 1, "Sorry for the wait", tag="HUMAN_AGENT"))
    assert fake.sent[0]["tag"] == "HUMAN_AGENT"
    assert fake.sent[0]["messaging_type"] == "MESSAGE_TAG"


def test_after_7_days_nothing_gets_through(fake, meta) -> None:
    fake.customer_writes(1, "hi", datetime.now(UTC) - timedelta(days=8))
    with pytest.raises(MessagingWindowClosed):
        meta.send(reply(fake, 1, "Hello?", tag="HUMAN_AGENT"))


def test_files_are_uploaded(fake, meta, tmp_path) -> None:
    fake.customer_writes(1, "hi")
    photo = tmp_path / "scarf.jpg"
    photo.write_bytes(b"\xff\xd8 scarf")
    image = Attachment(AttachmentKind.IMAGE, "scarf.jpg", "image/jpeg", local_path=str(photo))
    meta.send(reply(fake, 1, "", attachments=(image,)))
    (sent,) = fake.sent
    assert sent["filedata"] == ("scarf.jpg", b"\xff\xd8 scarf")
    assert json.loads(sent["message"])["attachment"]["type"] == "image"


def test_an_expired_token_asks_to_reconnect(fake) -> None:
    connector = KINDS[fake.platform]("expired", base_url=fake.url)
    with pytest.raises(AuthExpired, match="re-connect"):
        connector.check()
    connector.close()


@pytest.mark.parametrize("code", [4, 17, 32, 341, 613])
def test_rate_limit_codes_wait(fake, meta, code: int) -> None:
    fake.script(
        400,
        FakeGraph.error(code, "Application request limit reached"),
        headers={"Retry-After": "90"},
    )
    with pytest.raises(RateLimited) as raised:
        meta.check()
    assert raised.value.retry_at == NOW + timedelta(seconds=90)


def test_without_retry_after_the_usage_header_sets_the_wait(fake, meta) -> None:
    usage = {
        "123": [{"type": "messenger", "call_count": 100, "estimated_time_to_regain_access": 7}]
    }
    fake.script(
        400,
        FakeGraph.error(4, "Application request limit reached"),
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    with pytest.raises(RateLimited) as raised:
        meta.check()
    assert raised.value.retry_at == NOW + timedelta(minutes=5)


def test_high_usage_slows_polling(fake, meta) -> None:
    assert meta.poll_interval_seconds() == 30.0
    fake.usage = {"call_count": 92, "total_cputime": 10, "total_time": 20}
    meta.check()
    assert meta.poll_interval_seconds() == 300.0


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (500, {"error": {"code": 2, "message": "Service temporarily unavailable"}}, TemporaryError),
        (503, b"<html>busy</html>", MalformedResponse),
        (200, b"not json", MalformedResponse),
        (400, {"error": {"code": 10, "message": "Permission denied"}}, PermanentError),
        (400, {"error": {"code": 551, "message": "Not available"}}, PermanentError),
    ],
)
def test_other_failures_are_told_apart(fake, meta, status, body, error) -> None:
    fake.script(status, body)
    with pytest.raises(error):
        meta.check()


def test_slow_answers_and_a_cut_network_are_temporary(fake, meta) -> None:
    fake.script(200, {"id": "1"}, delay_s=1)
    with pytest.raises(TemporaryError, match="did not answer in time"):
        meta.check()
    fake.cut()
    with pytest.raises(TemporaryError, match="cannot be reached"):
        meta.check()


def test_a_malformed_conversation_is_skipped(fake, meta, caplog) -> None:
    fake.customer_writes(1, "fine")
    fake.conversations["broken"] = {
        "id": "broken",
        "participants": [],
        "messages": ["nope"],
        "updated_time": datetime.now(UTC),
    }
    result = meta.fetch(None)
    assert [m.text for m in result.messages] == ["fine"]
    assert "skipped" in caplog.text


def test_the_token_never_reaches_an_error_or_a_log_line(fake, meta, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    fake.script(400, FakeGraph.error(1, f"echo {TOKEN}"))
    fake.script(200, b"garbage")
    seen = []
    for _ in range(2):
        with pytest.raises(TemporaryError) as raised:
            meta.check()
        seen.append(str(raised.value))
    fake.customer_writes(1, "hi")
    meta.fetch(None)
    assert TOKEN not in "\n".join(seen) + caplog.text
    assert all(TOKEN not in path for path in fake.requests)


def test_a_reply_whose_answer_was_lost_is_found_in_its_chat(fake, meta) -> None:
    fake.customer_writes(1, "Is the green one in stock?")
    meta.check()
    fake.spoil("drop")  # Meta takes the reply; its answer never comes back
    with pytest.raises(TemporaryError):
        meta.send(reply(fake, 1, "Yes, two left"))
    since = datetime.now(UTC) - timedelta(minutes=5)
    found = meta.find_sent(reply(fake, 1, "Yes, two left"), since)
    assert found is not None and len(fake.sent) == 1
    assert meta.find_sent(reply(fake, 1, "Not this one"), since) is None
    assert meta.find_sent(reply(fake, 1, "Yes, two left"), datetime.now(UTC) + timedelta(1)) is None


def test_a_reply_to_a_message_keeps_the_link_both_ways(fake, meta) -> None:
    asked = fake.customer_writes(1, "blue or green?")
    answered = fake.customer_writes(1, "this one, in blue?")
    fake.messages[answered]["reply_to"] = {"mid": asked, "is_self_reply": True}
    by_id = {m.platform_message_id: m for m in meta.fetch(None).messages}
    assert by_id[answered].reply_to == asked and by_id[asked].reply_to == ""
    meta.send(replace(reply(fake, 1, "Yes, the blue one"), reply_to=answered))
    (sent,) = fake.sent
    assert sent["message"] == {"text": "Yes, the blue one", "reply_to": {"mid": answered}}


# --- Instagram Login tokens last 60 days, and are renewed -------------------------------


@pytest.fixture
def instagram():
    server = FakeGraph("instagram")
    connector = InstagramConnector(TOKEN, base_url=server.url, timeout_s=0.5, clock=lambda: NOW)
    yield server, connector
    connector.close()
    server.stop()


def test_an_instagram_login_token_is_renewed_and_the_new_one_used_from_then_on(
    instagram,
) -> None:
    server, connector = instagram
    assert connector.credential_lifetime == timedelta(days=60)
    renewed = connector.renew_credential()
    assert renewed is not None and server.renewals == 1
    assert renewed.secret == server.token != TOKEN
    assert renewed.lasts == timedelta(seconds=5183944)
    assert renewed.secret not in repr(renewed)
    assert connector.check().handle == "@juniperandthread"  # the old token is refused now


def test_a_token_that_cannot_be_renewed_asks_to_reconnect_without_showing_it(instagram) -> None:
    server, connector = instagram
    server.revoked = True
    with pytest.raises(AuthExpired) as refused:
        connector.renew_credential()
    assert "re-connect" in str(refused.value) and TOKEN not in str(refused.value)


def test_page_tokens_do_not_expire_and_are_never_renewed() -> None:
    # No server: nothing may be asked of the network.
    for connector in (
        MessengerConnector(TOKEN, base_url="http://127.0.0.1:9"),
        InstagramConnector(TOKEN, base_url="https://graph.facebook.com"),
    ):
        assert connector.credential_lifetime is None
        assert connector.renew_credential() is None
        connector.close()
