"""The words every layer of DMDesk shares: frozen dataclasses and enums.

Nothing here imports Qt, SQLAlchemy or any other part of the project, so the
store, the connectors, the services and the UI can all pass these around.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    MESSENGER = "messenger"
    X = "x"
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    LINKEDIN = "linkedin"
    SIGNAL = "signal"
    MATRIX = "matrix"

    @property
    def label(self) -> str:
        return _PLATFORM_LABELS[self]


_PLATFORM_LABELS = {
    Platform.INSTAGRAM: "Instagram",
    Platform.MESSENGER: "Messenger",
    Platform.X: "X",
    Platform.TELEGRAM: "Telegram",
    Platform.WHATSAPP: "WhatsApp",
    Platform.LINKEDIN: "LinkedIn",
    Platform.SIGNAL: "Signal",
    Platform.MATRIX: "Matrix",
}


class LengthUnit(StrEnum):
    CHARACTERS = "characters"
    UTF8_BYTES = "bytes"


@dataclass(frozen=True, slots=True)
class MessageLimit:
    """The longest text a platform accepts in one message."""

    maximum: int
    unit: LengthUnit = LengthUnit.CHARACTERS

    def measure(self, text: str) -> int:
        if self.unit is LengthUnit.UTF8_BYTES:
            return len(text.encode("utf-8", errors="surrogatepass"))
        return len(text)


MESSAGE_LIMITS: dict[Platform, MessageLimit] = {
    Platform.INSTAGRAM: MessageLimit(1000, LengthUnit.UTF8_BYTES),
    Platform.MESSENGER: MessageLimit(2000),
    Platform.X: MessageLimit(10_000),
    Platform.TELEGRAM: MessageLimit(4096),
    Platform.WHATSAPP: MessageLimit(4096),
}
"""Platforms without an entry have no limit a user would meet."""

TEXT_ONLY_PLATFORMS = frozenset({Platform.X})
"""Where DMDesk sends text only (X wants files uploaded to its media service first)."""


class AccountStatus(StrEnum):
    CONNECTED = "connected"
    SYNCING = "syncing"
    NEEDS_RECONNECT = "needs_reconnect"
    RATE_LIMITED = "rate_limited"
    OFFLINE = "offline"
    IMPORTED = "imported"
    """History imported from a data download; nothing syncs it."""


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class HeldReason(StrEnum):
    """Why a reply scheduled to go later waits for the owner's word."""

    NONE = ""
    THEY_WROTE = "they_wrote"
    """The customer wrote after it was scheduled: it may no longer fit."""
    OPTED_OUT = "opted_out"
    """By its time the person had asked not to be messaged."""
    CONFIRMED = "confirmed"
    """The owner said send it anyway."""

    @property
    def holds(self) -> bool:
        return self in (HeldReason.THEY_WROTE, HeldReason.OPTED_OUT)


@dataclass(frozen=True, slots=True)
class ReplyTiming:
    """When a reply goes, and whether to be reminded if it gets no answer."""

    send_at: datetime | None = None
    """None: now."""
    remind_at: datetime | None = None
    """Bring the conversation back then if the customer has not replied."""


class AttachmentKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    FILE = "file"
    LINK = "link"
    STICKER = "sticker"


