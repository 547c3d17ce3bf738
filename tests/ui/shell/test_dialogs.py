"""The modal parts of the window: command palette, cheat sheet, delete-forever."""

from modal import when_modal_opens, when_popup_opens
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolButton

from dmdesk.domain import View
from dmdesk.ui.shell.actions import ACTIONS
from dmdesk.ui.shell.cheat_sheet import STAGE_ROW, CheatSheetDialog
from dmdesk.ui.shell.command_palette import NAME_ROLE, CommandPaletteDialog
from dmdesk.ui.shell.key_caps import KEYS_ROLE, caps_of


def test_ctrl_k_lists_every_action_and_runs_the_one_typed(qtbot, window, reader) -> None:
    window.focus_list()
    target = window.list_pane.current().id
    seen: dict[str, object] = {}

    def use_palette(dialog) -> None:
        assert isinstance(dialog, CommandPaletteDialog)
        seen["names"] = {
            dialog.proxy.index(row, 0).data(NAME_ROLE) for row in range(dialog.proxy.rowCount())
        }
        QTest.keyClicks(dialog.query, "archive")
        seen["shown"] = dialog.proxy.index(0, 0).data()
        seen["keys"] = dialog.proxy.index(0, 0).data(KEYS_ROLE)
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)

    when_modal_opens(use_palette)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: reader.conversation(target).flags.archived)
    texts = {spec.text for spec in ACTIONS if spec.name != "palette"}
    names = {spec.name for spec in ACTIONS if spec.text in texts}
    assert names - seen["names"] <= {"trash_key"}  # the same text as "trash", listed once
    assert seen["shown"].startswith("Archive") and seen["keys"] == "E"  # keys drawn as caps


def test_question_mark_shows_every_shortcut(qtbot, window) -> None:
    window.focus_list()
    seen: list[str] = []

    def read_and_close(dialog) -> None:
        assert isinstance(dialog, CheatSheetDialog)
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal_opens(read_and_close)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert not QApplication.activeModalWidget()
    for spec in ACTIONS:
        if spec.shortcuts and not spec.name.startswith("stage_"):
            assert spec.text in seen
    assert "Ctrl+K" in seen
    # The ten stage keys are one row.
    assert STAGE_ROW in seen and "S then 1–9  (S then 0: none)" in seen


def test_restore_and_delete_forever_in_trash(qtbot, window, reader) -> None:
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gt")
    assert window.list_pane.query().view is View.TRASH
    qtbot.waitUntil(lambda: window.conversations.rowCount() >= 2)
    restored = window.list_pane.current().id
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not reader.conversation(restored).flags.trashed)
    assert window.conversations.row_of(restored) == -1

    doomed = window.list_pane.current().id
    window.list_pane.list.setFocus()

    def cancel(dialog) -> None:
        assert isinstance(dialog, QMessageBox)
        assert "cannot be undone" in dialog.text()
        dialog.button(QMessageBox.StandardButton.Cancel).click()

    when_modal_opens(cancel)
    QTest.keyClick(window.list_pane.list, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert reader.conversation(doomed) is not None
    assert window.conversations.row_of(doomed) >= 0

    when_modal_opens(lambda dialog: dialog.button(QMessageBox.StandardButton.Yes).click())
    # A window manager gives the focus back after a dialog; offscreen, the test does.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.list_pane.list, Qt.Key.Key_Delete)  # Delete in Trash also asks
    qtbot.waitUntil(lambda: reader.conversation(doomed) is None)
    assert window.conversations.row_of(doomed) == -1
    qtbot.waitUntil(lambda: "Deleted 1 conversation" in window.toast.label.text())


def header_buttons(window) -> list[str]:
    return [
        button.defaultAction().text()
        for button in window.thread_pane.findChildren(QToolButton)
        if button.defaultAction() is not None and button.isVisible()
    ]


def test_header_buttons_and_context_menu_fit_the_view(qtbot, window, reader) -> None:
    assert header_buttons(window) == [
        "Archive",
        "Snooze",
        "Move to Trash",
        "Mark as unread",
        "Pin or unpin",
        "Mute or unmute",
        "No reply needed",
    ]
    assert not window.actions_by_name["restore"].isEnabled()
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "ga")
    assert header_buttons(window)[0] == "Move to Inbox"
    QTest.keyClicks(window.focusWidget(), "gt")
    assert header_buttons(window) == ["Restore from Trash", "Delete forever…"]
    assert not window.actions_by_name["archive"].isEnabled()

    list_view = window.list_pane.list
    second = window.conversations.conversation_at(1).id
    seen: list[str] = []

    def read_menu(menu) -> None:
        seen.extend(action.text() for action in menu.actions())
        menu.close()

    when_popup_opens(read_menu)
    list_view.customContextMenuRequested.emit(
        list_view.visualRect(window.conversations.index(1)).center()
    )
    assert seen == ["Restore from Trash", "Delete forever…"]
    assert window.list_pane.selected_ids() == [second]  # right-click selects the row

    window.thread_pane.findChildren(QToolButton)[0].click()  # Restore, by mouse
    qtbot.waitUntil(lambda: not reader.conversation(second).flags.trashed)


def test_quiet_hours_take_typed_times_and_plain_buttons(qtbot, tmp_path) -> None:
    """With no quiet hours set, the time fields were disabled, so typing digits into
    them did nothing; Save and Cancel wore the style's floppy and red X."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    from dmdesk.ui.notifications.quiet_hours_dialog import QuietHoursDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = QuietHoursDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.daily.isChecked() and dialog.start.isEnabled()
    dialog.start.setFocus()
    dialog.start.setSelectedSection(dialog.start.Section.HourSection)
    QTest.keyClicks(dialog.start, "21")
    assert dialog.start.time().hour() == 21 and dialog.daily.isChecked()
    box = dialog.findChild(QDialogButtonBox)
    assert all(button.icon().isNull() for button in box.findChildren(QPushButton))
    dialog.accept()
    assert settings.value("notifications/quiet_start") == "21:00"


def test_keys_are_split_into_caps() -> None:
    assert caps_of("Ctrl+Shift+A  or  X") == ["Ctrl", "Shift", "A"]
    assert caps_of("Ctrl++") == ["Ctrl", "+"]
    assert caps_of("#") == ["#"]
    assert caps_of("G, A") == ["G", "A"]


def test_the_palette_says_when_nothing_matches(qtbot) -> None:
    dialog = CommandPaletteDialog({}, {"conversation_1": "Go to Ben Carter · Messenger"})
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.query, "zzq")
    assert dialog.results.isHidden() and not dialog.nothing.isHidden()
    assert dialog.nothing.text().startswith("Nothing matches “zzq”.")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)  # nothing to run: the palette stays
    assert dialog.chosen is None and dialog.isVisible()
    dialog.query.setText("ben")
    assert not dialog.results.isHidden() and dialog.nothing.isHidden()
