"""Meta's 24-hour reply window in the composer: time left, the Human Agent tag
past it, and no sending past 7 days."""

from datetime import UTC, datetime, timedelta

import pytest
from factories import fetched, ingest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import Participant, Platform
from dmdesk.store import accounts as account_store
from dmdesk.store import outbox
from dmdesk.ui.kit.roles import Roles


def conversation_written(database, platform: Platform, ago: timedelta, who: str) -> int:
    """A conversation whose person last wrote ``ago`` before now."""
    with database.transaction() as session:
        account = next(a for a in account_store.list_accounts(session) if a.platform is platform)
    person = Participant(f"id-{who}", who)
    start = datetime.now(UTC) - ago - timedelta(minutes=1)
    result = ingest(
        database, account, [fetched(1, start, conversation=f"c-{who}", person=person)], start
    )
    return result.new_conversation_ids[0]


def open_it(qtbot, window, conversation_id: int):
    window.conversations.reload()
    window.focus_list()
    assert window.list_pane.select_id(conversation_id)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    return window.thread_pane.composer


@pytest.mark.parametrize("platform", [Platform.INSTAGRAM, Platform.MESSENGER])
def test_inside_24_hours_the_composer_shows_the_time_left(
    qtbot, open_window, database, platform
) -> None:
    conversation_id = conversation_written(database, platform, timedelta(hours=2), "Ines")
    composer = open_it(qtbot, open_window(), conversation_id)
    assert composer.window_note.text().startswith("Reply window: 21 h")
    assert composer.window_note.objectName() == "Hint"


def test_past_24_hours_a_reply_carries_the_human_agent_tag(qtbot, open_window, database) -> None:
    conversation_id = conversation_written(
        database, Platform.INSTAGRAM, timedelta(hours=30), "Olga"
    )
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    assert "Human Agent tag" in composer.window_note.text()
    assert composer.window_note.objectName() == "Warning"
    QTest.keyClicks(composer.editor, "Sorry for the wait: it ships tomorrow.")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 2)
    message_id = window.messages.index(1).data(Roles.MESSAGE).id
    with database.transaction() as session:
        assert outbox.get(session, message_id).messaging_tag == "HUMAN_AGENT"


def test_past_7_days_the_composer_explains_and_refuses(qtbot, open_window, database) -> None:
    conversation_id = conversation_written(database, Platform.MESSENGER, timedelta(days=8), "Piotr")
    window = open_window()
    composer = open_it(qtbot, window, conversation_id)
    assert "only within 7 days" in composer.window_note.text()
    QTest.keyClicks(composer.editor, "Hello again!")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Messenger will not take a reply here now." in composer.problem.text()
    assert composer.editor.toPlainText() == "Hello again!"
    assert window.messages.rowCount() == 1


def test_telegram_has_no_window(qtbot, open_window, database) -> None:
    conversation_id = conversation_written(database, Platform.TELEGRAM, timedelta(days=30), "Q")
    composer = open_it(qtbot, open_window(), conversation_id)
    assert composer.window_note.isHidden()
