"""Text from the outside world stays plain and intact, however it is crafted."""

from factories import NOW, add_account, fetched, ingest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from dmdesk.domain import ListQuery
from dmdesk.ui.inbox.list_delegate import ConversationDelegate
from dmdesk.ui.inbox.list_model import ConversationListModel
from dmdesk.ui.thread.bubble_delegate import (
    DISPLAY_LIMIT,
    BubbleDelegate,
    linkified_html,
    shown_text,
)
from dmdesk.ui.thread.model import ThreadModel

HOSTILE = [
    '<b>bold?</b> <img src="http://evil.example/x.png"> <script>alert(1)</script>',
    "<a href='javascript:alert(1)'>click</a> &amp; &lt;",
    "Z̷̢̛̖̗̞͎̓̿͂̑͌a̶̧̛̹̗̱̩͐̾̍̊l̵̡̛̞̣̲̓̎g̸̛̯̦̞͚̈́͋o̵̢̦̐̈́",
    "\u202eevil.exe\u202c \u200f\u05e9\u05dc\u05d5\u05dd\u200e and \u0645\u0631\u062d\u0628\u0627",
    "x" * 100_000,
]


def test_hostile_text_is_stored_byte_for_byte_and_drawn_plain(
    qtbot, database, db_path, qtmodeltester
) -> None:
    account = add_account(database)
    items = [fetched(i, NOW, text=text) for i, text in enumerate(HOSTILE)]
    ingest(database, account, items, NOW)
    from dmdesk.store.reads import InboxReader

    reader = InboxReader(db_path)
    thread = ThreadModel(reader)
    thread.open(reader.conversation_page(ListQuery())[0].id)
    assert [thread.data(thread.index(r)) for r in range(thread.rowCount())] == HOSTILE
    qtmodeltester.check(thread, force_py=True)

    delegate = BubbleDelegate()
    image = QImage(800, 4000, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for row in range(thread.rowCount()):
        option = QStyleOptionViewItem()
        option.rect = image.rect().adjusted(0, 0, 0, -3000)
        index = thread.index(row)
        size = delegate.sizeHint(option, index)
        assert isinstance(size, QSize) and 0 < size.height() < 20_000
        delegate.paint(painter, option, index)
    conversations = ConversationListModel(reader)
    conversations.reload()
    ConversationDelegate().paint(painter, option, conversations.index(0))
    painter.end()


def test_markup_is_escaped_and_only_real_urls_become_links() -> None:
    rendered = linkified_html(HOSTILE[0] + " see https://shop.example/p?a=1&b=2.")
    assert "<img" not in rendered and "<script" not in rendered and "<b>" not in rendered
    assert '&lt;img src=&quot;<a href="http://evil.example/x.png">' in rendered
    assert "x.png</a>&quot;&gt;" in rendered
    assert '<a href="https://shop.example/p?a=1&amp;b=2">' in rendered
    assert "javascript:" not in linkified_html(HOSTILE[1]).split("href=")[0]
    assert 'href="javascript' not in linkified_html(HOSTILE[1])


def test_huge_messages_are_capped_for_drawing_only() -> None:
    from dmdesk.domain import Direction, Message, MessageStatus

    message = Message(
        1, 1, "p", "A", Direction.INCOMING, "y" * 100_000, NOW, MessageStatus.DELIVERED
    )
    shown = shown_text(message)
    assert len(shown) < DISPLAY_LIMIT + 100 and "100,000 characters" in shown
    assert len(message.text) == 100_000
