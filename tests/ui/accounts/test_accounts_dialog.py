"""Accounts in the window, end to end, with a fake Telegram standing in for the
platform and a real Secret Service: add a bot in the dialog, watch a customer's
message arrive, reply, see it sent; cut the network and the reply waits, then
goes out once."""

from fakes.telegram_server import TOKEN
from modal import in_accounts_dialog
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import AccountStatus, ListQuery, MessageStatus
from dmdesk.secrets import SERVICE, CredentialStore
from dmdesk.store.database import database_path
from dmdesk.store.reads import InboxReader


def add_telegram_bot(qtbot, dialog, fake_telegram, token: str = TOKEN) -> None:
    assert dialog.pages.currentIndex() == 1  # no account yet: the form is open
    assert not dialog.save_button.isEnabled()  # nothing tested yet
    QTest.keyClicks(dialog.inputs["token"], token)
    dialog.advanced_button.click()
    dialog.inputs["base_url"].setText(fake_telegram.url)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("✓"), timeout=10_000)
    assert dialog.outcome.text() == "✓ Connected as Juniper Bot (@juniper_bot)."
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()


def status_of(reader, message_id) -> MessageStatus:
    return reader.messages([message_id])[0].status


def test_add_a_bot_receive_reply_and_survive_a_cut_network(
    qtbot, open_workspace, fake_telegram, secret_service
) -> None:
    workspace = open_workspace()
    window, reader = workspace.window, workspace.reader
    assert window.status_label.text() == "No accounts"
    assert window.focusWidget() is window.list_pane.list  # even while the list is empty

    def add(dialog) -> None:
        add_telegram_bot(qtbot, dialog, fake_telegram)
        # The sync can list the new account while its save is still finishing, so wait
        # for the save itself: it is what turns the form into the account's page.
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)
        assert dialog.model.rowCount() == 1
        assert dialog.detail_title.text() == "Juniper Bot"

    in_accounts_dialog(qtbot, window, add)
    (account,) = reader.accounts()
    assert secret_service.get_password(SERVICE, account.credential_key) == TOKEN
    qtbot.waitUntil(lambda: reader.accounts()[0].status is AccountStatus.CONNECTED, timeout=10_000)
    qtbot.waitUntil(lambda: window.status_label.text() == "1 account · Telegram")

    fake_telegram.customer_writes("Hi! Is the blue scarf back in stock?")
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1, timeout=10_000)
    (conversation,) = reader.conversation_page(ListQuery())
    assert conversation.title == "Nadia"

    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)  # straight from the keyboard
    assert window.thread_pane.conversation.id == conversation.id
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    composer = window.thread_pane.composer
    QTest.keyClicks(composer.editor, "Yes, since this morning!")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(fake_telegram.sent) == 1, timeout=10_000)
    first = reader.thread_page(conversation.id)[-1]
    qtbot.waitUntil(lambda: status_of(reader, first.id) is MessageStatus.SENT, timeout=10_000)
    assert fake_telegram.sent[0]["text"] == "Yes, since this morning!"

    fake_telegram.cut()
    QTest.keyClicks(composer.editor, "Shall I keep one for you?")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: reader.thread_page(conversation.id)[-1].text == "Shall I keep one for you?"
    )
    second = reader.thread_page(conversation.id)[-1]
    assert second.status is MessageStatus.PENDING
    qtbot.waitUntil(lambda: "Offline" in window.status_label.text(), timeout=15_000)
    assert status_of(reader, second.id) is MessageStatus.PENDING  # waiting, not failed
    fake_telegram.restore()
    qtbot.waitUntil(lambda: status_of(reader, second.id) is MessageStatus.SENT, timeout=20_000)
    assert [m["text"] for m in fake_telegram.sent] == [
        "Yes, since this morning!",
        "Shall I keep one for you?",
    ]


def test_a_wrong_token_is_refused_before_anything_is_saved(
    qtbot, open_workspace, fake_telegram
) -> None:
    workspace = open_workspace()

    def try_wrong(dialog) -> None:
        QTest.keyClicks(dialog.inputs["token"], "1:wrong")
        dialog.advanced_button.click()
        dialog.inputs["base_url"].setText(fake_telegram.url)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: "BotFather" in dialog.outcome.text(), timeout=10_000)
        assert not dialog.save_button.isEnabled()

    in_accounts_dialog(qtbot, workspace.window, try_wrong)
    assert workspace.reader.accounts() == []


