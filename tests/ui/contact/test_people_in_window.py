"""One person across channels in the real window: the contact pane's ⋯ menu
merges the person shown with another (found by name), lists both their
conversations (a click opens one), separates an identity again, and z undoes."""

from __future__ import annotations

from modal import when_modal_opens
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import Platform
from dmdesk.ui.contact.merge_picker import MergePicker
from dmdesk.ui.kit.roles import Roles


def open_row(qtbot, window, title: str):
    rows = [
        window.conversations.index(r).data(Roles.CONVERSATION)
        for r in range(window.conversations.rowCount())
    ]
    row = next(i for i, c in enumerate(rows) if c.title == title)
    window.list_pane.select_row(row)
    qtbot.waitUntil(lambda: window.contact_pane.name.text() == title)
    return rows[row]


def menu_action(pane, starts: str):
    return next(a for a in pane.person_menu.actions() if a.text().startswith(starts))


def merge_with(qtbot, window, name: str) -> None:
    def pick(picker: MergePicker) -> None:
        picker.search.clear()
        qtbot.keyClicks(picker.search, name)
        qtbot.waitUntil(lambda: picker.results.count() >= 1 and picker.chosen is not None)
        assert picker.chosen.display_name == name
        QTest.keyClick(picker.search, Qt.Key.Key_Return)

    when_modal_opens(pick)
    menu_action(window.contact_pane, "Merge with another person").trigger()
    window.activateWindow()  # back from the dialog, as a window manager would
    qtbot.waitUntil(lambda: window.isActiveWindow())


def test_a_person_merged_shows_both_conversations_separates_and_undoes(
    qtbot, window, reader
) -> None:
    pane = window.contact_pane
    chloe = open_row(qtbot, window, "Chloé Martin")
    farah = next(
        c
        for c in (
            window.conversations.index(r).data(Roles.CONVERSATION)
            for r in range(window.conversations.rowCount())
        )
        if c.title == "Farah Aziz"
    )
    merge_with(qtbot, window, "Farah Aziz")
    qtbot.waitUntil(lambda: len(pane._conversation_buttons) == 2)
    assert pane.conversations_title.isVisible()
    person = reader.contact(chloe.contact_id)
    assert [i.platform for i in person.identities] == [Platform.INSTAGRAM, Platform.WHATSAPP]
    assert reader.contact(farah.contact_id) is None
    texts = [b.text() for b in pane._conversation_buttons]
    assert {t.split(" · ")[0] for t in texts} == {"Instagram", "WhatsApp"}
    assert [b.isChecked() for b in pane._conversation_buttons].count(True) == 1
    qtbot.waitUntil(lambda: "Merged Farah Aziz into Chloé Martin" in window.toast.label.text())

    # A click on the WhatsApp one opens it; the pane is still the same person.
    whatsapp = next(b for b in pane._conversation_buttons if b.text().startswith("WhatsApp"))
    qtbot.mouseClick(whatsapp, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.thread_pane.conversation.id == farah.id)
    assert pane.contact.id == chloe.contact_id and pane.name.text() == "Chloé Martin"

    # z parts them again.
    window.focus_list()
    QTest.keyClick(window.focusWidget() or window, "z")
    qtbot.waitUntil(lambda: reader.contact(farah.contact_id) is not None)
    qtbot.waitUntil(lambda: not pane.conversations_title.isVisible())
    assert pane.contact.id == farah.contact_id  # Farah's conversation is open: hers

    # Merged again, then her WhatsApp separated from the ⋯ menu, and undone.
    open_row(qtbot, window, "Chloé Martin")
    merge_with(qtbot, window, "Farah Aziz")
    qtbot.waitUntil(lambda: len(pane._conversation_buttons) == 2)
    menu_action(pane, "Separate WhatsApp").trigger()
    qtbot.waitUntil(lambda: len(reader.person_conversations(chloe.contact_id)) == 1)
    qtbot.waitUntil(lambda: not pane.conversations_title.isVisible())
    qtbot.waitUntil(lambda: "Separated Farah Aziz" in window.toast.label.text())
    window.focus_list()
    QTest.keyClick(window.focusWidget() or window, "z")
    qtbot.waitUntil(lambda: len(reader.person_conversations(chloe.contact_id)) == 2)
    qtbot.waitUntil(lambda: len(pane._conversation_buttons) == 2)


