"""Full-text search: an FTS5 index of message text and senders, one of each
conversation's title, people (names, handles) and notes, kept in step by
triggers; saved searches; an index for "has:attachment".

Both indexes fold case and accents (unicode61, remove_diacritics 2) and keep
prefix indexes of 2 and 3 characters, so searching as you type stays fast. The
migration builds them for the data already there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2', prefix='2 3'"

# One conversation's row of the people index, for the conversations chosen by WHERE.
PEOPLE_ROW = """
SELECT c.id,
       c.title,
       coalesce((SELECT group_concat(
                    coalesce(json_extract(p.value, '$.name'), '') || ' ' ||
                    coalesce(json_extract(p.value, '$.handle'), ''), ' ')
                 FROM json_each(c.participants) p), '')
       || ' ' || coalesce(ct.display_name, '')
       || ' ' || coalesce((SELECT group_concat(i.display_name || ' ' || i.handle, ' ')
                          FROM contact_identities i WHERE i.contact_id = c.contact_id), ''),
       coalesce((SELECT group_concat(n.text, ' ') FROM notes n
                 WHERE n.contact_id = c.contact_id), '')
FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id
WHERE {where}
"""


def _reindex(where: str, rowids: str) -> str:
    return (
        f"DELETE FROM conversations_search WHERE rowid IN ({rowids});\n"
        "INSERT INTO conversations_search(rowid, title, people, notes) "
        + PEOPLE_ROW.format(where=where)
        + ";"
    )


def _for_contact(contact: str) -> str:
    return _reindex(
        f"c.contact_id = {contact}",
        f"SELECT id FROM conversations WHERE contact_id = {contact}",
    )


TRIGGERS = {
    # Messages: text and sender, through the external-content index.
    "messages_search_insert": """AFTER INSERT ON messages BEGIN
        INSERT INTO messages_search(rowid, text, sender_name)
        VALUES (new.id, new.text, new.sender_name); END""",
    "messages_search_delete": """AFTER DELETE ON messages BEGIN
        INSERT INTO messages_search(messages_search, rowid, text, sender_name)
        VALUES ('delete', old.id, old.text, old.sender_name); END""",
    "messages_search_update": """AFTER UPDATE OF text, sender_name ON messages BEGIN
        INSERT INTO messages_search(messages_search, rowid, text, sender_name)
        VALUES ('delete', old.id, old.text, old.sender_name);
        INSERT INTO messages_search(rowid, text, sender_name)
        VALUES (new.id, new.text, new.sender_name); END""",
    # Conversations: their own row.
    "conversations_search_insert": "AFTER INSERT ON conversations BEGIN "
    + _reindex("c.id = new.id", "new.id")
    + " END",
    "conversations_search_update": "AFTER UPDATE OF title, participants, contact_id "
    "ON conversations BEGIN " + _reindex("c.id = new.id", "old.id, new.id") + " END",
    "conversations_search_delete": "AFTER DELETE ON conversations BEGIN "
    "DELETE FROM conversations_search WHERE rowid = old.id; END",
    # What a contact's conversations are found by: name, identities, notes.
    "contacts_search_rename": "AFTER UPDATE OF display_name ON contacts BEGIN "
    + _for_contact("new.id")
    + " END",
    "identities_search_insert": "AFTER INSERT ON contact_identities BEGIN "
    + _for_contact("new.contact_id")
    + " END",
    "identities_search_update": "AFTER UPDATE ON contact_identities BEGIN "
    + _for_contact("old.contact_id")
    + _for_contact("new.contact_id")
    + " END",
    "identities_search_delete": "AFTER DELETE ON contact_identities BEGIN "
    + _for_contact("old.contact_id")
    + " END",
    "notes_search_insert": "AFTER INSERT ON notes BEGIN " + _for_contact("new.contact_id") + " END",
    "notes_search_update": "AFTER UPDATE OF text ON notes BEGIN "
    + _for_contact("new.contact_id")
    + " END",
    "notes_search_delete": "AFTER DELETE ON notes BEGIN " + _for_contact("old.contact_id") + " END",
}


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE messages_search USING fts5(text, sender_name, "
        f"content='messages', content_rowid='id', {TOKENIZE})"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE conversations_search USING fts5(title, people, notes, {TOKENIZE})"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO messages_search(messages_search) VALUES ('rebuild')")
    op.execute(
        "INSERT INTO conversations_search(rowid, title, people, notes) "
        + PEOPLE_ROW.format(where="1")
    )
    op.create_index(
        "ix_messages_with_attachments",
        "messages",
        ["id"],
        sqlite_where=sa.text("has_attachments = 1"),
    )
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
    )


def downgrade() -> None:
    op.drop_table("saved_views")
    op.drop_index("ix_messages_with_attachments", table_name="messages")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE conversations_search")
    op.execute("DROP TABLE messages_search")
