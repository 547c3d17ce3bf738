"""Quick replies in the window: the "/" popup from the keyboard, Alt+1..9, the
palette, the library, and the composer's checks before sending."""

from pathlib import Path

import pytest
from modal import in_dialog, when_modal_opens, when_popup_opens
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolButton

from dmdesk.domain import ListQuery, Platform, View
from dmdesk.ui.quick_replies.library import QuickReplyLibraryDialog
from dmdesk.ui.quick_replies.model import QuickReplyListModel
from dmdesk.ui.thread.composer import AttachmentChip


def open_conversation_with(window, reader, title: str):
    conversation = next(
        c
        for c in reader.conversation_page(ListQuery(view=View.INBOX), limit=200)
        if c.title == title
    )
    window.focus_list()
    window.list_pane.select_id(conversation.id)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_R)
    assert window.focusWidget() is window.thread_pane.composer.editor
    return conversation


def test_slash_keyword_enter_inserts_the_filled_reply(qtbot, window, reader) -> None:
    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    editor = composer.editor
    QTest.keyClicks(editor, "Thanks! /ship")
    qtbot.waitUntil(composer.popup.is_open)
    assert composer.popup.completer.completionCount() == 1
    QTest.keyClick(composer.popup.completer.popup(), Qt.Key.Key_Return)
    assert not composer.popup.is_open()
    assert editor.toPlainText() == (
        "Thanks! Hi Aisha! UK orders arrive in 3–5 working days, Europe in 5–10 and "
        "the rest of the world in 7–14, always with tracking."
    )
    assert window.focusWidget() is editor  # nothing was sent, the user reads first
    assert reader.thread_page(window.thread_pane.conversation.id)[-1].text != editor.toPlainText()


def test_tab_inserts_and_esc_closes_for_that_word_only(qtbot, window, reader) -> None:
    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    editor = composer.editor
    QTest.keyClicks(editor, "and/or ")  # a slash inside a word is just a slash
    assert not composer.popup.is_open()
    QTest.keyClicks(editor, "/pri")
    qtbot.waitUntil(composer.popup.is_open)
    QTest.keyClick(composer.popup.completer.popup(), Qt.Key.Key_Escape)
    assert not composer.popup.is_open()
    assert window.focusWidget() is editor  # Esc closed the popup, not the reply box
    QTest.keyClicks(editor, "c")
    assert not composer.popup.is_open()  # stays closed for the word it was closed on
    QTest.keyClicks(editor, " /Collab")  # a new word opens it again; names match too
    qtbot.waitUntil(composer.popup.is_open)
    QTest.keyClick(composer.popup.completer.popup(), Qt.Key.Key_Tab)
    assert editor.toPlainText().startswith("and/or /pric Hi Aisha, thanks for thinking of ")
    assert "Juniper & Thread" in editor.toPlainText()


def test_most_used_replies_come_first_and_uses_are_counted(qtbot, window, reader) -> None:
    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    hours = next(r for r in reader.quick_replies() if r.keyword == "hours")
    composer.insert_quick_reply(hours)
    qtbot.waitUntil(lambda: next(r for r in reader.quick_replies() if r.id == hours.id).use_count)
    qtbot.waitUntil(lambda: composer.popup.model.reply_at(0).id == hours.id)
    composer.editor.clear()
    QTest.keyClicks(composer.editor, "/")
    qtbot.waitUntil(composer.popup.is_open)
    first = composer.popup.completer.popup().currentIndex()
    assert first.data() == composer.popup.model.data(composer.popup.model.index(0))
    assert next(r for r in reader.quick_replies() if r.id == hours.id).last_used_at is not None


def test_alt_digits_insert_the_first_nine_without_sending(qtbot, window, reader) -> None:
    conversation = open_conversation_with(window, reader, "Aisha Khan")
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    editor = window.thread_pane.composer.editor
    assert editor.toPlainText().startswith("Thank you so much, Aisha!")
    assert window.focusWidget() is editor
    assert "Maya" in editor.toPlainText()
    assert "Thank you so much" not in reader.thread_page(conversation.id)[-1].text
    action = window.actions_by_name["quick_reply_2"]
    assert action.text() == "2.  Thanks for supporting us"


