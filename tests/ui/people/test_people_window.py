"""The People table in the real window: g c opens it, the header sorts, the
filters narrow it, the selected people move to a stage together (and Undo puts
them back), and Enter opens the person's latest conversation. Its model passes
Qt's model tester, at 20,000 people too."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dmdesk.domain import PeopleQuery, PeopleSort
from dmdesk.store.reads import InboxReader
from dmdesk.ui.people.model import PeopleTableModel
from dmdesk.ui.people.window import PeopleWindow


def open_people(qtbot, window) -> PeopleWindow:
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gc")
    qtbot.waitUntil(lambda: window._people is not None and window._people.isVisible())
    people = window._people
    qtbot.waitUntil(lambda: people.model.rowCount() > 0)
    return people


def test_g_c_lists_everyone_sorts_filters_and_enter_opens_them(qtbot, window, reader) -> None:
    people = open_people(qtbot, window)
    total = reader.people_count(PeopleQuery())
    assert people.model.total == total and people.count.text() == f"{total} people"
    assert people.model.rowCount() == min(total, 200)  # a page; more as the table scrolls
    people.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [people.model.person_at(r).name for r in range(people.model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    assert people.model.query.sort is PeopleSort.NAME

    people.search.setText("chlo")
    qtbot.waitUntil(lambda: people.model.rowCount() == 1)
    assert people.model.person_at(0).name == "Chloé Martin"
    people.table.setFocus()
    QTest.keyClick(people.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.thread_pane.conversation is not None
            and window.thread_pane.conversation.title == "Chloé Martin"
        )
    )


def test_the_selected_people_move_to_a_stage_together_and_undo(qtbot, window, reader) -> None:
    people = open_people(qtbot, window)
    people.table.selectRow(0)
    people.table.selectionModel().select(
        people.model.index(1, 0),
        people.table.selectionModel().SelectionFlag.Select
        | people.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = people.selected()
    assert len(chosen) == 2 and people.stage_button.isEnabled()
    ordered = next(a for a in people.stage_menu.actions() if a.text().endswith("Ordered"))
    ordered.trigger()
    qtbot.waitUntil(lambda: all(reader.contact(c).stage == "Ordered" for c in chosen))
    qtbot.waitUntil(lambda: people.toast.label.text() == "Moved 2 people to Ordered")
    assert [people.model.person_at(r).stage for r in range(2)] == ["Ordered", "Ordered"]
    assert sorted(people.selected()) == sorted(chosen)  # still chosen after the reload
    # The stage filter now offers it, and the main window counts it.
    people.stage.setCurrentIndex(people.stage.findData("Ordered"))
    people.stage.activated.emit(people.stage.currentIndex())
    assert people.model.rowCount() == 2
    qtbot.waitUntil(lambda: [b.text() for b in window.list_pane.stage_buttons] == ["Ordered  2"])
    people.toast.undo_button.click()
    qtbot.waitUntil(lambda: all(reader.contact(c).stage == "" for c in chosen))


def test_the_model_passes_the_model_tester(qtbot, qtmodeltester, reader) -> None:
    model = PeopleTableModel(reader)
    model.reload()
    qtmodeltester.check(model)


def test_the_model_pages_twenty_thousand_people_and_passes_the_tester(
    qtbot, qtmodeltester, db_path
) -> None:
    many_people(db_path, 20_000)
    reader = InboxReader(db_path)
    model = PeopleTableModel(reader)
    model.reload()
    assert model.total == 20_000 and model.rowCount() == 200
    while model.canFetchMore(model.index(-1, -1)) and model.rowCount() < 1000:
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 1000
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.person_at(0).name == "Person 00000" and model.rowCount() == 200
    qtmodeltester.check(model)
    reader.close()


def many_people(path, count: int) -> None:
    """``count`` people, each with an Instagram identity and a conversation."""
    now = int(datetime.now(UTC).timestamp() * 1000)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO accounts (id, platform, display_name, handle, connector, status, "
            "created_at, settings) "
            "VALUES (1, 'instagram', 'Shop', '@shop', 'demo', 'connected', 0, '{}')"
        )
        account = 1
        connection.executemany(
            "INSERT INTO contacts (id, display_name, tags, do_not_message, created_at, stage) "
            "VALUES (?, ?, '[]', 0, ?, '')",
            [(n + 1, f"Person {n:05}", now) for n in range(count)],
        )
        connection.executemany(
            "INSERT INTO contact_identities (contact_id, platform, platform_user_id, handle, "
            "display_name, phone_key, handle_key) VALUES (?, 'instagram', ?, ?, ?, '', ?)",
            [(n + 1, f"u{n}", f"@p{n}", f"Person {n:05}", f"p{n}") for n in range(count)],
        )
        connection.executemany(
            "INSERT INTO conversations (account_id, platform, platform_conversation_id, title, "
            "is_group, participants, contact_id, last_activity_at, unread_count, archived, "
            "trashed, pinned, muted, draft_text) VALUES "
            "(?, 'instagram', ?, ?, 0, '[]', ?, ?, 0, 0, 0, 0, 0, '')",
            [(account, f"c{n}", f"Person {n:05}", n + 1, now - n * 60_000) for n in range(count)],
        )
    connection.close()
