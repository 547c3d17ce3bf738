from dmdesk.domain import ListQuery, View
from dmdesk.ui.conversation_model import ConversationListModel, belongs
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