def test_the_palette_lists_quick_replies(qtbot, window, reader) -> None:

    open_conversation_with(window, reader, "Aisha Khan")

    def choose(dialog) -> None:
        QTest.keyClicks(dialog.query, "quick reply: prices")
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)

    when_modal_opens(choose)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.thread_pane.composer.editor.toPlainText().startswith("Hi Aisha! Our prices")


def test_unfilled_placeholders_stop_the_send_until_filled(qtbot, window, reader) -> None:
    conversation = open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    before = len(reader.thread_page(conversation.id, limit=500))
    QTest.keyClicks(composer.editor, "Hi {first_name}, see you {day}")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert composer.problem.text() == "Fill in {first_name}, {day} first."
    assert composer.editor.toPlainText() == "Hi {first_name}, see you {day}"
    formats = composer.editor.document().firstBlock().layout().formats()
    assert [(f.start, f.length) for f in formats] == [(3, 12), (25, 5)]  # highlighted
    composer.editor.setPlainText("Hi Aisha, see you Friday")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(reader.thread_page(conversation.id, limit=500)) == before + 1)
    assert reader.thread_page(conversation.id)[-1].text == "Hi Aisha, see you Friday"


@pytest.mark.parametrize(
    ("title", "limit", "unit_text"),
    [
        ("Aisha Khan", 1000, "é"),  # Instagram counts bytes: "é" is two
        ("Ben Carter", 2000, "é"),  # Messenger
        ("Daniel Novak", 10_000, "x"),  # X
        ("Emily Walsh", 4096, "💛"),  # Telegram counts characters
    ],
)
def test_the_length_counter_turns_red_at_each_platforms_limit(
    qtbot, window, reader, title, limit, unit_text
) -> None:
    open_conversation_with(window, reader, title)
    composer = window.thread_pane.composer
    per_unit = 2 if limit == 1000 else 1
    composer.editor.setPlainText(unit_text * (limit // per_unit - 1))
    assert composer.counter.property("over") is False
    assert composer.counter.text() == f"{limit - per_unit:,} / {limit:,}" + (
        " · Instagram counts accents and emoji as more than one" if limit == 1000 else ""
    )  # characters, as the owner counts; how Instagram counts, said when it matters
    composer.editor.setPlainText("Thanks! 😊")  # far from the limit: nothing to explain
    assert composer.counter.text().endswith(f" / {limit:,}")
    composer.editor.setPlainText(unit_text * (limit // per_unit))
    assert composer.counter.property("over") is True
    assert composer.problems() == []  # at the limit it still goes
    composer.editor.setPlainText(unit_text * (limit // per_unit) + "!")
    assert composer.problems()[0].startswith("Too long for ")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert composer.editor.toPlainText()  # refused: the text is still there


def test_an_opted_out_person_needs_an_explicit_override(qtbot, window, reader) -> None:
    conversation = open_conversation_with(window, reader, "Pedro Alves")
    composer = window.thread_pane.composer
    assert composer.opt_out.isVisible() and composer.send_anyway.isVisible()
    QTest.keyClicks(composer.editor, "Hi Pedro, your order shipped.")
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "asked not to be messaged" in composer.problem.text()
    assert composer.editor.toPlainText() == "Hi Pedro, your order shipped."
    composer.editor.setPlainText("{first_name}, {x}, {y}, {z}: " + "long " * 3000)
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    composer.layout().activate()  # as the next event loop pass would
    assert composer.minimumSizeHint().width() < 500  # long reasons wrap; the panes keep size
    composer.editor.setPlainText("Hi Pedro, your order shipped.")
    composer.send_anyway.setChecked(True)
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: reader.thread_page(conversation.id)[-1].text == "Hi Pedro, your order shipped."
    )
    assert not composer.send_anyway.isChecked()  # the override is for one message


def test_attached_files_show_as_chips_and_go_with_the_reply(
    qtbot, window, reader, tmp_path
) -> None:

    conversation = open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    photo = tmp_path / "blue scarf.png"
    photo.write_bytes(b"\x89PNG fake")
    composer.attach([photo, tmp_path / "gone.png", photo])
    assert "gone.png is not there any more." in composer.problem.text()
    chips = [c for c in composer.findChildren(AttachmentChip) if c.isVisibleTo(composer)]
    assert [c.attachment.name for c in chips] == ["blue scarf.png"]
    assert composer.send_button.isEnabled()  # a file alone can be sent
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: reader.thread_page(conversation.id)[-1].attachments != ())
    sent = reader.thread_page(conversation.id)[-1]
    # DMDesk's own copy goes, kept with the workspace: the original may move.
    kept = Path(sent.attachments[0].local_path)
    assert kept.name == photo.name and kept.read_bytes() == photo.read_bytes()
    assert "outgoing" in kept.parts
    assert not [c for c in composer.findChildren(AttachmentChip) if c.isVisibleTo(composer)]


def test_the_emoji_picker_types_at_the_cursor(qtbot, window, reader) -> None:

    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    QTest.keyClicks(composer.editor, "Love it ")

    def pick(menu) -> None:
        heart = next(b for b in menu.findChildren(QToolButton) if b.text() == "💛")
        heart.click()

    when_popup_opens(pick)
    composer.emoji_button.click()
    assert composer.editor.toPlainText() == "Love it 💛"


def test_the_quick_reply_model_passes_the_model_tester(qtmodeltester, reader) -> None:

    model = QuickReplyListModel()
    model.set_replies(reader.quick_replies())
    model.set_values({"first_name": "Aisha"})
    qtmodeltester.check(model)
    assert model.rowCount() == 7


def in_library(qtbot, window, act) -> None:
    """Open the library with its shortcut and run ``act`` on it, then close it."""
    in_dialog(qtbot, window, Qt.Key.Key_Q, QuickReplyLibraryDialog, act)


def test_the_library_creates_edits_orders_and_deletes(qtbot, window, reader) -> None:

    open_conversation_with(window, reader, "Chloé Martin")

    def work(dialog) -> None:
        assert dialog.model.rowCount() == 7
        assert "PREVIEW FOR CHLOÉ MARTIN" in dialog.preview_title.text()
        assert dialog.preview.toPlainText().startswith("Hi Chloé, I'm so sorry")
        QTest.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 8)
        assert dialog.current().name == "New quick reply"
        dialog.name.setText("Sizes")
        dialog.name.textEdited.emit("Sizes")
        QTest.keyClicks(dialog.keyword, "Sizes!")  # lowered; a-z 0-9 - _ only
        dialog.body.setPlainText("Hi {first_name|there}, we knit S to XL. {my_name}")
        dialog.platform_buttons[Platform.INSTAGRAM].setChecked(True)
        assert dialog.preview.toPlainText() == "Hi Chloé, we knit S to XL. Maya"
        assert dialog.variables_hint.isHidden()
        dialog.body.appendPlainText("See you {day}.")
        assert dialog.variables_hint.text() == (
            "DMDesk cannot fill {day}: whoever sends it will have to."
        )
        dialog.body.setPlainText("Hi {first_name|there}, we knit S to XL. {my_name}")
        assert dialog.variables_hint.isHidden()
        qtbot.waitUntil(lambda: reader.quick_replies()[-1].body.endswith("{my_name}"))
        saved = reader.quick_replies()[-1]
        assert (saved.name, saved.keyword, saved.platforms) == (
            "Sizes",
            "sizes",
            (Platform.INSTAGRAM,),
        )
        QTest.keyClick(dialog, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: reader.quick_replies()[-2].name == "Sizes")
        when_modal_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
        dialog.delete_button.click()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 7)
        assert all(r.name != "Sizes" for r in reader.quick_replies())

    in_library(qtbot, window, work)


def test_the_library_refuses_a_broken_file_and_exports_a_good_one(
    qtbot, window, reader, tmp_path
) -> None:

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "dmdesk-quick-replies", "version": 1, "replies": [{}]}')
    exported = tmp_path / "mine.json"
    before = reader.quick_replies()
    seen: list[str] = []

    def work(dialog) -> None:
        def read_and_close(box) -> None:
            assert isinstance(box, QMessageBox)
            seen.append(box.text())
            box.accept()

        when_modal_opens(read_and_close)
        dialog.import_file(broken)
        qtbot.waitUntil(lambda: bool(seen))
        dialog.export_file(exported)
        qtbot.waitUntil(exported.exists)
        qtbot.waitUntil(lambda: "Exported 7 quick replies" in dialog.status.text())

    in_library(qtbot, window, work)
    assert seen[0].startswith("Nothing was imported.")
    assert 'Reply 1: "name" is missing or empty.' in seen[0]
    assert reader.quick_replies() == before
    assert '"format": "dmdesk-quick-replies"' in exported.read_text(encoding="utf-8")


def test_the_profile_fills_my_name_and_business(qtbot, window, reader) -> None:
    open_conversation_with(window, reader, "Aisha Khan")

    def work(dialog) -> None:
        dialog.my_name.setText("Sam")
        dialog.business.setText("Sam's Socks")
        dialog.business.editingFinished.emit()
        qtbot.waitUntil(lambda: reader.profile().business == "Sam's Socks")

    in_library(qtbot, window, work)
    window.quick_replies.insert(1)
    assert window.thread_pane.composer.editor.toPlainText().endswith("Sam, Sam's Socks")


def test_a_personal_faq_answer_takes_three_keystrokes_from_the_thread(
    qtbot, window, reader
) -> None:
    conversation = open_conversation_with(window, reader, "Chloé Martin")
    window.focus_list()
    before = len(reader.thread_page(conversation.id, limit=500))
    keys = [
        (Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier),  # into the reply box
        (Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier),  # the fourth reply: prices
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),  # read, then send
    ]
    for key, modifier in keys:
        QTest.keyClick(window.focusWidget(), key, modifier)
    qtbot.waitUntil(lambda: len(reader.thread_page(conversation.id, limit=500)) == before + 1)
    sent = reader.thread_page(conversation.id)[-1].text
    assert sent.startswith("Hi Chloé! Our prices")
    assert "{" not in sent
    assert window.thread_pane.composer.editor.toPlainText() == ""


