"""The conversation list's model: Qt's model tester, and only rows that belong."""

from dmdesk.domain import ListQuery, View
from dmdesk.ui.inbox.list_model import ConversationListModel, belongs


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
