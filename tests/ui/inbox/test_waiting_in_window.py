"""Who is waiting shows at a glance: on the row and in the thread header, amber
past the first threshold and red past the second, gone once the shop answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import add_account, fetched, ingest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from dmdesk.domain import Participant
from dmdesk.services.waiting_time import WaitThresholds
from dmdesk.ui.kit.theme import current_theme


@pytest.fixture
def waiting_window(database, open_window):
    now = datetime.now(UTC)  # the window judges waits by the clock: seeded just now
    account = add_account(database)
    for name, hours in (("Lena Fox", 5), ("Omar Reyes", 30), ("Pia Holm", 0.5)):
        person = Participant(f"id-{name}", name)
        at = now - timedelta(hours=hours, minutes=1)
        ingest(database, account, [fetched(0, at, conversation=f"c-{name}", person=person)], now)
    return open_window()


def open_titled(qtbot, window, title: str) -> None:
    model = window.conversations
    row = next(r for r in range(model.rowCount()) if model.conversation_at(r).title == title)
    window.list_pane.select_row(row)
    qtbot.waitUntil(lambda: window.thread_pane.conversation.title == title)


def row_image(window, title: str) -> QImage:
    model = window.conversations
    row = next(r for r in range(model.rowCount()) if model.conversation_at(r).title == title)
    view = window.list_pane.list
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(model.index(row)).translated(
        0, -view.visualRect(model.index(row)).top()
    )
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(current_theme().color("pane"))
    painter = QPainter(image)
    view.itemDelegate().paint(painter, option, model.index(row))
    painter.end()
    return image


def has_colour(image: QImage, name: str) -> bool:
    wanted = current_theme().color(name).rgb()
    return any(
        image.pixel(x, y) == wanted for y in range(image.height()) for x in range(image.width())
    )


def test_the_header_says_how_long_and_turns_amber_then_red(qtbot, waiting_window) -> None:
    window = waiting_window
    waited = window.thread_pane.waited
    open_titled(qtbot, window, "Pia Holm")
    assert (waited.text(), waited.property("level")) == ("· waiting 31 min", "fine")
    open_titled(qtbot, window, "Lena Fox")
    assert (waited.text(), waited.property("level")) == ("· waiting 5 h", "amber")
    open_titled(qtbot, window, "Omar Reyes")
    assert (waited.text(), waited.property("level")) == ("· waiting 30 h", "red")


def test_the_rows_wait_is_drawn_in_amber_and_red(qtbot, waiting_window) -> None:
    window = waiting_window
    assert has_colour(row_image(window, "Lena Fox"), "warning")
    assert has_colour(row_image(window, "Omar Reyes"), "danger")
    assert not has_colour(row_image(window, "Pia Holm"), "warning")
    window.list_pane.set_wait_thresholds(WaitThresholds(timedelta(minutes=10), timedelta(hours=1)))
    assert has_colour(row_image(window, "Pia Holm"), "warning")
    assert has_colour(row_image(window, "Lena Fox"), "danger")


def test_a_reply_ends_the_wait_in_the_header_and_on_the_row(qtbot, waiting_window) -> None:
    window = waiting_window
    open_titled(qtbot, window, "Lena Fox")
    composer = window.thread_pane.composer
    composer.editor.setPlainText("Hi Lena, yes it is!")
    with qtbot.waitSignal(window.changes_applied):
        QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.thread_pane.waited.text() == "")
    lena = next(
        window.conversations.conversation_at(r)
        for r in range(window.conversations.rowCount())
        if window.conversations.conversation_at(r).title == "Lena Fox"
    )
    assert lena.waiting_since is None
    assert not has_colour(row_image(window, "Lena Fox"), "warning")


def test_the_thresholds_are_a_preference(qtbot, waiting_window) -> None:
    window = waiting_window
    menu = window.preferences.waiting_menu
    labels = [a.text() for a in menu.actions()]
    assert labels == [
        "Amber after 1 h, red after 4 h",
        "Amber after 4 h, red after 24 h",
        "Amber after 8 h, red after 48 h",
    ]
    assert [a.isChecked() for a in menu.actions()] == [False, True, False]
    open_titled(qtbot, window, "Lena Fox")
    menu.actions()[0].trigger()
    assert window.thread_pane.waited.property("level") == "red"  # 5 h is past 4 h
    assert window.settings.value("waiting/thresholds_hours") == "1,4"


def test_d_says_no_reply_is_needed_and_z_takes_it_back(qtbot, waiting_window) -> None:
    window = waiting_window
    open_titled(qtbot, window, "Lena Fox")
    window.focus_list()
    assert window.thread_pane.waited.text() == "· waiting 5 h"
    with qtbot.waitSignal(window.changes_applied):
        QTest.keyClick(window.list_pane.list, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: window.thread_pane.waited.text() == "")
    assert window.toast.label.text() == "No reply needed for 1 conversation"
    assert not has_colour(row_image(window, "Lena Fox"), "warning")
    with qtbot.waitSignal(window.changes_applied):
        QTest.keyClick(window.list_pane.list, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: has_colour(row_image(window, "Lena Fox"), "warning"))
    assert window.thread_pane.waited.text() == "· waiting 5 h"
    menu_names = [a.text() for a in window.actions_by_name.values() if a.isEnabled()]
    assert "No reply needed" in menu_names


def test_g_w_lists_who_waits_longest_first_with_the_count(
    qtbot, qtmodeltester, waiting_window
) -> None:
    from dmdesk.domain import View

    window = waiting_window
    waiting = window.reader.waiting_count()
    labels = [window.list_pane.views.item(r).text() for r in range(window.list_pane.views.count())]
    assert f"Waiting    {waiting}" in labels
    window.focus_list()
    QTest.keyClicks(window.focusWidget(), "gw")
    assert window.list_pane.query().view is View.WAITING
    qtmodeltester.check(window.conversations)
    model = window.conversations
    shown = [model.conversation_at(r) for r in range(model.rowCount())]
    assert len(shown) == waiting
    assert all(c.waiting_since is not None for c in shown)
    assert [c.waiting_since for c in shown] == sorted(c.waiting_since for c in shown)
    titles = [c.title for c in shown]
    assert titles.index("Omar Reyes") < titles.index("Lena Fox") < titles.index("Pia Holm")


def test_the_badge_can_count_who_is_waiting(qtbot, waiting_window) -> None:
    from dmdesk.ui.shell.tray import TrayIcon

    window = waiting_window
    unread_title = window.windowTitle()
    switch = window.preferences.switches["badge/waiting"]
    assert not switch.isChecked()
    switch.trigger()
    waiting = window.reader.waiting_count()
    assert window.windowTitle().startswith(f"DMDesk ({waiting})")
    assert window.windowTitle() != unread_title
    tray = TrayIcon(window, lambda _now: {})
    tray.set_unread(3, "waiting")
    assert tray.toolTip() == "DMDesk: 3 customers are waiting for an answer"
    tray.set_unread(1)
    assert tray.toolTip() == "DMDesk: 1 unread conversation"


def test_a_wait_counts_only_business_hours_when_asked(qtbot, waiting_window) -> None:
    from datetime import time

    from dmdesk.services.business_hours import BusinessHours, Span
    from dmdesk.ui.shell.business_hours_dialog import BUSINESS_HOURS_KEY, BUSINESS_ONLY_KEY

    window = waiting_window
    open_titled(qtbot, window, "Omar Reyes")  # 30 h on the clock: red
    assert window.thread_pane.waited.property("level") == "red"
    # A shop open one minute a week, on a day that is not today or yesterday.
    today = datetime.now().astimezone().weekday()
    week = tuple((Span(time(3), time(3, 1)),) if d == (today + 3) % 7 else () for d in range(7))
    window.settings.setValue(BUSINESS_HOURS_KEY, BusinessHours(week).to_json())
    window.settings.setValue(BUSINESS_ONLY_KEY, True)
    window.preferences.changed.emit(BUSINESS_HOURS_KEY)
    assert window.thread_pane.waited.text() == "· waiting 0 min while open"
    assert window.thread_pane.waited.property("level") == "fine"
    assert not has_colour(row_image(window, "Omar Reyes"), "danger")