def test_files_on_x_are_refused_before_sending(qtbot, window, reader, tmp_path) -> None:
    open_conversation_with(window, reader, "Daniel Novak")  # an X conversation
    composer = window.thread_pane.composer
    photo = tmp_path / "scarf.png"
    photo.write_bytes(b"\x89PNG")
    composer.attach([photo])
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "DMDesk sends text only on X" in composer.problem.text()
    assert composer.attachments()  # nothing was sent, nothing lost


def test_a_name_with_braces_is_filled_in_and_sent_as_it_is(qtbot, window, reader, database):
    """A customer named "Ana {x}" stopped quick replies from sending: her filled-in
    name was read as a placeholder again."""
    from datetime import UTC, datetime, timedelta

    from factories import fetched, ingest

    from dmdesk.domain import Participant, QuickReply
    from dmdesk.store import accounts as account_store

    with database.transaction() as session:
        account = next(
            a for a in account_store.list_accounts(session) if a.platform.value == "telegram"
        )
    ana = Participant("u-ana-x", "Ana {x}", "")
    now = datetime.now(UTC) - timedelta(hours=1)
    ingest(database, account, [fetched(1, now, "ana-x", text="Hi!", person=ana)], now)
    window.conversations.reload()
    conversation = open_conversation_with(window, reader, "Ana {x}")
    composer = window.thread_pane.composer
    composer.insert_quick_reply(QuickReply("Greeting", "Hi {first_name|there}, {name}! {day}"))
    assert composer.editor.toPlainText() == "Hi Ana, Ana {x}! {day}"
    assert composer.problems() == ["Fill in {day} first."]  # the template's own, only
    cursor = composer.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.movePosition(cursor.MoveOperation.Left, cursor.MoveMode.KeepAnchor, 5)
    composer.editor.setTextCursor(cursor)
    QTest.keyClicks(composer.editor, "see you soon")
    assert composer.problems() == []
    before = len(reader.thread_page(conversation.id, limit=500))
    QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(reader.thread_page(conversation.id, limit=500)) == before + 1)
    assert reader.thread_page(conversation.id)[-1].text == "Hi Ana, Ana {x}! see you soon"


