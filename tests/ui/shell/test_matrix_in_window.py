"""A Matrix account in the window, against a real Synapse and a real keyring: add
it from the Accounts dialog with a user name and password, take a customer's
direct message, answer it, and open the photo they send (downloaded through the
media API on the click)."""

import itertools
import json

import keyring.errors
import pytest
from matrix_homeserver import Homeserver, MatrixUser
from modal import click_picture, in_accounts_dialog
from picture_files import tiny_png
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest

from dmdesk.domain import AccountStatus, ListQuery, MessageStatus, Platform
from dmdesk.secrets import SERVICE, CredentialStore
from dmdesk.ui.kit.roles import Roles

names = (f"window{n}" for n in itertools.count())
PHOTO = tiny_png(64, 48)


def sign_in_and_save(qtbot, dialog, homeserver: Homeserver, shop: MatrixUser) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("matrix"))
    assert set(dialog.inputs) >= {"homeserver", "user", "password", "token"}
    QTest.keyClicks(dialog.inputs["homeserver"], homeserver.url)
    QTest.keyClicks(dialog.inputs["user"], shop.user_id)
    QTest.keyClicks(dialog.inputs["password"], shop.password)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("✓"), timeout=15_000)
    name = shop.user_id[1:].split(":")[0]  # Synapse's display name for a new user
    assert dialog.outcome.text() == f"✓ Connected as {name} ({shop.user_id})."
    dialog.save_button.click()


def add_matrix_account(qtbot, dialog, homeserver: Homeserver, shop: MatrixUser) -> None:
    sign_in_and_save(qtbot, dialog, homeserver, shop)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)  # saved
    assert dialog.model.rowCount() == 1


@pytest.fixture
def people(homeserver) -> tuple[MatrixUser, MatrixUser]:
    return homeserver.register(next(names), "shop-pass"), homeserver.register(next(names))


def test_add_matrix_answer_a_customer_and_open_their_photo(
    qtbot, open_workspace, homeserver, people, secret_service, data_dir, monkeypatch
) -> None:
    shop, customer = people
    workspace = open_workspace()
    window, reader = workspace.window, workspace.reader
    in_accounts_dialog(qtbot, window, lambda d: add_matrix_account(qtbot, d, homeserver, shop))
    (account,) = reader.accounts()
    assert account.platform is Platform.MATRIX and account.handle == shop.user_id
    kept = json.loads(secret_service.get_password(SERVICE, account.credential_key))
    assert set(kept) == {"access_token", "device_id", "own_device"}  # no password
    qtbot.waitUntil(lambda: reader.accounts()[0].status is AccountStatus.CONNECTED, timeout=20_000)

    with homeserver.client(customer) as them:
        room = them.post(  # not joined: the connector accepts the invite itself
            "/createRoom",
            json={"invite": [shop.user_id], "is_direct": True, "preset": "trusted_private_chat"},
        ).json()["room_id"]
        them.put(
            f"/rooms/{room}/send/m.room.message/w1",
            json={"msgtype": "m.text", "body": "Hi! Do you have the oat cardigan in S?"},
        ).raise_for_status()
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1, timeout=30_000)
    (conversation,) = reader.conversation_page(ListQuery())
    assert (
        conversation.platform is Platform.MATRIX
        and conversation.title == customer.user_id[1:].split(":")[0]
    )
    assert conversation.snippet == "Hi! Do you have the oat cardigan in S?"

    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    composer = window.thread_pane.composer
    QTest.keyClicks(composer.editor, "Yes, one left in S!")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: reader.thread_page(conversation.id)[-1].status is MessageStatus.SENT,
        timeout=15_000,
    )

    def bodies() -> list[str]:
        with homeserver.client(customer) as them:
            chunk = them.get(f"/rooms/{room}/messages", params={"dir": "b"}).json()["chunk"]
        return [e["content"].get("body") for e in chunk if e["type"] == "m.room.message"]

    assert bodies().count("Yes, one left in S!") == 1

    photo_file = ("cardigan.png", PHOTO, "image/png")
    uploaded = homeserver.send_file(customer, room, "m.image", photo_file, "cardigan.png")
    qtbot.waitUntil(lambda: window.messages.rowCount() == 3, timeout=30_000)
    photo_row = window.messages.index(2)
    photo = photo_row.data(Roles.MESSAGE)
    (attachment,) = photo.attachments
    assert (attachment.name, attachment.mime, attachment.size) == (
        "cardigan.png",
        "image/png",
        len(PHOTO),
    )
    assert attachment.url == uploaded and not attachment.local_path

    # Shown in its bubble once it is on screen: fetched through the media API.
    saved = data_dir / "downloads" / str(account.id) / f"{photo.id}-cardigan.png"
    photos = window.thread_pane.bubbles.photos
    qtbot.waitUntil(lambda: photos.local_file(attachment) == saved, timeout=15_000)
    assert saved.read_bytes() == PHOTO
    click_picture(qtbot, window, 2)
    viewer = window.thread_pane.viewer
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.open_button.isEnabled())
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    viewer.open_button.click()
    assert opened == [str(saved)]
    viewer.close_viewer()
    # Remembered: the next click opens the copy without downloading again.
    qtbot.waitUntil(
        lambda: window.messages.index(2).data(Roles.MESSAGE).attachments[0].local_path == str(saved)
    )
    assert reader.messages([photo.id])[0].attachments[0].local_path == str(saved)


