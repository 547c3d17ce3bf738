"""The X connector against a fake API v2: DM events to conversations, the cursor,
one-to-one and group sends, rate-limit headers and RFC 7807 errors."""

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from fakes.x_server import CLIENT_ID, ME, REFRESH_TOKEN, TOKEN, FakeX, problem

from dmdesk.connectors.base import AuthExpired, PermanentError, RateLimited, TemporaryError
from dmdesk.connectors.http import MalformedResponse
from dmdesk.connectors.x import POLL_SECONDS, XConnector
from dmdesk.connectors.x_tokens import XCredential
from dmdesk.domain import (
    Attachment,
    AttachmentKind,
    Direction,
    OutgoingMessage,
    Participant,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def fake():
    server = FakeX()
    yield server
    server.stop()


@pytest.fixture
def x(fake):
    connector = XConnector(TOKEN, base_url=fake.url, timeout_s=0.5, clock=lambda: NOW)
    yield connector
    connector.close()


def reply(conversation: str, text: str, attachments=()) -> OutgoingMessage:
    return OutgoingMessage(
        1, "c1", conversation, text, (Participant("2001", "Buyer 1"),), attachments
    )


def test_check_names_the_account(x) -> None:
    identity = x.check()
    assert (identity.display_name, identity.handle) == ("Juniper & Thread", "@juniperthread")


def test_events_become_conversations_and_the_cursor_holds(fake, x) -> None:
    fake.customer_writes(1, "Hi, wholesale prices?")
    fake.group_message("g-77", [2, 3], "Group order for 12 scarves")
    result = x.fetch(None)
    one, group = result.messages
    assert one.platform_conversation_id == "1000-2001"
    assert (one.conversation_title, one.sender.handle) == ("Buyer 1", "@buyer1")
    assert one.direction is Direction.INCOMING and not one.is_group
    assert group.is_group and group.conversation_title == "Group with Buyer 2, Buyer 3"
    assert x.fetch(result.cursor).messages == ()
    fake.customer_writes(1, "Hello?")
    assert [m.text for m in x.fetch(result.cursor).messages] == ["Hello?"]


def test_paging_stops_at_the_cursor(fake, x) -> None:
    fake.page_size = 2
    for number in range(5):
        fake.customer_writes(1, f"m{number}")
    first = x.fetch(None)
    assert [m.text for m in first.messages] == ["m0", "m1", "m2", "m3", "m4"]
    fake.customer_writes(1, "m5")
    before = len(fake.requests)
    assert [m.text for m in x.fetch(first.cursor).messages] == ["m5"]
    assert len(fake.requests) - before == 1  # one page was enough


def test_sends_go_to_the_person_or_the_group(fake, x) -> None:
    fake.customer_writes(1, "hi")
    event_id = x.send(reply("1000-2001", "Hello Buyer 1"))
    fake.group_message("g-77", [2, 3], "hi all")
    x.send(reply("g-77", "Hello group"))
    assert [s["path"] for s in fake.sent] == [
        "/2/dm_conversations/with/2001/messages",
        "/2/dm_conversations/g-77/messages",
    ]
    assert fake.sent[0]["dm_event_id"] == event_id
    ours = [m for m in x.fetch(None).messages if m.direction is Direction.OUTGOING]
    assert [m.text for m in ours] == ["Hello Buyer 1", "Hello group"]


def test_files_are_refused_with_a_reason(x, tmp_path) -> None:
    photo = Attachment(AttachmentKind.IMAGE, "a.png", local_path=str(tmp_path / "a.png"))
    with pytest.raises(PermanentError, match="from the X app"):
        x.send(reply("1000-2001", "look", (photo,)))


def test_429_waits_until_the_reset_header(fake, x) -> None:
    reset = int(time.time()) + 600
    fake.script(
        429,
        problem(429, "Too Many Requests", "Too Many Requests"),
        headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
    )
    with pytest.raises(RateLimited) as raised:
        x.check()
    assert raised.value.retry_at == datetime.fromtimestamp(reset, UTC)


def test_a_reset_header_no_calendar_has_waits_a_quarter_hour(fake, x) -> None:
    fake.script(
        429,
        problem(429, "Too Many Requests", "Too Many Requests"),
        headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset": "9" * 30},
    )
    with pytest.raises(RateLimited) as raised:
        x.check()
    assert raised.value.retry_at == NOW + timedelta(minutes=15)


def test_an_empty_window_slows_the_next_poll(fake, x) -> None:
    assert x.poll_interval_seconds() == POLL_SECONDS
    fake.remaining = 0
    x.check()
    assert x.poll_interval_seconds() > 10 * 60


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, problem(401, "Unauthorized", "Unauthorized"), AuthExpired),
        (403, problem(403, "Forbidden", "You cannot send messages to this user"), PermanentError),
        (500, problem(500, "Internal Error", "oops"), TemporaryError),
        (503, b"<html>over capacity</html>", MalformedResponse),
        (200, {"no": "data"}, MalformedResponse),
    ],
)
def test_failures_are_told_apart(fake, x, status, body, error) -> None:
    fake.script(status, body)
    with pytest.raises(error):
        x.check()