class View(StrEnum):
    """The folders of the conversation list."""

    INBOX = "inbox"
    UNREAD = "unread"
    WAITING = "waiting"
    """Where the customer waits for an answer, longest wait first."""
    SNOOZED = "snoozed"
    """Out of the Inbox until a time, the soonest first."""
    FOLLOW_UPS = "follow_ups"
    """What is due: "if they don't reply" reminders and contacts' follow-up dates."""
    SCHEDULED = "scheduled"
    """Conversations with a reply sent later, the soonest first."""
    PINNED = "pinned"
    ARCHIVED = "archived"
    TRASH = "trash"

    @property
    def label(self) -> str:
        return "Follow-ups" if self is View.FOLLOW_UPS else self.value.capitalize()

    @property
    def soonest_first(self) -> bool:
        """Listed by a time, ascending (the wait, the snooze, the due date), not by
        the newest activity."""
        return self in (View.WAITING, View.SNOOZED, View.FOLLOW_UPS, View.SCHEDULED)


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    platform: Platform
    display_name: str
    handle: str
    status: AccountStatus
    connector: str
    """Which connector serves the account ("demo", "telegram", "instagram"...)."""
    settings: tuple[tuple[str, str], ...] = ()
    """What the connector needs that is not a secret: a page id, a base URL."""
    credential_key: str = ""
    """Where its secret is in the OS keyring; the secret itself is never here."""
    status_detail: str = ""
    retry_at: datetime | None = None
    """While rate limited: when the platform lets us call again; while offline: the
    next try."""
    synced_at: datetime | None = None
    """The last fetch that worked."""
    credential_renewed_at: datetime | None = None
    credential_expires_at: datetime | None = None
    """Where the platform's credentials expire (Instagram Login: 60 days): when this
    one does, unless DMDesk renews it first."""

    def setting(self, name: str, default: str = "") -> str:
        return dict(self.settings).get(name, default)

    @property
    def history_only(self) -> bool:
        """Imported history: nothing syncs it and nothing can be sent from it."""
        return self.status is AccountStatus.IMPORTED


@dataclass(frozen=True, slots=True)
class AccountIdentity:
    """Who an account is on its platform, as a connection test finds out."""

    display_name: str
    handle: str = ""


@dataclass(frozen=True, slots=True)
class Participant:
    """A person as a platform names them."""

    platform_user_id: str
    display_name: str
    handle: str = ""


NAME_ONLY_ID = "name:"
"""How an identity known only by name (from a data download) is keyed."""


@dataclass(frozen=True, slots=True)
class Identity:
    platform: Platform
    platform_user_id: str
    handle: str
    display_name: str
    id: int = 0
    """Its row, for splitting it out of a person (0: not stored)."""

    @property
    def shown_as(self) -> str:
        """How to show it: its handle or id; nothing for a name-only identity."""
        if self.handle:
            return self.handle
        return "" if self.platform_user_id.startswith(NAME_ONLY_ID) else self.platform_user_id


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    display_name: str
    tags: tuple[str, ...] = ()
    follow_up_on: date | None = None
    do_not_message: bool = False
    identities: tuple[Identity, ...] = ()
    stage: str = ""
    """Where they stand (one of the workspace's stages), or ""."""


CUSTOMER_STAGES = ("New", "Asked", "Ordered", "Delivered", "Repeat")
COLLABORATION_STAGES = ("Pitched", "Agreed", "Content posted", "Paid")
READY_STAGE_SETS = {"For customers": CUSTOMER_STAGES, "For collaborations": COLLABORATION_STAGES}
"""The stages a workspace starts with (both sets: S then 1-5 for customers, 6-9
for collaborations), which the owner may change."""
MAX_STAGES = 9
"""S then a number sets one: nine digits."""


TAG_CHARS = 40
"""A tag longer than this is cut: a chip, not a sentence."""


def clean_tag(text: str) -> str:
    """A tag as it is kept: one line, no commas (they part tags), at most 40 characters."""
    return " ".join(text.replace(",", " ").split())[:TAG_CHARS].strip()