def test_closing_the_dialog_while_it_saves_keeps_the_new_session(
    qtbot, open_workspace, homeserver, people, secret_service
) -> None:
    shop, _ = people
    workspace = open_workspace()
    window, reader = workspace.window, workspace.reader
    # Closed straight after Save: an unsaved tested sign-in is signed out on close,
    # but this one is being saved and must stay signed in.
    in_accounts_dialog(qtbot, window, lambda d: sign_in_and_save(qtbot, d, homeserver, shop))
    qtbot.waitUntil(lambda: len(reader.accounts()) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: reader.accounts()[0].status is AccountStatus.CONNECTED, timeout=20_000)
    qtbot.waitUntil(lambda: window.status_label.text() == "1 account · Matrix", timeout=10_000)
    kept = json.loads(secret_service.get_password(SERVICE, reader.accounts()[0].credential_key))
    token = MatrixUser(shop.user_id, kept["access_token"], kept["device_id"], "")
    with homeserver.client(token) as us:
        assert us.get("/account/whoami").json()["user_id"] == shop.user_id


def test_a_save_the_keyring_refuses_can_be_retried_and_is_signed_out_on_close(
    qtbot, open_workspace, homeserver, people, secret_service
) -> None:
    shop, _ = people

    class LockedKeyring(type(secret_service)):
        def set_password(self, service, username, password):
            raise keyring.errors.KeyringLocked("locked")

    def devices() -> set[str]:
        with homeserver.client(shop) as us:
            return {d["device_id"] for d in us.get("/devices").json()["devices"]}

    workspace = open_workspace(credentials=CredentialStore(LockedKeyring()))

    def refused(dialog) -> None:
        sign_in_and_save(qtbot, dialog, homeserver, shop)
        qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Your keyring is locked"))
        assert dialog.pages.currentIndex() == 1 and dialog.save_button.isEnabled()  # retry
        assert devices() != {shop.device_id}  # the tested sign-in is still a session

    in_accounts_dialog(qtbot, workspace.window, refused)
    assert workspace.reader.accounts() == []
    qtbot.waitUntil(lambda: devices() == {shop.device_id}, timeout=10_000)  # signed out


def a_customer_writes(
    qtbot, open_workspace, homeserver: Homeserver, shop: MatrixUser, customer, *texts: str
):
    """A window with the shop's Matrix account, and a direct chat in which the
    customer has written ``texts``, listed; returns the workspace and the room."""
    workspace = open_workspace()
    window = workspace.window
    in_accounts_dialog(qtbot, window, lambda d: add_matrix_account(qtbot, d, homeserver, shop))
    room = homeserver.direct_chat(customer, shop)
    with homeserver.client(customer) as them:
        for n, text in enumerate(texts):
            them.put(
                f"/rooms/{room}/send/m.room.message/w{n}", json={"msgtype": "m.text", "body": text}
            ).raise_for_status()
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1, timeout=30_000)
    return workspace, room


