from factories import NOW

from dmdesk.domain import AttachmentKind, ListQuery, Platform, View
from dmdesk.services.demo_workspace import seed_demo_workspace
from dmdesk.store.reads import InboxReader


def test_demo_workspace_reads_like_a_real_small_business(database, db_path) -> None:
    assert seed_demo_workspace(database, NOW)
    assert not seed_demo_workspace(database, NOW)  # only once
    reader = InboxReader(db_path)
    everything = [
        c
        for view in View
        for c in reader.conversation_page(ListQuery(view=view), limit=500)
        if view in (View.INBOX, View.ARCHIVED, View.TRASH)  # the folders; the rest overlap
    ]
    assert len(everything) >= 60
    assert {c.platform for c in everything} >= {
        Platform.INSTAGRAM,
        Platform.MESSENGER,
        Platform.X,
        Platform.TELEGRAM,
        Platform.WHATSAPP,
    }
    assert sum(c.is_group for c in everything) == 1
    kinds = set()
    lengths = []
    has_notes = has_tags = False
    for conversation in everything:
        for message in reader.thread_page(conversation.id, limit=100):
            kinds |= {a.kind for a in message.attachments}
            lengths.append(len(message.text))
        if conversation.contact_id:
            contact = reader.contact(conversation.contact_id)
            has_tags |= bool(contact.tags)
            has_notes |= bool(reader.notes(conversation.contact_id))
    assert kinds == set(AttachmentKind)
    assert min(lengths) <= 2 and max(lengths) >= 700
    assert has_notes and has_tags
    assert any("\u0600" <= ch <= "\u06ff" for c in everything for ch in c.title)  # RTL name
    assert reader.unread_conversations() > 0
    assert reader.conversation_page(ListQuery(view=View.ARCHIVED))
    assert reader.conversation_page(ListQuery(view=View.TRASH))


def test_the_demo_shows_a_few_customers_waiting_in_amber_and_red(database, db_path) -> None:
    from datetime import timedelta

    from dmdesk.services.waiting_time import WaitLevel, WaitThresholds, wait_level

    seed_demo_workspace(database, NOW)
    reader = InboxReader(db_path)
    waiting = reader.conversation_page(ListQuery(view=View.WAITING), limit=100)
    levels = [wait_level(c.waiting_since, NOW, WaitThresholds()) for c in waiting]
    assert 5 <= len(waiting) <= 15  # a shop that keeps up, not a backlog
    assert WaitLevel.RED in levels and WaitLevel.AMBER in levels and WaitLevel.FINE in levels
    assert all(NOW - c.waiting_since < timedelta(days=3) for c in waiting)


def test_the_demos_photos_are_real_pictures_of_the_size_it_says(qapp) -> None:
    from PySide6.QtGui import QImageReader

    from dmdesk.connectors.demo import demo_file
    from dmdesk.connectors.demo_content import PICTURES

    for name, (width, height) in PICTURES.items():
        found = demo_file(name)
        assert found is not None, name
        size = QImageReader(str(found)).size()
        assert (size.width(), size.height()) == (width, height), name


def test_the_demo_downloads_its_photos_and_says_its_other_files_are_invented() -> None:
    import pytest

    from dmdesk.connectors.base import PermanentError
    from dmdesk.connectors.demo import DEMO_FILES, DemoConnector, DemoSchedule
    from dmdesk.domain import Attachment, AttachmentKind, Platform

    demo = DemoConnector(Platform.INSTAGRAM, DemoSchedule([Platform.INSTAGRAM]))
    photo = Attachment(AttachmentKind.IMAGE, "fair-map.png", url=f"{DEMO_FILES}fair-map.png")
    assert b"".join(demo.download(photo)).startswith(b"\x89PNG")
    invoice = Attachment(AttachmentKind.FILE, "invoice.pdf", url=f"{DEMO_FILES}invoice.pdf")
    with pytest.raises(PermanentError, match="invented for the demo"):
        b"".join(demo.download(invoice))
    escape = Attachment(AttachmentKind.IMAGE, "x", url=f"{DEMO_FILES}../icons/close.svg")
    with pytest.raises(PermanentError):
        b"".join(demo.download(escape))
