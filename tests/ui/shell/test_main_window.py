"""The window driven from the keyboard, as a busy shop owner would."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import ListQuery, View


def press(qtbot, window, keys: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = window.focusWidget() or window
    for key in keys:
        QTest.keyClick(target, key, modifier)


def test_window_shows_three_panes_with_the_first_conversation_open(window) -> None:
    assert window.conversations.rowCount() > 20
    assert window.thread_pane.conversation is not None
    assert window.messages.rowCount() > 0
    assert window.contact_pane.name.text() == window.thread_pane.conversation.title
    assert window.focusWidget() is window.list_pane.list  # j, k and r work at once


def test_j_and_k_move_through_the_list(qtbot, window) -> None:
    window.focus_list()
    first = window.list_pane.current().id
    press(qtbot, window, "jj")
    assert window.list_pane.list.currentIndex().row() == 2
    press(qtbot, window, "k")
    assert window.list_pane.list.currentIndex().row() == 1
    assert window.thread_pane.conversation.id != first


def test_e_archives_and_z_undoes(qtbot, window, reader) -> None:
    window.focus_list()
    target = window.list_pane.current().id
    press(qtbot, window, "e")
    assert window.conversations.row_of(target) == -1
    qtbot.waitUntil(lambda: reader.conversation(target).flags.archived)
    qtbot.waitUntil(lambda: "Archived" in window.toast.label.text())
    assert window.toast.isVisible()
    press(qtbot, window, "z")
    qtbot.waitUntil(lambda: not reader.conversation(target).flags.archived)
    qtbot.waitUntil(lambda: window.conversations.row_of(target) >= 0)


def test_hash_trashes_and_ctrl_z_undoes(qtbot, window, reader) -> None:
    window.focus_list()
    target = window.list_pane.current().id
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_NumberSign, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: reader.conversation(target).flags.trashed)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not reader.conversation(target).flags.trashed)


def test_delete_key_trashes_multiple_selected_rows(qtbot, window, reader) -> None:
    window.focus_list()
    window.list_pane.list.selectionModel().clearSelection()
    window.list_pane.select_row(3)
    QTest.keyClick(window.list_pane.list, Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier)
    window.list_pane.list.selectAll()
    ids = window.list_pane.selected_ids()
    assert len(ids) > 10
    QTest.keyClick(window.list_pane.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: all(reader.conversation(i).flags.trashed for i in ids))
    qtbot.waitUntil(lambda: window.conversations.rowCount() == 0)
    assert window.list_pane.empty.isVisible()


def test_u_p_m_mark_unread_pin_and_mute(qtbot, window, reader) -> None:
    window.focus_list()
    press(qtbot, window, "jj")
    target = window.list_pane.current().id
    qtbot.waitUntil(lambda: reader.conversation(target).unread_count == 0)
    for key, check in (
        ("u", lambda f: f.unread_count == 1),
        ("p", lambda f: f.pinned),
        ("m", lambda f: f.muted),
    ):
        press(qtbot, window, key)
        qtbot.waitUntil(lambda check=check: check(reader.conversation(target).flags))


def test_g_sequences_switch_views(qtbot, window) -> None:
    window.focus_list()
    for second, view in (("a", View.ARCHIVED), ("t", View.TRASH), ("i", View.INBOX)):
        press(qtbot, window, "g" + second)
        assert window.list_pane.query().view is view


def test_r_focuses_the_reply_box_and_letters_then_type_there(qtbot, window, reader) -> None:
    window.focus_list()
    row_before = window.list_pane.list.currentIndex().row()
    archived_before = [c.id for c in reader.conversation_page(ListQuery(view=View.ARCHIVED))]
    press(qtbot, window, "r")
    assert window.focusWidget() is window.thread_pane.composer.editor
    press(qtbot, window, "jkeupm#zg")
    assert window.thread_pane.composer.editor.toPlainText() == "jkeupm#zg"
    assert window.list_pane.list.currentIndex().row() == row_before
    assert [
        c.id for c in reader.conversation_page(ListQuery(view=View.ARCHIVED))
    ] == archived_before
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window.focusWidget() is window.list_pane.list


def test_letters_type_into_notes_and_tags_without_firing(qtbot, window) -> None:
    window.contact_pane.note_editor.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is window.contact_pane.note_editor)
    press(qtbot, window, "jeu")
    assert window.contact_pane.note_editor.toPlainText() == "jeu"
    assert window.list_pane.list.currentIndex().row() == 0


def test_slash_focuses_the_search_box(qtbot, window) -> None:
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Slash)
    assert window.focusWidget() is window.list_pane.search
    with qtbot.waitSignal(window.search_shown):
        press(qtbot, window, "grace")
    assert window.list_pane.results_model.hit_at(0).conversation.title == "Grace Liu"


def test_ctrl_enter_sends_a_reply_that_is_stored_and_shown(qtbot, window, reader) -> None:
    window.focus_list()
    conversation_id = window.thread_pane.conversation.id
    press(qtbot, window, "r")
    QTest.keyClicks(window.thread_pane.composer.editor, "Thanks Chlo")  # QTest types ASCII only
    window.thread_pane.composer.editor.insertPlainText("é! 💛")
    QTest.keyClick(
        window.thread_pane.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: reader.thread_page(conversation_id)[-1].text == "Thanks Chloé! 💛")
    qtbot.waitUntil(
        lambda: (
            window.messages.data(window.messages.index(window.messages.rowCount() - 1))
            == "Thanks Chloé! 💛"
        )
    )
    assert window.thread_pane.composer.editor.toPlainText() == ""


def test_the_draft_is_saved_as_you_type(qtbot, window, reader) -> None:
    conversation_id = window.thread_pane.conversation.id
    window.thread_pane.focus_composer()
    QTest.keyClicks(window.thread_pane.composer.editor, "Half-written reply")
    qtbot.waitUntil(lambda: reader.draft(conversation_id) == "Half-written reply", timeout=3000)


def test_adding_a_note_saves_it(qtbot, window, reader) -> None:
    contact = window.contact_pane.contact
    window.contact_pane.note_editor.setPlainText("Sent a tracking link")
    QTest.keyClick(
        window.contact_pane.note_editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: reader.notes(contact.id)[0].text == "Sent a tracking link")
    qtbot.waitUntil(lambda: window.contact_pane.notes_box.count() == 2)


def test_contact_fields_save_without_a_save_button(qtbot, window, reader) -> None:
    pane = window.contact_pane
    contact_id = pane.contact.id
    before = reader.contact(contact_id).tags
    pane.tags.entry.setFocus()
    QTest.keyClicks(pane.tags.entry, "vip, wholesale")  # the comma ends the first
    QTest.keyClick(pane.tags.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reader.contact(contact_id).tags == (*before, "vip", "wholesale"))
    assert [c.tag for c in pane.tags._chips][-2:] == ["vip", "wholesale"]
    QTest.keyClick(pane.tags.entry, Qt.Key.Key_Backspace)  # in the empty box: the last goes
    qtbot.waitUntil(lambda: reader.contact(contact_id).tags == (*before, "vip"))
    pane.follow_up_enabled.setChecked(True)
    qtbot.waitUntil(lambda: reader.contact(contact_id).follow_up_on is not None)
    pane.do_not_message.setChecked(True)
    qtbot.waitUntil(lambda: reader.contact(contact_id).do_not_message)
    qtbot.waitUntil(lambda: window.thread_pane.composer.opt_out.isVisible())


def test_notes_edit_and_delete_with_undo(qtbot, window, reader, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog, QPushButton

    from dmdesk.ui.contact.pane import NoteCard

    pane = window.contact_pane
    contact_id = pane.contact.id
    before = reader.notes(contact_id)
    assert before
    card = pane.findChildren(NoteCard)[0]
    from modal import when_modal_opens
    from PySide6.QtWidgets import QPlainTextEdit

    wraps: list[bool] = []

    def edit(dialog: QInputDialog) -> None:
        (editor,) = dialog.findChildren(QPlainTextEdit)  # a long note wraps, never scrolls
        wraps.append(editor.lineWrapMode() is QPlainTextEdit.LineWrapMode.WidgetWidth)
        dialog.setTextValue("Chased Royal Mail twice")
        dialog.accept()

    when_modal_opens(edit)
    next(b for b in card.findChildren(QPushButton) if b.toolTip() == "Edit note").click()
    assert wraps == [True]
    window.activateWindow()  # back from the dialog, as a window manager would
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.waitUntil(lambda: reader.notes(contact_id)[0].text == "Chased Royal Mail twice")
    edited = reader.notes(contact_id)

    card = pane.findChildren(NoteCard)[0]
    next(b for b in card.findChildren(QPushButton) if b.toolTip() == "Delete note").click()
    qtbot.waitUntil(lambda: reader.notes(contact_id) == edited[1:])
    qtbot.waitUntil(lambda: "Deleted a note" in window.toast.label.text())
    window.focus_list()
    press(qtbot, window, "z")
    qtbot.waitUntil(lambda: reader.notes(contact_id) == edited)
    qtbot.waitUntil(lambda: len(pane.findChildren(NoteCard)) == len(edited))


def test_multi_selection_archives_and_marks_read_every_row(qtbot, window, reader) -> None:
    window.focus_list()
    unread = reader.conversation_page(ListQuery(view=View.UNREAD))
    assert len(unread) >= 3
    selection = window.list_pane.list.selectionModel()
    selection.clearSelection()
    for conversation in unread:
        index = window.conversations.index(window.conversations.row_of(conversation.id))
        selection.select(index, selection.SelectionFlag.Select)
    ids = {c.id for c in unread}
    assert set(window.list_pane.selected_ids()) == ids
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: all(reader.conversation(i).unread_count == 0 for i in ids))
    for conversation in unread:
        index = window.conversations.index(window.conversations.row_of(conversation.id))
        selection.select(index, selection.SelectionFlag.Select)
    press(qtbot, window, "e")
    qtbot.waitUntil(lambda: all(reader.conversation(i).flags.archived for i in ids))
    # The list may briefly re-show a row if the mark-read refresh lands late.
    qtbot.waitUntil(lambda: all(window.conversations.row_of(i) == -1 for i in ids))
    qtbot.waitUntil(lambda: window.toast.label.text() == f"Archived {len(ids)} conversations")


def test_moving_on_never_shows_the_last_persons_notes(qtbot, window, reader) -> None:
    from dmdesk.ui.contact.pane import NoteCard

    window.focus_list()
    for _ in range(12):
        press(qtbot, window, "j")
        # Checked before the event loop runs again, as a context menu would see it.
        shown = [c.note for c in window.contact_pane.findChildren(NoteCard) if c.isVisible()]
        contact = window.contact_pane.contact
        assert all(contact and note.contact_id == contact.id for note in shown)


def test_results_arriving_after_the_window_closed_are_dropped(qtbot, window) -> None:
    import threading

    release = threading.Event()
    landed: list[object] = []

    def job(_services):
        release.wait(5)
        return "written"

    from PySide6.QtCore import QObject, Slot

    class Relayed(QObject):
        """The results relayed to the GUI thread. A QObject's slot is queued
        there, after the runner's own; qtbot.waitSignal would instead run its
        handler on the worker thread that emits (pytest-qt#594), touching Qt from
        the wrong thread."""

        def __init__(self) -> None:
            super().__init__()
            self.results: list[object] = []

        @Slot(object, object, object, object)
        def seen(self, _done: object, result: object, _failed: object, _error: object) -> None:
            self.results.append(result)

    relayed = Relayed()
    window.tasks._finished.connect(relayed.seen)
    window.tasks.write(job, landed.append)
    window.close()  # while the write is still running
    release.set()
    qtbot.waitUntil(lambda: "written" in relayed.results, timeout=5000)
    assert landed == []  # the write ran; its result had no window left to show it


def test_the_palette_wears_the_platform_s_own_sign() -> None:
    """⌘ is the Mac's word; on Linux and Windows it read as a stray glyph."""
    import sys

    from dmdesk.ui.kit.icons import icon_path
    from dmdesk.ui.shell.actions import ACTIONS

    (palette,) = [spec for spec in ACTIONS if spec.name == "palette"]
    assert palette.icon == ("command" if sys.platform == "darwin" else "palette")
    assert icon_path(palette.icon).is_file()