def test_enter_in_the_form_tests_then_saves(qtbot, open_workspace, fake_telegram) -> None:
    workspace = open_workspace()

    def from_the_keyboard(dialog) -> None:
        dialog.advanced_button.click()
        dialog.inputs["base_url"].setText(fake_telegram.url)
        QTest.keyClicks(dialog.inputs["token"], TOKEN)
        QTest.keyClick(dialog.inputs["token"], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.outcome.text().startswith("✓"), timeout=10_000)
        assert dialog.model.rowCount() == 0  # tested, not saved yet
        QTest.keyClick(dialog.inputs["token"], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)  # saved

    in_accounts_dialog(qtbot, workspace.window, from_the_keyboard)
    assert [a.display_name for a in workspace.reader.accounts()] == ["Juniper Bot"]


def test_without_a_keyring_the_dialog_says_how_to_get_one(
    qtbot, open_workspace, fake_telegram
) -> None:
    from keyring.backends import fail

    workspace = open_workspace(credentials=CredentialStore(fail.Keyring()))

    def look(dialog) -> None:
        assert "GNOME Keyring" in dialog.banner.text()
        assert not dialog.banner.isHidden()
        QTest.keyClicks(dialog.inputs["token"], TOKEN)
        dialog.advanced_button.click()
        dialog.inputs["base_url"].setText(fake_telegram.url)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.outcome.text().startswith("✓"), timeout=10_000)
        assert not dialog.save_button.isEnabled()  # nowhere safe to keep the token

    in_accounts_dialog(qtbot, workspace.window, look)


def test_from_the_demo_an_account_goes_to_your_own_workspace(
    qtbot, open_workspace, fake_telegram, data_dir
) -> None:
    demo = open_workspace(folder=data_dir / "demo-workspace", demo=True)
    asked: list[bool] = []
    demo.window.own_workspace_requested.connect(lambda: asked.append(True))

    def add(dialog) -> None:
        assert "demo workspace" in dialog.banner.text()
        add_telegram_bot(qtbot, dialog, fake_telegram)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    in_accounts_dialog(qtbot, demo.window, add)
    qtbot.waitUntil(lambda: bool(asked))
    assert demo.reader.accounts() == []  # the demo is untouched
    own = InboxReader(database_path(data_dir))
    assert [a.display_name for a in own.accounts()] == ["Juniper Bot"]
    own.close()


def test_the_account_model_passes_the_model_tester(qtmodeltester) -> None:
    from dmdesk.domain import Account, Platform
    from dmdesk.ui.accounts.model import AccountListModel

    model = AccountListModel()
    model.set_accounts(
        [
            Account(1, Platform.TELEGRAM, "Bot", "@bot", AccountStatus.CONNECTED, "telegram"),
            Account(2, Platform.X, "Shop", "", AccountStatus.NEEDS_RECONNECT, "x", (), "", "x"),
        ]
    )
    qtmodeltester.check(model)