def test_slow_answers_and_a_cut_network_are_temporary(fake, x) -> None:
    fake.script(200, {"data": ME}, delay_s=1)
    with pytest.raises(TemporaryError, match="did not answer in time"):
        x.check()
    fake.cut()
    with pytest.raises(TemporaryError, match="or X cannot be reached"):
        x.check()


def test_a_malformed_event_is_skipped(fake, x, caplog) -> None:
    fake.customer_writes(1, "good")
    fake.events.insert(0, {"id": "1900000000000000000", "text": "no conversation"})
    assert [m.text for m in x.fetch(None).messages] == ["good"]
    assert "skipped X event" in caplog.text


def test_the_token_never_reaches_an_error_or_a_log_line(fake, x, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    fake.script(500, problem(500, "Error", f"echo {TOKEN}"))
    with pytest.raises(TemporaryError) as raised:
        x.check()
    assert TOKEN not in str(raised.value) + caplog.text


def test_the_accounts_form_offers_x_and_makes_a_working_connector(fake) -> None:
    from dmdesk.connectors.registry import KINDS

    kind = KINDS["x"]
    values = {"token": TOKEN, "base_url": fake.url}
    assert kind.missing({"token": ""}) == ["User access token or Refresh token and Client ID"]
    assert kind.settings_of(values) == {"base_url": fake.url}  # the token goes to the keyring
    made = kind.make(kind.settings_of(values), TOKEN)
    try:
        assert made.check().handle
    finally:
        made.close()


def test_a_refresh_token_renews_the_access_token_and_is_spent(fake) -> None:
    """X's access tokens last two hours; a refresh token (offline.access) and the
    app's Client ID trade for a new pair, and the old refresh token stops working."""
    connector = XConnector(
        TOKEN, refresh_token=REFRESH_TOKEN, client_id=CLIENT_ID, base_url=fake.url
    )
    try:
        assert connector.credential_lifetime == timedelta(hours=2)
        renewed = connector.renew_credential()
        assert renewed is not None and renewed.lasts == timedelta(seconds=7200)
        assert XCredential.parse(renewed.secret) == XCredential(fake.token, fake.refresh_token)
        assert connector.check().handle == "@juniperthread"  # with the new access token
        assert fake.renewals == 1
    finally:
        connector.close()
    spent = XConnector(TOKEN, refresh_token=REFRESH_TOKEN, client_id=CLIENT_ID, base_url=fake.url)
    try:
        with pytest.raises(AuthExpired, match="re-connect") as refused:
            spent.renew_credential()
        assert REFRESH_TOKEN not in str(refused.value)
    finally:
        spent.close()


def test_a_token_without_a_refresh_token_is_not_renewed(x) -> None:
    assert x.credential_lifetime is None and x.renew_credential() is None


def test_the_form_renews_a_refresh_token_at_once_and_keeps_both_in_the_secret(fake) -> None:
    from dmdesk.connectors.registry import KINDS

    kind = KINDS["x"]
    values = {
        "token": "",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "base_url": fake.url,
    }
    assert kind.missing(values) == []
    settings = kind.settings_of(values)
    assert settings == {"client_id": CLIENT_ID, "base_url": fake.url}  # never the tokens
    assert kind.sign_in is not None
    signed_in = kind.sign_in(settings, values, "")
    assert fake.renewals == 1 and REFRESH_TOKEN not in signed_in.secret
    made = kind.make(settings, signed_in.secret)
    try:
        assert made.check().handle and made.credential_lifetime == timedelta(hours=2)
    finally:
        made.close()
    with pytest.raises(PermanentError, match="Client ID"):
        kind.sign_in({"base_url": fake.url}, {**values, "client_id": ""}, "")