def test_tab_walks_the_placeholders_then_reaches_send_never_an_unseen_field(
    qtbot, window, reader
) -> None:
    """Tab in the reply box went on to the contact's name field: "Friday" typed
    after it renamed the customer, or its letters fired shortcuts."""
    from dmdesk.domain import QuickReply

    open_conversation_with(window, reader, "Aisha Khan")
    composer = window.thread_pane.composer
    composer.insert_quick_reply(QuickReply("Pick-up", "See you {day} at {time}, {name}!"))
    editor = composer.editor
    QTest.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.textCursor().selectedText() == "{day}"
    QTest.keyClicks(editor, "Friday")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.textCursor().selectedText() == "{time}"
    QTest.keyClick(editor, Qt.Key.Key_Backtab)  # and back, to the one before it
    assert editor.textCursor().selectedText() == "{time}"  # "{day}" is filled now
    assert window.focusWidget() is not editor  # nothing before: Shift+Tab leaves
    editor.setFocus()
    QTest.keyClicks(editor, "ten")
    assert editor.toPlainText() == "See you Friday at ten, Aisha Khan!"
    QTest.keyClick(editor, Qt.Key.Key_Tab)  # nothing left to fill: on to Send
    assert window.focusWidget() is composer.send_button
    assert window.contact_pane.name.text() == "Aisha Khan"


