from PySide6.QtCore import Qt

from dmdesk.domain import ListQuery, View
from dmdesk.ui.conversation_model import ConversationListModel, belongs
from dmdesk.ui.plain_text import as_rich_text
from dmdesk.ui.roles import Roles
from dmdesk.ui.thread_model import ThreadModel


def test_conversation_model_passes_the_model_tester(qtmodeltester, reader) -> None:
    model = ConversationListModel(reader)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(model.index(-1)):
        model.fetchMore(model.index(-1))
    assert model.rowCount() >= 50
    model.refresh([model.conversation_at(5).id, model.conversation_at(0).id])
    qtmodeltester.check(model, force_py=True)


def test_every_listed_row_belongs_to_its_query(reader) -> None:
    model = ConversationListModel(reader)
    for view in View:
        model.set_query(ListQuery(view=view))
        rows = [model.conversation_at(r) for r in range(model.rowCount())]
        assert all(belongs(c, model.query) for c in rows)


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
