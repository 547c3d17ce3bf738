"""The thread's model: Qt's model tester, paging back, and reactions as plain text."""

from PySide6.QtCore import Qt

from dmdesk.domain import ListQuery
from dmdesk.ui.kit.plain_text import as_rich_text
from dmdesk.ui.kit.roles import Roles
from dmdesk.ui.thread.model import ThreadModel


def test_thread_model_passes_the_model_tester_and_pages_back(qtmodeltester, reader) -> None:
    model = ThreadModel(reader)
    conversation = reader.conversation_page(ListQuery())[0]
    model.open(conversation.id)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() > 0
    assert model.load_older() == 0  # short demo threads fit in one page
    model.open(None)
    assert model.rowCount() == 0


def test_reactions_are_in_the_thread_s_tooltip_and_accessible_text_as_plain_text(
    qtmodeltester, reader, database
) -> None:
    from dmdesk.domain import Direction, FetchedReaction, Participant
    from dmdesk.store import messages as message_store

    rows = reader.conversation_page(ListQuery(), limit=100)
    emily = next(c for c in rows if c.title == "Emily Walsh")  # the demo's happy customer
    model = ThreadModel(reader)
    model.open(emily.id)
    qtmodeltester.check(model, force_py=True)
    first = model.index(0).data(Roles.MESSAGE)
    assert [r.key for r in first.reactions] == ["🥰"]  # the shop's, from the demo
    hostile = Participant("u-x", '<img src="x"><b>Bea</b>')
    with database.transaction() as session:
        message_store.add_reactions(
            session,
            emily.account_id,
            [FetchedReaction("r-x", first.platform_message_id, hostile, Direction.INCOMING, "👍")],
        )
    model.add_or_update([first.id])
    tip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == as_rich_text('🥰 Maya Lind · 👍 <img src="x"><b>Bea</b>')
    assert "<img" not in tip and "<b>" not in tip
    spoken = model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith('(reactions: 🥰 Maya Lind · 👍 <img src="x"><b>Bea</b>)')
