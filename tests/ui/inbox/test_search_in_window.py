"""Search from the keyboard in the real window over the demo workspace: `/`,
type, results replace the list, Enter opens the message in context, Esc goes
back to where you were."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import View
from dmdesk.ui.inbox.search_model import SearchResultModel
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.shell.main_window import MainWindow


def search(qtbot, window: MainWindow, text: str) -> None:
    window.focus_list()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Slash)
    with qtbot.waitSignal(window.search_shown, timeout=5000):
        QTest.keyClicks(window.list_pane.search, text)


def test_type_find_open_in_context_and_go_back(qtbot, window: MainWindow) -> None:
    listed = window.list_pane.current()
    search(qtbot, window, "royal mail")
    pane = window.list_pane
    assert pane.searching and pane.results.isVisible() and not pane.list.isVisible()
    model = pane.results_model
    hits = [model.hit_at(row) for row in range(model.rowCount())]
    # The note about Royal Mail finds its person; the messages follow, each highlighted.
    assert hits[0].message_id is None
    assert hits[0].snippet == "…office. Chase Royal Mail again if no movement."
    message_hits = [h for h in hits if h.message_id is not None]
    assert message_hits
    first = message_hits[0]
    assert [first.snippet[a:b].casefold() for a, b in first.highlights] == ["royal", "mail"]

    # Down from the box moves through the results; Enter opens the one at hand.
    while pane.current_hit() is not first:
        QTest.keyClick(pane.search, Qt.Key.Key_Down)
    QTest.keyClick(pane.search, Qt.Key.Key_Return)
    assert window.thread_pane.conversation.id == first.conversation.id
    row = window.messages.row_of(first.message_id)
    assert row >= 0 and window.messages.index(row).data(Roles.HIGHLIGHTED)
    qtbot.waitUntil(lambda: not window.messages.index(row).data(Roles.HIGHLIGHTED), timeout=4000)

    # Esc in the box: the list is back, and the conversation that was open there.
    pane.search.setFocus()
    QTest.keyClick(pane.search, Qt.Key.Key_Escape)
    assert not pane.searching and pane.list.isVisible() and pane.search.text() == ""
    assert window.thread_pane.conversation.id == listed.id


def test_the_newest_query_wins_and_nothing_found_says_so(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "sc")
    with qtbot.waitSignal(window.search_shown, timeout=5000):
        QTest.keyClicks(window.list_pane.search, "zzqq")
    assert window.list_pane.results_model.text == "sczzqq"
    assert window.list_pane.results_model.rowCount() == 0
    assert window.list_pane.no_results.isVisibleTo(window.list_pane.results)
    assert window.list_pane.no_results.text() == "Nothing found for “sczzqq”."


def test_actions_apply_to_the_result_at_hand(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "birthday")
    hit = window.list_pane.current_hit()
    assert hit is not None
    window.list_pane.results.setFocus()
    with qtbot.waitSignal(window.changes_applied, timeout=5000):
        QTest.keyClick(window.list_pane.results, Qt.Key.Key_E)  # archive
    assert window.reader.conversation(hit.conversation.id).flags.archived


def test_filters_are_offered_as_you_type(qtbot, window: MainWindow) -> None:
    box = window.list_pane.search
    box.setFocus()
    QTest.keyClicks(box, "tracking is:un")
    completer = box.completer()
    offered = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert offered == ["is:unread", "is:unanswered"]
    completer.setCurrentRow(0)
    completer.activated.emit(completer.currentCompletion())
    assert box.text() == "tracking is:unread"


def test_a_filter_only_search_lists_conversations(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "platform:whatsapp ")
    model = window.list_pane.results_model
    hits = [model.hit_at(row) for row in range(model.rowCount())]
    assert hits and all(h.message_id is None for h in hits)
    assert {h.conversation.platform.value for h in hits} == {"whatsapp"}
    window.go(View.ARCHIVED)  # choosing a folder leaves the search
    assert not window.list_pane.searching


def test_search_results_paint_and_pass_the_model_tester(qtbot, qtmodeltester, window) -> None:
    search(qtbot, window, "order")
    view = window.list_pane.results
    assert not view.grab().isNull()  # every row painted, highlights and all
    qtmodeltester.check(window.list_pane.results_model)
    qtmodeltester.check(SearchResultModel())


def test_saved_searches_keep_count_reorder_rename_and_go(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    pane = window.list_pane
    assert not pane.saved.isVisibleTo(pane)  # nothing saved yet: no section
    search(qtbot, window, "platform:instagram is:unanswered ")
    assert pane.save_action.isVisible()
    answers = iter([("Unanswered Instagram", True), ("Tracking", True)])
    offered: list[str] = []

    def answer(*_args: object, text: str = "", **_kwargs: object) -> tuple[str, bool]:
        offered.append(text)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", answer)
    with qtbot.waitSignal(window.saved_views_counted, timeout=5000):
        pane.save_action.trigger()
    unanswered = window.list_pane.results_model.rowCount()
    assert pane.saved.count() == 1 and pane.saved_title.isVisibleTo(pane)
    assert pane.saved.item(0).text() == f"Unanswered Instagram    {unanswered}"
    assert offered == ["Unanswered on Instagram"]  # words, not the search's syntax

    pane.search.clear()
    search(qtbot, window, "tracking ")
    with qtbot.waitSignal(window.saved_views_counted, timeout=5000):
        pane.save_action.trigger()
    assert [pane.saved.item(r).text().split("    ")[0] for r in range(2)] == [
        "Unanswered Instagram",
        "Tracking",
    ]

    # Alt+Up moves the second one first; a click runs it again.
    pane.saved.setCurrentRow(1)
    pane.saved.setFocus()
    with qtbot.waitSignal(window.saved_views_counted, timeout=5000):
        QTest.keyClick(pane.saved, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert pane.saved.item(0).text().startswith("Tracking")
    pane.search.clear()
    with qtbot.waitSignal(window.search_shown, timeout=5000):
        pane._on_saved_clicked(pane.saved.item(1))
    assert pane.search.text() == "platform:instagram is:unanswered "
    assert pane.results_model.rowCount() == unanswered

    view = pane.saved.item(0).data(Roles.SAVED_VIEW)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Where is my parcel", True))
    with qtbot.waitSignal(window.saved_views_counted, timeout=5000):
        window.saved_searches.rename(view)
    assert pane.saved.item(0).text().startswith("Where is my parcel")
    with qtbot.waitSignal(window.saved_views_counted, timeout=5000):
        window.saved_searches.delete(view)
    assert pane.saved.count() == 1
    assert [v.name for v in window.reader.saved_views()] == ["Unanswered Instagram"]


def test_esc_closes_the_filter_suggestions_and_only_them(qtbot, window) -> None:
    """The window's Esc (back to the list) took the key, and the suggestions stayed
    open over the sidebar."""
    window.list_pane.search.setFocus()
    QTest.keyClicks(window.list_pane.search, "is:")
    popup = window.list_pane.search.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert window.list_pane.search.text() == "is:"  # the search itself stays
