"""The test homeserver itself: two people, a direct chat, a message that arrives.
The Matrix connector's tests stand on this."""

from __future__ import annotations

from matrix_homeserver import Homeserver


def test_a_direct_message_travels_between_two_users(homeserver: Homeserver) -> None:
    alice = homeserver.register("alice_fixture")
    bob = homeserver.register("bob_fixture")
    with homeserver.client(alice) as as_alice, homeserver.client(bob) as as_bob:
        room = as_alice.post(
            "/createRoom",
            json={"invite": [bob.user_id], "is_direct": True, "preset": "trusted_private_chat"},
        ).json()["room_id"]
        as_bob.post(f"/rooms/{room}/join", json={}).raise_for_status()
        as_alice.put(
            f"/rooms/{room}/send/m.room.message/txn-1",
            json={"msgtype": "m.text", "body": "Hello from Alice"},
        ).raise_for_status()
        synced = as_bob.get("/sync", params={"timeout": 0}).json()
    events = synced["rooms"]["join"][room]["timeline"]["events"]
    bodies = [e["content"].get("body") for e in events if e["type"] == "m.room.message"]
    assert bodies == ["Hello from Alice"]