def test_a_failed_reply_says_why_and_offers_retry_edit_and_discard(
    qtbot, open_workspace, fake_telegram
) -> None:
    from dmdesk.ui.kit.roles import Roles

    workspace = open_workspace()
    window, reader = workspace.window, workspace.reader
    values = {"token": TOKEN, "base_url": fake_telegram.url}
    connections = workspace.services.connections
    connections.add(connections.check("telegram", values))
    fake_telegram.customer_writes("Hello?")
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 1, timeout=10_000)
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    blocked = "Forbidden: bot was blocked by the user"
    fake_telegram.script(
        403, {"ok": False, "error_code": 403, "description": blocked}, method="sendMessage"
    )
    fake_telegram.script(
        403, {"ok": False, "error_code": 403, "description": blocked}, method="sendMessage"
    )
    composer = window.thread_pane.composer
    composer.editor.setPlainText("Are you still there?")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def last_row():
        return window.messages.index(window.messages.rowCount() - 1)

    def failed() -> bool:
        """Failed as shown, and as stored: after Retry the row may still show the first
        failure while the second attempt is under way."""
        message = last_row().data(Roles.MESSAGE)
        if message.text != "Are you still there?" or message.status is not MessageStatus.FAILED:
            return False
        return status_of(reader, message.id) is MessageStatus.FAILED

    qtbot.waitUntil(failed, timeout=10_000)
    assert "blocked by the user" in last_row().data(Roles.SEND_PROBLEM)
    assert "blocked by the user" in last_row().data(Qt.ItemDataRole.ToolTipRole)

    def choose(text: str) -> None:
        menu = window.thread_pane.failed_reply_menu(last_row().data(Roles.MESSAGE))
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert texts[0].startswith("Telegram refused sendMessage")
        assert "Check whether it arrived" not in texts  # a bot cannot list what it sent
        next(a for a in menu.actions() if a.text() == text).trigger()

    choose("Retry sending")  # refused again: the second scripted answer
    qtbot.waitUntil(lambda: not fake_telegram.scripted and failed(), timeout=10_000)
    choose("Edit and resend")
    qtbot.waitUntil(lambda: composer.editor.toPlainText() == "Are you still there?")
    assert last_row().data(Roles.MESSAGE).text == "Hello?"
    assert all(
        m.text != "Are you still there?"
        for m in reader.thread_page(window.messages.conversation_id)
    )
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: [m["text"] for m in fake_telegram.sent] == ["Are you still there?"], timeout=10_000
    )


def health_of(dialog) -> dict[str, str]:
    form = dialog.health
    return {
        form.itemAt(row, form.ItemRole.LabelRole).widget().text(): form.itemAt(
            row, form.ItemRole.FieldRole
        )
        .widget()
        .text()
        for row in range(form.rowCount())
    }


def test_an_accounts_health_shows_and_check_now_fetches_at_once(
    qtbot, open_workspace, fake_telegram
) -> None:
    workspace = open_workspace()

    def look(dialog) -> None:
        add_telegram_bot(qtbot, dialog, fake_telegram)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: dialog.selected().synced_at is not None, timeout=10_000)
        health = health_of(dialog)
        assert health["Last synced"].startswith("today at ")
        assert health["Token"] == "Bot tokens do not expire (until revoked in @BotFather)"
        assert dialog.check_button.isVisible()

        fake_telegram.cut()  # the network goes; Check now finds out at once
        dialog.check_button.click()
        assert dialog.check_result.text() == "Checking…"
        qtbot.waitUntil(lambda: dialog.check_result.text().startswith("Checked at"), timeout=45_000)
        assert dialog.selected().status is AccountStatus.OFFLINE
        assert "Next try" in health_of(dialog)
        assert "Offline · next try" in dialog.detail_status.text()

        fake_telegram.restore()
        dialog.check_button.click()
        qtbot.waitUntil(lambda: dialog.check_result.text().startswith("Checked at"), timeout=45_000)
        qtbot.waitUntil(lambda: dialog.selected().status is AccountStatus.CONNECTED, timeout=10_000)
        assert "Next try" not in health_of(dialog)

    in_accounts_dialog(qtbot, workspace.window, look)


def test_every_platform_has_a_guide_that_opens_beside_the_form(qtbot, open_workspace) -> None:
    from dmdesk.services.accounts import account_kinds

    workspace = open_workspace()

    def look(dialog) -> None:
        for row in range(dialog.kind.count()):
            dialog.kind.setCurrentIndex(row)
            kind = account_kinds()[dialog.kind.currentData()]
            assert dialog.guide_button.isVisible(), kind.name
            dialog.guide_button.click()
            guide = dialog._guide
            qtbot.waitUntil(guide.isVisible)
            text = guide.page.toPlainText()
            assert guide.windowTitle().startswith("Connect"), kind.name
            assert "DMDesk" in text and "Good to know" in text
            assert "**" not in text and "# " not in text  # drawn as Markdown, not shown raw
            guide.close()

    in_accounts_dialog(qtbot, workspace.window, look)