def test_a_quick_reply_carries_files_kept_in_the_workspace(
    qtbot, window, reader, data_dir, tmp_path
) -> None:
    """A price list with the shipping answer: attached in the library (copied into the
    workspace, so the original can go), shown in the popup, and inserted as
    attachments with the words; taken off again with its x."""
    price_list = tmp_path / "price list.pdf"
    price_list.write_bytes(b"%PDF-1.4 prices")
    open_conversation_with(window, reader, "Aisha Khan")
    shipping = next(r for r in reader.quick_replies() if r.keyword == "shipping")

    def work(dialog) -> None:
        dialog.list.setCurrentIndex(dialog.model.index(dialog.model.row_of(shipping.id)))
        dialog.files.attach_requested.emit([price_list])
        qtbot.waitUntil(lambda: len(dialog.files.chips) == 1)

    in_library(qtbot, window, work)
    (kept,) = next(r for r in reader.quick_replies() if r.id == shipping.id).files
    assert Path(kept.local_path).is_relative_to(data_dir / "quick-replies")
    assert Path(kept.local_path).read_bytes() == b"%PDF-1.4 prices"
    price_list.unlink()  # the original may go: the reply has its own copy

    composer = window.thread_pane.composer
    window.quick_replies.load()
    assert "📎 1" in _popup_row_text(composer, shipping.id)
    QTest.keyClicks(composer.editor, "/ship")
    qtbot.waitUntil(composer.popup.is_open)
    QTest.keyClick(composer.popup.completer.popup(), Qt.Key.Key_Return)
    assert [a.name for a in composer.attachments()] == ["price list.pdf"]
    assert composer.editor.toPlainText().startswith("Hi Aisha! UK orders")

    def take_off(dialog) -> None:
        dialog.list.setCurrentIndex(dialog.model.index(dialog.model.row_of(shipping.id)))
        dialog.files.detach_requested.emit(kept.local_path)
        qtbot.waitUntil(lambda: not dialog.files.chips)

    in_library(qtbot, window, take_off)
    assert next(r for r in reader.quick_replies() if r.id == shipping.id).files == ()
    assert not Path(kept.local_path).exists()


def _popup_row_text(composer, reply_id: int) -> str:
    """What the popup's delegate draws beside a reply's name (its paperclip)."""
    from dmdesk.ui.kit.roles import Roles

    model = composer.popup.model
    for row in range(model.rowCount()):
        reply = model.index(row).data(Roles.QUICK_REPLY)
        if reply.id == reply_id:
            return f"📎 {len(reply.files)}" if reply.files else ""
    return ""


def test_more_than_ten_files_or_a_missing_one_is_refused_whole(
    database, data_dir, tmp_path
) -> None:
    from dmdesk.services.outgoing_files import AttachmentError
    from dmdesk.services.quick_replies import QuickReplyService

    service = QuickReplyService(database)
    reply = service.replies()[0]
    assert reply.id is not None
    files = []
    for number in range(11):
        path = tmp_path / f"chart-{number}.png"
        path.write_bytes(b"\x89PNG")
        files.append(path)
    with pytest.raises(AttachmentError, match="at most 10 files"):
        service.attach(reply.id, files)
    with pytest.raises(AttachmentError, match="not there any more"):
        service.attach(reply.id, [files[0], tmp_path / "gone.pdf"])
    assert service.replies()[0].files == ()
    assert not (data_dir / "quick-replies").exists()  # nothing copied