def test_a_suggested_twin_is_merged_from_the_pane_or_said_not_the_same(
    qtbot, window, reader, database
) -> None:
    """Farah writes on Telegram from the number she uses on WhatsApp: her WhatsApp
    conversation's pane says so, and Merge or Not the same answers it."""
    from factories import NOW, add_account, fetched, ingest

    from dmdesk.domain import Participant

    telegram = add_account(database, Platform.TELEGRAM)
    twin = Participant("tg-5150", "Farah A.", "+44 7700 900456")
    ingest(
        database, telegram, [fetched(1, NOW, "tg-farah", text="Same Farah here", person=twin)], NOW
    )
    pane = window.contact_pane
    farah = open_row(qtbot, window, "Farah Aziz")
    qtbot.waitUntil(lambda: pane.suggestion.isVisible())
    assert pane.suggestion_text.text() == "Maybe the same person: Farah A. on Telegram"
    assert pane.suggestion_reason.text() == "Because of the same phone number."

    qtbot.mouseClick(pane.suggestion_merge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(pane._conversation_buttons) == 2)
    assert not pane.suggestion.isVisible()
    assert len(reader.contact(farah.contact_id).identities) == 2
    window.focus_list()
    QTest.keyClick(window.focusWidget() or window, "z")
    qtbot.waitUntil(lambda: len(reader.contact(farah.contact_id).identities) == 1)
    qtbot.waitUntil(lambda: pane.suggestion.isVisible())  # offered again

    qtbot.mouseClick(pane.suggestion_not_same, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.merge_suggestions(farah.contact_id) == [])
    open_row(qtbot, window, "Chloé Martin")
    open_row(qtbot, window, "Farah Aziz")
    assert not pane.suggestion.isVisible()  # remembered