def stage_key(name: str) -> str:
    """How ``stage:`` names a stage: "Content posted" is ``content-posted``."""
    return "-".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class StageChange:
    """People moved to a stage; undo puts each back where they stood."""

    description: str
    before: Mapping[int, tuple[str, datetime | None]]
    """Each contact's stage and when they got there, before."""

    @property
    def conversation_ids(self) -> tuple[int, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class ForgetPreview:
    """What forgetting a person deletes, said before it is done."""

    contact_id: int
    name: str
    conversations: int
    messages: int
    notes: int
    tags: int
    files: int
    """DMDesk's own copies of photos and files, among the messages."""
    platforms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForgottenPerson:
    """A person forgotten: what went from the database, and the files on disk that
    no message uses any more (the service removes those)."""

    name: str
    conversation_ids: tuple[int, ...]
    messages: int
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Forgotten:
    """A person forgotten, as the owner is told (services/forgetting.py)."""

    name: str
    conversation_ids: tuple[int, ...]
    messages: int
    files_deleted: int
    files_left: tuple[str, ...] = ()
    """Files that could not be deleted (named, so the owner can)."""
    wal_emptied: bool = True
    backups_replaced: bool = False


@dataclass(frozen=True, slots=True)
class ContactSnapshot:
    """A contact's own fields as they were, to put them back (undo)."""

    id: int
    display_name: str
    tags: tuple[str, ...]
    follow_up_on: date | None
    do_not_message: bool
    created_at: datetime
    stage: str = ""
    stage_changed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PeopleMerge:
    """Two contacts made one person: ``merged``'s identities, conversations and notes
    went to ``kept``, whose tags, follow-up and opt-out took both. Undo parts them."""

    kept: ContactSnapshot
    """The kept contact as it was before."""
    merged: ContactSnapshot
    """The contact that is gone, as it was."""
    identity_ids: tuple[int, ...]
    conversation_ids: tuple[int, ...]
    note_ids: tuple[int, ...]

    @property
    def description(self) -> str:
        return f"Merged {self.merged.display_name} into {self.kept.display_name}"


@dataclass(frozen=True, slots=True)
class PersonSplit:
    """One identity (and its conversations) taken out of a person into a contact of
    its own. Undo puts it back."""

    from_contact_id: int
    new_contact_id: int
    identity_id: int
    conversation_ids: tuple[int, ...]
    name: str

    @property
    def description(self) -> str:
        return f"Separated {self.name}"


@dataclass(frozen=True, slots=True)
class MergeSuggestion:
    """Someone who may be the person shown: "Farah Aziz on WhatsApp (the same phone
    number)"."""

    person: Contact
    platform: Platform
    """Where the other one writes from."""
    reason: str


@dataclass(frozen=True, slots=True)
class PersonConversation:
    """One of a person's conversations, for the contact pane's list of them."""

    id: int
    platform: Platform
    title: str
    last_activity_at: datetime
    archived: bool = False
    trashed: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    contact_id: int
    text: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: AttachmentKind
    name: str
    mime: str = ""
    url: str = ""
    local_path: str = ""
    size: int | None = None
    width: int | None = None
    """A photo's or video's pixels across, where the platform says (or once decoded)."""
    height: int | None = None
    duration_ms: int | None = None
    """A video's or voice note's length, where the platform says."""
    poster_url: str = ""
    """The platform's address of a video's poster frame (downloaded like the file)."""

    @property
    def shows_inline(self) -> bool:
        """A picture the thread draws in its bubble (a video: its poster frame)."""
        return self.kind in (AttachmentKind.IMAGE, AttachmentKind.STICKER) or bool(
            self.kind is AttachmentKind.VIDEO and self.poster_url
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """The message a reply answers, as the reply's bubble shows it."""

    message_id: int | None
    """None: the original is not in DMDesk (older than the history it has)."""
    sender_name: str = ""
    text: str = ""
    picture: Attachment | None = None
    """Its first photo, for a small thumbnail beside the words."""
    ours: bool = False
    """The shop wrote the original."""


@dataclass(frozen=True, slots=True)
class Reaction:
    """One emoji on a message, with who put it there (oldest first)."""

    key: str
    names: tuple[str, ...]
    ours: bool = False
    """Whether one of them is the shop (from the platform's app)."""


@dataclass(frozen=True, slots=True)
class QuickReply:
    """A saved answer with {variables}, filled in for each person before sending."""

    name: str
    body: str
    keyword: str = ""
    platforms: tuple[Platform, ...] = ()
    """Where it applies; empty means every platform."""
    id: int | None = None
    """None until stored."""
    position: int = 0
    use_count: int = 0
    last_used_at: datetime | None = None
    files: tuple[Attachment, ...] = ()
    """Files it puts in the reply with its words (DMDesk's own copies)."""

    def applies_to(self, platform: Platform) -> bool:
        return not self.platforms or platform in self.platforms


@dataclass(frozen=True, slots=True)
class Profile:
    """Who is answering: fills {my_name} and {business}."""

    my_name: str = ""
    business: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    conversation_id: int
    platform_message_id: str | None
    sender_name: str
    direction: Direction
    text: str
    sent_at: datetime
    status: MessageStatus
    edited: bool = False
    unsent: bool = False
    attachments: tuple[Attachment, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    scheduled_for: datetime | None = None
    """A reply sent later: when it was asked to go (kept after it went)."""
    held: HeldReason = HeldReason.NONE
    automatic: bool = False
    """Sent by software, not a person: our away message, or a customer's bot."""
    reply_to: str = ""
    """The platform's id of the message this one answers ("this one, in blue?")."""
    quote: Quote | None = None
    """What it answers, as its bubble shows it (read with it)."""

    @property
    def is_scheduled(self) -> bool:
        """A reply waiting for its time (or for the owner's word)."""
        return self.scheduled_for is not None and self.status is MessageStatus.PENDING


@dataclass(frozen=True, slots=True)
class ConversationFlags:
    """The user-controlled state of a conversation: what actions change and undo restores."""

    archived: bool = False
    trashed: bool = False
    pinned: bool = False
    muted: bool = False
    unread_count: int = 0
    reply_not_needed_at: datetime | None = None
    """When the owner last said this needs no reply (it leaves Waiting until the
    customer writes again)."""
    snoozed_until: datetime | None = None
    """Out of the Inbox until then (or until the customer writes)."""
    snooze_if_no_reply: bool = False
    """The snooze is a follow-up: "remind me if they don't reply"."""


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """One row of the conversation list."""

    id: int
    account_id: int
    platform: Platform
    title: str
    is_group: bool
    last_activity_at: datetime
    snippet: str
    snippet_outgoing: bool
    flags: ConversationFlags
    contact_id: int | None = None
    participants: tuple[Participant, ...] = ()
    waiting_since: datetime | None = None
    """The customer's first message the shop has not answered yet (None: nobody waits)."""
    follow_up_on: date | None = None
    """The contact's follow-up date, if the owner set one."""
    next_scheduled_at: datetime | None = None
    """When its soonest reply sent later is due to go."""
    stage: str = ""
    """The person's stage, shown on the row."""
    tags: tuple[str, ...] = ()
    """The person's tags, shown on the row."""

    @property
    def unread_count(self) -> int:
        return self.flags.unread_count

    @property
    def snoozed_until(self) -> datetime | None:
        return self.flags.snoozed_until

    @property
    def follow_up_at(self) -> datetime | None:
        """When the conversation is due in Follow-ups: its "if they don't reply"
        reminder or the morning of its contact's follow-up date, the sooner."""
        times = []
        if self.flags.snoozed_until is not None and self.flags.snooze_if_no_reply:
            times.append(self.flags.snoozed_until)
        if self.follow_up_on is not None:
            times.append(follow_up_moment(self.follow_up_on))
        return min(times) if times else None


FOLLOW_UP_HOUR = 9
"""A contact's follow-up date is due at 09:00 that day, on the owner's clock."""


def follow_up_moment(day: date) -> datetime:
    return datetime.combine(day, time(FOLLOW_UP_HOUR)).astimezone()


@dataclass(frozen=True, slots=True)
class ListPosition:
    """Keyset cursor: where a page of the conversation list ends."""

    pinned: bool
    last_activity_ms: int
    conversation_id: int
    time_ms: int = 0
    """For the views listed soonest first (``View.soonest_first``): that time."""


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the conversation list shows."""

    view: View = View.INBOX
    platform: Platform | None = None


# --- what connectors hand to sync -------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchedMessage:
    """A message as a connector delivers it, before it has a local id."""

    platform_conversation_id: str
    platform_message_id: str
    sender: Participant
    direction: Direction
    text: str
    sent_at: datetime
    conversation_title: str = ""
    is_group: bool = False
    participants: tuple[Participant, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    edited: bool = False
    unsent: bool = False
    amends: bool = False
    """Only changes a message already stored (a deletion that names it); where that
    message is not stored, there is nothing to change and nothing is added."""
    platform: Platform | None = None
    """Where the conversation really is, when not the account's own platform (a
    WhatsApp chat that a Matrix bridge brings in)."""
    automatic: bool = False
    """Sent by software, not a person (a bot's notice): it neither starts a wait
    nor gets an away message back."""
    reply_to: str = ""
    """The platform's id of the message this one answers, where it answers one."""


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A platform telling us how far one of our sent messages got."""

    platform_message_id: str
    status: MessageStatus
    and_earlier: bool = False
    """A marker rather than one message: every earlier sent message of ours in the
    same conversation got as far too (a Matrix read receipt means "read up to
    here", and may name the customer's own message)."""


@dataclass(frozen=True, slots=True)
class FetchedReaction:
    """Someone put an emoji on a message (WhatsApp's reactions, through a bridge).
    A deletion of ``platform_reaction_id`` (a ``FetchedMessage`` that ``amends``
    it) takes it off again."""

    platform_reaction_id: str
    platform_message_id: str
    """The message reacted to; a reaction to a message DMDesk never had is dropped."""
    sender: Participant
    direction: Direction
    key: str


@dataclass(frozen=True, slots=True)
class BusinessConnection:
    """A Telegram Business account that connected the bot (in Telegram: Settings →
    Business → Chatbots), so the bot reads and answers its chats."""

    connection_id: str
    owner: Participant
    can_reply: bool
    enabled: bool


@dataclass(frozen=True, slots=True)
class FetchResult:
    messages: tuple[FetchedMessage, ...] = ()
    status_updates: tuple[StatusUpdate, ...] = ()
    reactions: tuple[FetchedReaction, ...] = ()
    read_up_to: tuple[str, ...] = ()
    """Messages the account's owner has read up to in another app (their phone): the
    earlier messages of those chats are no longer unread here."""
    business_connections: tuple[BusinessConnection, ...] = ()
    """Telegram Business accounts that connected, changed or left the bot, in order."""
    cursor: str | None = None
    """Opaque position to resume from next time; None keeps the stored one."""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A reply handed to a connector to send."""

    message_id: int
    client_id: str
    """Stable id of this send; connectors pass it on where the platform dedupes."""
    platform_conversation_id: str
    text: str
    recipients: tuple[Participant, ...] = field(default=())
    attachments: tuple[Attachment, ...] = field(default=())
    """Files on this computer (``local_path``) to send with the text."""
    messaging_tag: str = ""
    """A platform tag the reply must carry (Meta's HUMAN_AGENT)."""
    reply_to: str = ""
    """The platform's id of the message this reply answers (sent with the platform's
    own reply parameter)."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    new_message_ids: tuple[int, ...] = ()
    touched_conversation_ids: tuple[int, ...] = ()
    new_conversation_ids: tuple[int, ...] = ()
    updated_message_ids: tuple[int, ...] = ()
    held_message_ids: tuple[int, ...] = ()
    """Replies scheduled for later, held back because the customer wrote first."""
    away_message_ids: tuple[int, ...] = ()
    """Away messages queued in answer (services/away_message.py)."""


# --- search --------------------------------------------------------------------


class ConversationState(StrEnum):
    """What ``is:`` asks of a conversation."""

    UNREAD = "unread"
    ARCHIVED = "archived"
    PINNED = "pinned"
    UNANSWERED = "unanswered"
    """The customer waits for an answer (``is:waiting`` too): they wrote last, and the
    owner has not said that needs no reply."""


@dataclass(frozen=True, slots=True)
class SearchTerm:
    text: str
    prefix: bool = False
    """Match words starting with it (the word being typed, or ``word*``)."""
    phrase: bool = False
    """Its words next to each other, in order (typed in quotes)."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search as typed, understood: words, and the filters of the search box."""

    terms: tuple[SearchTerm, ...] = ()
    senders: tuple[str, ...] = ()
    platforms: tuple[Platform, ...] = ()
    states: frozenset[ConversationState] = frozenset()
    has_attachment: bool = False
    has_link: bool = False
    before: date | None = None
    """Sent before this day (local time)."""
    after: date | None = None
    """Sent on or after this day (local time)."""
    tags: tuple[str, ...] = ()
    waited_at_least: timedelta | None = None
    """``waited:>4h``: the customer has waited this long or longer."""
    stages: tuple[str, ...] = ()
    """``stage:ordered``: the person stands at one of these (``stage_key`` form)."""

    @property
    def is_empty(self) -> bool:
        return self == SearchQuery()

    @property
    def finds_messages(self) -> bool:
        """Whether results are messages; a query of conversation filters alone
        (``is:``, ``platform:``, ``tag:``) lists conversations."""
        return bool(
            self.terms
            or self.senders
            or self.has_attachment
            or self.has_link
            or self.before
            or self.after
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One row of search results: a message, or a conversation found by its person,
    title or notes (``message_id`` None)."""

    conversation: ConversationSummary
    message_id: int | None
    sender_name: str
    sent_at: datetime
    snippet: str
    """Plain text around the hit."""
    highlights: tuple[tuple[int, int], ...] = ()
    """(start, end) of each matched word in ``snippet``."""


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    more: SearchCursor | None
    """Where the next page starts; None at the end."""


@dataclass(frozen=True, slots=True)
class SearchCursor:
    ranked: tuple[int, ...] = ()
    """Ranked message ids not shown yet."""
    before_id: int | None = None
    """Past the ranked ones: messages older than this id."""
    before_activity: tuple[int, int] | None = None
    """Conversation results: the keyset (last activity ms, id) to continue below."""


@dataclass(frozen=True, slots=True)
class SavedView:
    """A search kept in the left pane, with the text as typed."""

    id: int
    name: str
    query: str
    position: int = 0


class PeopleSort(StrEnum):
    """What the People table lists by (its columns that sort)."""

    NAME = "name"
    STAGE = "stage"
    LAST_MESSAGE = "last_message"
    WAITING = "waiting"
    FOLLOW_UP = "follow_up"
    NOTES = "notes"
    MESSAGES = "messages"


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    """Which people the People table lists, and in which order."""

    text: str = ""
    """A name or handle, or part of one."""
    tag: str = ""
    stage: str = ""
    platform: Platform | None = None
    sort: PeopleSort = PeopleSort.LAST_MESSAGE
    descending: bool = True


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person in the People table."""

    contact_id: int
    name: str
    platforms: tuple[Platform, ...]
    handles: tuple[str, ...]
    tags: tuple[str, ...]
    stage: str
    last_message_at: datetime | None
    waiting_since: datetime | None
    follow_up_on: date | None
    notes: int
    messages: int
    latest_conversation_id: int | None
    """The one Enter opens: their latest conversation not in Trash."""


@dataclass(frozen=True, slots=True)
class PeopleImportRow:
    """One line of a people spreadsheet, matched to its person."""

    line: int
    contact_id: int
    handle: str
    tags: tuple[str, ...] = ()
    stage: str = ""
    note: str = ""
