"""Unread means the owner has not seen it: a conversation is read once it has
stayed open in a visible, active window for a moment (or was answered, or marked
read by hand), never because it became current by itself, and the Unread view
never takes away the row the owner is on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import ListQuery, View


def unread_titles(reader) -> list[str]:
    return [c.title for c in reader.conversation_page(ListQuery(view=View.UNREAD), limit=200)]


def test_the_unread_view_does_not_empty_itself(qtbot, window, reader) -> None:
    """It opened its first row, which read it, which took the row out of the
    view, which opened the next… until "Nothing unread"."""
    before = unread_titles(reader)
    assert len(before) >= 3
    window.go(View.UNREAD)
    qtbot.waitUntil(lambda: window.conversations.rowCount() == len(before))
    first = window.list_pane.current()
    with qtbot.waitSignal(window.conversations.dataChanged, timeout=5000):
        pass  # read after a moment: the row shows it, and stays while it is open
    assert reader.conversation(first.id).unread_count == 0
    assert not window.read_tracker.waiting  # nothing else is on its way to be read
    assert window.conversations.rowCount() == len(before)
    assert unread_titles(reader) == before[1:]
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)  # on to the next unread
    qtbot.waitUntil(lambda: window.conversations.rowCount() == len(before) - 1)
    assert window.list_pane.current().title == before[1]


def test_passing_over_a_conversation_is_not_reading_it(qtbot, window, reader) -> None:
    before = unread_titles(reader)
    window.go(View.UNREAD)
    qtbot.waitUntil(lambda: window.conversations.rowCount() == len(before))
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)  # past the second, at once
    third = window.list_pane.current()
    qtbot.waitUntil(lambda: reader.conversation(third.id).unread_count == 0)
    assert unread_titles(reader) == [t for t in before if t != third.title][: len(before) - 1]
    assert before[0] in unread_titles(reader) and before[1] in unread_titles(reader)


def test_nothing_is_read_while_the_window_is_hidden_or_behind_another(
    qtbot, open_window, reader
) -> None:
    from PySide6.QtWidgets import QWidget

    before = unread_titles(reader)
    window = open_window()
    other = QWidget()  # another app's window, in front
    qtbot.addWidget(other)
    with qtbot.waitActive(other):
        other.show()
        other.activateWindow()
    qtbot.waitUntil(lambda: not window.read_tracker.waiting)  # behind another: no dwell
    window.go(View.UNREAD)
    qtbot.waitUntil(lambda: window.list_pane.current() is not None)
    assert not window.read_tracker.waiting
    window.hide()  # --minimized, or closed to the tray
    assert not window.read_tracker.waiting
    assert unread_titles(reader) == before
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    current = window.list_pane.current()
    qtbot.waitUntil(lambda: reader.conversation(current.id).unread_count == 0)


def test_the_title_says_what_waits_and_muted_conversations_do_not_call(
    qtbot, window, reader
) -> None:
    """The window title (and the tray's and dock's badge, which take the same count)
    show conversations that call for attention; a muted one keeps its own count."""
    unread = reader.unread_conversations(muted=False)
    assert reader.unread_conversations() > unread  # the demo has a muted one already
    assert window.windowTitle() == f"DMDesk ({unread}) — demo workspace"
    window.go(View.UNREAD)
    qtbot.waitUntil(lambda: window.list_pane.current() is not None)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_M)  # mute the one at hand
    qtbot.waitUntil(lambda: window.windowTitle() == f"DMDesk ({unread - 1}) — demo workspace")
    assert reader.unread_conversations(muted=False) == unread - 1
    assert reader.unread_conversations() == unread + 1  # still unread, in its own grey


def test_the_palette_runs_the_window_s_own_actions_and_not_disabled_ones(
    qtbot, window, reader
) -> None:
    """In the Inbox "Delete forever" is disabled; from the palette it asked, deleted
    nothing ("Deleted 0 conversations") and the row vanished until a reload."""
    from modal import when_modal_opens

    assert not window.actions_by_name["delete_forever"].isEnabled()
    rows = window.conversations.rowCount()
    seen: dict = {}

    def choose(dialog) -> None:
        QTest.keyClicks(dialog.query, "delete forever")
        (index,) = [dialog.proxy.index(r, 0) for r in range(dialog.proxy.rowCount())]
        seen["enabled"] = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        dialog.results.activated.emit(index)  # as a click or Enter on it would
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)
        seen["still open"] = dialog.isVisible()
        dialog.reject()

    when_modal_opens(choose)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"enabled": False, "still open": True}  # greyed, and nothing ran
    assert window.conversations.rowCount() == rows


def test_the_palette_finds_people_and_settings_by_name(qtbot, window, reader) -> None:
    from modal import when_modal_opens

    seen: dict = {}

    def choose(dialog) -> None:
        QTest.keyClicks(dialog.query, "quiet")
        seen["quiet"] = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
        dialog.query.clear()
        QTest.keyClicks(dialog.query, "ben")
        seen["ben"] = dialog.results.currentIndex().data()
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)

    when_modal_opens(choose)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert "Preferences: Quiet hours…" in seen["quiet"]
    assert seen["ben"] == "Go to Ben Carter · Messenger"
    assert window.thread_pane.conversation.title == "Ben Carter"


def test_a_workspace_switched_away_from_leaves_no_window_in_the_tray(
    qtbot, open_window, demo_db, data_dir
) -> None:
    """From the demo, an import opened the own workspace, and the demo window stayed
    behind in the tray: its old icon brought it back over a closed database."""

    class Tray:  # a tray that is shown, as on a desktop that has one
        hidden = False

        def isVisible(self) -> bool:
            return not self.hidden

        def hide(self) -> None:
            self.hidden = True

        def window_shown(self, shown: bool) -> None:
            pass

        def showMessage(self, *_args: object) -> None:
            pass

    staying = open_window()
    staying.tray = Tray()
    staying.close()  # the owner closes it: it goes to the tray, as ever
    assert not staying.is_closed and not staying.tray.hidden
    from argparse import Namespace

    from dmdesk.app import OpenWorkspace
    from dmdesk.store.reads import InboxReader

    leaving = OpenWorkspace(
        demo_db.parent, InboxReader(demo_db), demo=True, args=Namespace(data_dir=str(data_dir))
    )
    qtbot.addWidget(leaving.window)
    leaving.window.show()
    leaving.window.tray = tray = Tray()
    leaving.close()  # what switching to the own workspace does with the demo's
    assert leaving.window.is_closed and tray.hidden


def test_after_a_reply_j_goes_on_from_where_the_owner_was(qtbot, window, reader) -> None:
    """The reply takes its conversation to the top of the list; j went on from
    there, to the second row, instead of to the one below where the owner was."""
    window.focus_list()
    for _ in range(3):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    rows = [window.conversations.index(r).data() for r in range(window.conversations.rowCount())]
    current = window.list_pane.current()
    was = rows.index(current.title)
    below = rows[was + 1]
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    composer = window.thread_pane.composer
    composer.editor.setPlainText("Thanks, on its way today!")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.conversations.row_of(current.id) < was)  # moved up
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_J)
    assert window.list_pane.current().title == below
