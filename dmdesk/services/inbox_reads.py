"""What the window reads on its own thread, as an interface: the store's
``InboxReader`` is one (plain sqlite3, a few milliseconds per read), and a
PostgreSQL store would bring another. The UI knows this protocol, never the
store behind it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from dmdesk.domain import (
    Account,
    Attachment,
    Contact,
    ConversationSummary,
    ListPosition,
    ListQuery,
    MergeSuggestion,
    Message,
    Note,
    PeopleQuery,
    PersonConversation,
    PersonRow,
    Profile,
    QuickReply,
    SavedView,
    View,
)


class InboxReads(Protocol):
    def conversation_page(
        self, query: ListQuery, after: ListPosition | None = None, limit: int = 50
    ) -> list[ConversationSummary]:
        """One page of the list in display order: pinned first, then newest activity."""
        ...

    def position_after(
        self, conversation: ConversationSummary, view: View = View.INBOX
    ) -> ListPosition:
        """Where the page after ``conversation`` starts, in ``view``'s order."""
        ...

    def conversation(self, conversation_id: int) -> ConversationSummary | None: ...

    def unread_conversations(self, *, muted: bool = True) -> int: ...

    def unread_counts(self) -> tuple[int, int]:
        """Unread conversations in the Inbox, and those of them not muted."""
        ...

    def waiting_count(self) -> int: ...

    def snoozed_count(self) -> int: ...

    def follow_up_count(self) -> int: ...

    def scheduled_count(self) -> int:
        """Conversations with a reply sent later."""
        ...

    def next_snooze_due(self) -> datetime | None: ...

    def back_from_snooze(self) -> list[ConversationSummary]:
        """Conversations back from a snooze, still unread, not announced yet."""
        ...

    def draft(self, conversation_id: int) -> str: ...

    def thread_page(
        self, conversation_id: int, before: Message | None = None, limit: int = 50
    ) -> list[Message]:
        """Up to ``limit`` messages older than ``before`` (or the newest), oldest first."""
        ...

    def messages(self, message_ids: Sequence[int]) -> list[Message]: ...

    def pictures(self, conversation_id: int) -> list[tuple[int, Attachment]]:
        """Every photo and sticker of a conversation with its message id, oldest
        first: what the viewer walks through."""
        ...

    def newest_incoming(self, conversation_ids: Sequence[int]) -> list[tuple[int, str, str]]: ...

    def due_follow_ups(self, today: date) -> list[tuple[int, str, date, int | None]]: ...

    def last_incoming_at(self, conversation_id: int) -> datetime | None: ...

    def send_problems(self, message_ids: Sequence[int]) -> dict[int, str]: ...

    def contact(self, contact_id: int) -> Contact | None: ...

    def notes(self, contact_id: int) -> list[Note]: ...

    def person_conversations(self, contact_id: int) -> list[PersonConversation]: ...

    def people_matching(self, words: str, limit: int = 20) -> list[Contact]: ...

    def merge_suggestions(self, contact_id: int, limit: int = 3) -> list[MergeSuggestion]: ...

    def stages(self) -> tuple[str, ...]: ...

    def stage_counts(self) -> dict[str, int]: ...

    def known_tags(self) -> list[str]: ...

    def people_page(self, query: PeopleQuery, offset: int, limit: int) -> list[PersonRow]: ...

    def people_count(self, query: PeopleQuery) -> int: ...

    def quick_replies(self) -> list[QuickReply]: ...

    def profile(self) -> Profile: ...

    def saved_views(self) -> list[SavedView]: ...

    def accounts(self) -> list[Account]: ...