def test_everything_about_a_person_exports_as_a_zip_from_the_menu(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    import json
    import zipfile

    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "chloe.zip"
    asked: list[str] = []

    def save_as(parent, title, suggested, filter_):
        asked.append(suggested)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    open_row(qtbot, window, "Chloé Martin")
    menu_action(window.contact_pane, "Export everything about Chloé Martin").trigger()
    qtbot.waitUntil(lambda: "to chloe.zip" in window.toast.label.text(), timeout=10000)
    assert asked[0].endswith("Chloé Martin (DMDesk).zip")
    with zipfile.ZipFile(target) as archive:
        person = json.loads(archive.read("person.json"))
        conversations = json.loads(archive.read("conversations.json"))["conversations"]
    assert person["name"] == "Chloé Martin" and person["notes"]
    assert [c["title"] for c in conversations] == ["Chloé Martin"]


def test_a_hostile_name_shows_as_written_on_one_line_in_the_person_menu(qtbot) -> None:
    from dmdesk.domain import Contact, Identity
    from dmdesk.ui.contact.pane import ContactPane

    pane = ContactPane()
    qtbot.addWidget(pane)
    name = "Tom & <b>Jerry</b>\nSecond line"
    person = Contact(
        1,
        name,
        identities=(
            Identity(Platform.INSTAGRAM, "ig-1", "@tom&jerry", name, 1),
            Identity(Platform.X, "x-1", "tomjerry", name, 2),
        ),
    )
    pane.show_contact(person, [], None)
    texts = [a.text() for a in pane.person_menu.actions() if a.text()]
    assert "Export everything about Tom && <b>Jerry</b> Second line…" in texts
    assert "Separate Instagram @tom&&jerry" in texts


def test_forgetting_a_person_asks_first_then_nothing_of_them_stays_on_screen(
    qtbot, window, reader
) -> None:
    """⋯ → Forget…: the question says what goes and defaults to Cancel; said
    yes, the person, their row and their thread are gone, and z undoes nothing."""
    from dmdesk.ui.contact.forget import ForgetDialog

    pane = window.contact_pane
    chloe = open_row(qtbot, window, "Chloé Martin")
    asked: list[str] = []

    def cancel(dialog: ForgetDialog) -> None:
        asked.append(dialog.body.text())
        asked.append(dialog.forget_button.text())
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # Enter is Cancel
        if dialog.isVisible():
            asked.append("Enter did not cancel")
            dialog.reject()

    when_modal_opens(cancel)
    menu_action(pane, "Forget Chloé Martin").trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert "1 conversation on Instagram with" in asked[0] and "cannot be undone" in asked[0]
    assert asked[1:] == ["Forget for good"]
    assert reader.contact(chloe.contact_id) is not None

    when_modal_opens(lambda dialog: dialog.forget_button.click())
    window.activateWindow()
    menu_action(pane, "Forget Chloé Martin").trigger()
    qtbot.waitUntil(lambda: "Forgot Chloé Martin" in window.toast.label.text(), timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert reader.contact(chloe.contact_id) is None
    titles = {
        window.conversations.index(r).data(Roles.CONVERSATION).title
        for r in range(window.conversations.rowCount())
    }
    assert "Chloé Martin" not in titles
    assert window.thread_pane.conversation.id != chloe.id
    assert pane.name.text() != "Chloé Martin"
    window.focus_list()
    QTest.keyClick(window.focusWidget() or window, "z")
    qtbot.waitUntil(lambda: window.toast.label.text() == "Nothing to undo")


def test_s_then_a_number_sets_the_stage_shown_on_the_row_counted_and_undone(
    qtbot, window, reader
) -> None:
    pane = window.contact_pane
    chloe = open_row(qtbot, window, "Chloé Martin")
    assert pane.stage.currentText() == "No stage"
    assert window.actions_by_name["stage_3"].text() == "Move to Ordered"
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "s3")
    qtbot.waitUntil(lambda: reader.contact(chloe.contact_id).stage == "Ordered")
    qtbot.waitUntil(lambda: pane.stage.currentData() == "Ordered")
    row = window.conversations.row_of(chloe.id)
    qtbot.waitUntil(
        lambda: window.conversations.index(row).data(Roles.CONVERSATION).stage == "Ordered"
    )
    pane_stages = window.list_pane
    qtbot.waitUntil(lambda: [b.text() for b in pane_stages.stage_buttons] == ["Ordered  1"])
    assert "Moved 1 person to Ordered" in window.toast.label.text()

    # A click on the stage in the left pane lists whoever is at it.
    qtbot.mouseClick(pane_stages.stage_buttons[0], Qt.MouseButton.LeftButton)
    assert window.list_pane.search.text() == "stage:ordered "
    qtbot.waitUntil(lambda: window.list_pane.results.model().rowCount() == 1)
    window.list_pane.clear_search()

    window.focus_list()
    QTest.keyClick(window.focusWidget() or window, "z")
    qtbot.waitUntil(lambda: reader.contact(chloe.contact_id).stage == "")
    qtbot.waitUntil(lambda: not pane_stages.stage_list.isVisible())

    # From the pane's list as well.
    pane.stage.setCurrentIndex(pane.stage.findData("Pitched"))
    pane.stage.activated.emit(pane.stage.currentIndex())
    qtbot.waitUntil(lambda: reader.contact(chloe.contact_id).stage == "Pitched")


def test_stages_are_the_owners_own_renamed_with_their_people(qtbot, window, reader) -> None:
    from dmdesk.ui.contact.stages_dialog import StagesDialog

    chloe = open_row(qtbot, window, "Chloé Martin")
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "s2")
    qtbot.waitUntil(lambda: reader.contact(chloe.contact_id).stage == "Asked")

    def edit(dialog: StagesDialog) -> None:
        dialog.list.item(1).setText("Quoted")
        dialog.list.setCurrentRow(4)
        dialog.remove_button.click()
        dialog.accept()

    when_modal_opens(edit)
    window.actions_by_name["edit_stages"].trigger()
    qtbot.waitUntil(lambda: reader.stages()[:4] == ("New", "Quoted", "Ordered", "Delivered"))
    assert "Repeat" not in reader.stages()
    assert reader.contact(chloe.contact_id).stage == "Quoted"
    qtbot.waitUntil(lambda: window.actions_by_name["stage_2"].text() == "Move to Quoted")
    qtbot.waitUntil(lambda: window.contact_pane.stage.currentData() == "Quoted")


def test_an_ampersand_in_a_stage_is_shown_not_taken_as_a_shortcut_letter(window) -> None:
    window.list_pane.set_stage_counts(("R&D",), {"R&D": 2})
    (chip,) = window.list_pane.stage_buttons
    assert chip.text() == "R&&D  2"  # Qt shows "&&" as one "&"
