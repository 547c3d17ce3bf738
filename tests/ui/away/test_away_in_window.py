"""The away message from the real window: Replies → Away message… sets the words,
one for every platform or a platform's own, with a preview; the switch (Replies
menu, tray, palette) turns it on only with business hours to keep to, and the
sync engine is told; the demo shows one in a thread, marked Automatic."""

from __future__ import annotations

from datetime import time

from modal import when_modal_opens
from PySide6.QtWidgets import QApplication

from dmdesk.domain import Direction, Platform
from dmdesk.services.away_message import EVERY_PLATFORM
from dmdesk.services.business_hours import BusinessHours, Span
from dmdesk.ui.away.dialog import AwayMessageDialog
from dmdesk.ui.away.settings import away_message, away_on
from dmdesk.ui.shell.business_hours_dialog import BUSINESS_HOURS_KEY

WEEK = BusinessHours(((Span(time(9), time(17, 30)),),) * 5 + ((), ()))


def engine_plan(qtbot, window):
    """What the sync engine answers with, read on the writer lane."""
    seen: list = []
    window.writes.write(lambda s: s.sync._away, seen.append)
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def back_in_front(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_dialog_sets_the_words_with_a_preview_and_a_platform_s_own(
    qtbot, window, reader
) -> None:
    window.settings.setValue(BUSINESS_HOURS_KEY, WEEK.to_json())
    seen: dict = {}

    def fill(dialog) -> None:
        assert isinstance(dialog, AwayMessageDialog)
        seen["hours"] = dialog.hours_line.text()
        seen["default"] = dialog.body.toPlainText()
        seen["preview"] = dialog.preview.text()
        dialog.platform.setCurrentIndex(dialog.platform.findData(Platform.INSTAGRAM.value))
        seen["instagram_placeholder"] = dialog.body.placeholderText()
        dialog.body.setPlainText("Hey {first_name|there}! Back {next_open}.")
        seen["instagram_preview"] = dialog.preview.text()
        dialog.every.setValue(8)
        dialog.on.setChecked(True)
        dialog.accept()

    when_modal_opens(fill)
    window.actions_by_name["away_message"].trigger()
    back_in_front(qtbot, window)
    assert "Mon–Fri 09:00–17:30" in seen["hours"]
    assert "{first_name|there}" in seen["default"] and "{next_open" in seen["default"]
    business = reader.profile().business
    assert seen["preview"].startswith(
        f"To Chloé Martin on Instagram: “Hi Chloé, thanks for your message to {business}!"
    )
    assert "for every platform" in seen["instagram_placeholder"]
    assert seen["instagram_preview"].startswith("To Chloé Martin on Instagram: “Hey Chloé! Back ")
    kept = away_message(window.settings)
    assert kept.texts["instagram"] == "Hey {first_name|there}! Back {next_open}."
    assert kept.texts[EVERY_PLATFORM] == seen["default"]
    assert kept.every.total_seconds() == 8 * 3600
    assert away_on(window.settings)
    assert window.away.toggle.isChecked()
    plan = engine_plan(qtbot, window)
    assert plan is not None and plan.hours == WEEK and plan.message == kept


def test_the_switch_turns_it_off_and_on_and_the_engine_follows(qtbot, window) -> None:
    window.settings.setValue(BUSINESS_HOURS_KEY, WEEK.to_json())
    window.away.hours_changed()
    toggle = window.actions_by_name["toggle_away"]
    assert toggle.isCheckable() and not toggle.isChecked()  # off until turned on
    toggle.trigger()
    assert away_on(window.settings) and toggle.isChecked()
    assert engine_plan(qtbot, window) is not None
    toggle.trigger()
    assert not away_on(window.settings) and not toggle.isChecked()
    assert engine_plan(qtbot, window) is None


def test_without_business_hours_turning_it_on_asks_for_them_first(qtbot, window) -> None:
    seen: dict = {}

    def look(dialog) -> None:
        seen["warning"] = dialog.hours_line.text()
        seen["on"] = dialog.on.isChecked()
        dialog.reject()

    when_modal_opens(look)
    window.actions_by_name["toggle_away"].trigger()
    back_in_front(qtbot, window)
    assert "Set your business hours first" in seen["warning"]
    assert seen["on"]  # what they asked for, ready to save once hours are set
    assert not window.actions_by_name["toggle_away"].isChecked()
    assert engine_plan(qtbot, window) is None


def test_the_tray_menu_has_the_switch(qtbot, window) -> None:
    from dmdesk.ui.shell.tray import TrayIcon

    tray = TrayIcon(window, lambda _now: {})
    tray.add_switch(window.away.toggle)
    texts = [a.text() for a in tray.menu.actions()]
    assert "Away message on/off" in texts
    assert texts.index("Away message on/off") < texts.index("Quit DMDesk")


def test_the_demo_thread_shows_an_away_message_marked_automatic(qtbot, window, reader) -> None:
    [row] = reader._connection.execute(
        "SELECT conversation_id FROM messages WHERE automatic"
    ).fetchall()
    conversation = reader.conversation(row[0])
    assert conversation.waiting_since is not None  # they still wait for a person
    assert not conversation.snippet_outgoing  # their words stay on the row
    thread = list(reader.whole_thread(conversation.id))
    away = [m for m in thread if m.automatic]
    assert len(away) == 1 and away[0].direction is Direction.OUTGOING
    assert thread[-1] == away[0]


def test_the_toast_says_on_or_off_only_when_that_changes(qtbot, window) -> None:
    window.settings.setValue(BUSINESS_HOURS_KEY, WEEK.to_json())
    window.away.hours_changed()  # the hours set while it is off: nothing to say
    assert not window.toast.label.text().startswith("Away message")
    window.actions_by_name["toggle_away"].trigger()
    assert window.toast.label.text().startswith("Away message on")
    window.away.hours_changed()  # new hours while on: still on, no second toast
    window.toast.label.setText("")
    window.away.hours_changed()
    assert window.toast.label.text() == ""