def test_a_chat_read_on_the_phone_is_no_longer_unread_here(
    qtbot, open_workspace, homeserver, people
) -> None:
    shop, customer = people
    workspace, room = a_customer_writes(
        qtbot, open_workspace, homeserver, shop, customer, "Hello!", "Do you ship to Porto?"
    )
    window, reader = workspace.window, workspace.reader
    qtbot.waitUntil(
        lambda: window.conversations.index(0).data(Roles.CONVERSATION).unread_count == 2,
        timeout=30_000,
    )
    last = reader.thread_page(reader.conversation_page(ListQuery())[0].id)[-1]
    with homeserver.client(shop) as phone:  # the shop reads it in their phone's app
        phone.post(
            f"/rooms/{room}/receipt/m.read/{last.platform_message_id}", json={}
        ).raise_for_status()
    qtbot.waitUntil(
        lambda: window.conversations.index(0).data(Roles.CONVERSATION).unread_count == 0,
        timeout=30_000,
    )


def test_a_customer_s_reaction_shows_on_the_reply_and_goes_when_taken_back(
    qtbot, open_workspace, homeserver, people
) -> None:
    from dmdesk.domain import Reaction

    shop, customer = people
    workspace, room = a_customer_writes(
        qtbot, open_workspace, homeserver, shop, customer, "Can I pick it up Saturday?"
    )
    window = workspace.window
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    composer = window.thread_pane.composer
    QTest.keyClicks(composer.editor, "Of course, see you then!")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def reply():
        return window.messages.index(1).data(Roles.MESSAGE)

    qtbot.waitUntil(
        lambda: reply() is not None and reply().status is MessageStatus.SENT, timeout=15_000
    )
    view = window.thread_pane.view
    plain_height = view.visualRect(window.messages.index(1)).height()

    relation = {"rel_type": "m.annotation", "event_id": reply().platform_message_id, "key": "👍"}
    with homeserver.client(customer) as them:
        thumbs = them.put(
            f"/rooms/{room}/send/m.reaction/x1", json={"m.relates_to": relation}
        ).json()["event_id"]
    name = customer.user_id[1:].split(":")[0]
    qtbot.waitUntil(lambda: reply().reactions == (Reaction("👍", (name,)),), timeout=30_000)
    # The row makes room for the reactions under the bubble.
    qtbot.waitUntil(lambda: view.visualRect(window.messages.index(1)).height() > plain_height)
    assert f"👍 {name}" in window.messages.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert window.messages.rowCount() == 2  # a reaction is not a message

    with homeserver.client(customer) as them:
        them.put(f"/rooms/{room}/redact/{thumbs}/x2", json={}).raise_for_status()
    qtbot.waitUntil(lambda: reply().reactions == (), timeout=30_000)
    assert not reply().unsent


def test_a_chat_read_here_is_read_on_the_phone_and_the_customer_is_not_told(
    qtbot, open_workspace, homeserver, people
) -> None:
    shop, customer = people
    workspace, room = a_customer_writes(
        qtbot, open_workspace, homeserver, shop, customer, "Is the shop open on Sunday?"
    )
    window, reader = workspace.window, workspace.reader
    (conversation,) = reader.conversation_page(ListQuery())
    newest = reader.thread_page(conversation.id)[-1].platform_message_id

    asked = itertools.count(1)

    def receipts(user: MatrixUser) -> dict:
        """What ``user``'s own apps see of the room's receipts (each sync asked
        differently: Synapse answers the same one again from a cache)."""
        fresh = json.dumps({"room": {"timeline": {"limit": next(asked)}}})
        with homeserver.client(user) as client:
            answer = client.get("/sync", params={"timeout": 0, "filter": fresh})
            joined = answer.json()["rooms"]["join"]
        events = joined[room].get("ephemeral", {}).get("events", [])
        return next((e["content"] for e in events if e["type"] == "m.receipt"), {})

    assert shop.user_id not in str(receipts(shop))
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)  # open it: read here
    qtbot.waitUntil(lambda: reader.conversation(conversation.id).unread_count == 0)
    qtbot.waitUntil(
        lambda: shop.user_id in receipts(shop).get(newest, {}).get("m.read.private", {}),
        timeout=15_000,
    )
    assert shop.user_id not in str(receipts(customer))  # private: the customer sees nothing
