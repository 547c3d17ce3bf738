"""The demo connector: keeps the demo workspace alive without any network.

Every 30 to 90 seconds one of the demo accounts receives a follow-up from one
of its customers, and replies you send are marked delivered a moment later.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Generator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dmdesk.connectors.base import Connector, PermanentError
from dmdesk.connectors.demo_content import FOLLOW_UPS, PEOPLE, PICTURES, PRODUCTS, SOUNDS, Person
from dmdesk.domain import (
    AccountIdentity,
    Attachment,
    Direction,
    FetchedMessage,
    FetchResult,
    MessageStatus,
    OutgoingMessage,
    Participant,
    Platform,
    StatusUpdate,
)
from dmdesk.paths import resources_dir

Clock = Callable[[], datetime]


DEMO_CONNECTOR = "demo"
"""``Account.connector`` of the demo workspace's accounts."""
DEMO_FILES = "demo://attachments/"
"""Where the demo's files are, as a platform's address."""


def demo_file(name: str) -> Path | None:
    """One of the demo's real pictures or voice notes, by its name; None for an
    invented file."""
    if name not in PICTURES and name not in SOUNDS:
        return None
    found = resources_dir() / "demo" / name
    return found if found.is_file() else None


def utc_now() -> datetime:
    return datetime.now(UTC)


def person_participant(index: int, person: Person) -> Participant:
    return Participant(f"demo-user-{index}", person.name, person.handle)


def conversation_key(index: int) -> str:
    return f"demo-dm-{index}"


class DemoSchedule:
    """Decides, across all demo accounts, when the next message arrives and where."""

    def __init__(
        self,
        platforms: list[Platform],
        rng: random.Random | None = None,
        clock: Clock = utc_now,
        interval: tuple[float, float] = (30.0, 90.0),
    ) -> None:
        self._platforms = platforms
        self._rng = rng or random.Random()
        self._clock = clock
        self._interval = interval
        self._lock = threading.Lock()
        self._due = clock() + self._gap()
        self._next_platform = self._rng.choice(platforms)

    def _gap(self) -> timedelta:
        return timedelta(seconds=self._rng.uniform(*self._interval))

    def take(self, platform: Platform) -> bool:
        """True once per arrival, for the account whose turn it is."""
        with self._lock:
            now = self._clock()
            if now < self._due or platform is not self._next_platform:
                return False
            self._due = now + self._gap()
            self._next_platform = self._rng.choice(self._platforms)
            return True

    def pick(self, options: list[int]) -> int:
        with self._lock:
            return self._rng.choice(options)


class DemoConnector(Connector):
    idempotent_sends = True  # the platform id is derived from the client id

    def __init__(
        self,
        platform: Platform,
        schedule: DemoSchedule,
        clock: Clock = utc_now,
        delivery_delay: timedelta = timedelta(seconds=2),
    ) -> None:
        self.platform = platform
        self._schedule = schedule
        self._clock = clock
        self._delivery_delay = delivery_delay
        self._lock = threading.Lock()
        self._sent: dict[str, datetime] = {}
        self._customers = [i for i, p in enumerate(PEOPLE) if p.platform is platform]

    def poll_interval_seconds(self) -> float:
        return 2.0

    def check(self) -> AccountIdentity:
        return AccountIdentity(f"Demo {self.platform.label}", "@juniperandthread")

    def download(self, attachment: Attachment) -> Generator[bytes, None, None]:
        """The demo's pictures are real files DMDesk ships; its other files are names."""
        picture = demo_file(attachment.url.removeprefix(DEMO_FILES))
        if picture is None:
            raise PermanentError(
                "This file is invented for the demo: only its photos are real. Connect an "
                "account in File → Accounts to see customers' own files."
            )
        yield picture.read_bytes()

    def fetch(self, cursor: str | None) -> FetchResult:
        now = self._clock()
        with self._lock:
            delivered = [pid for pid, at in self._sent.items() if now - at >= self._delivery_delay]
            for pid in delivered:
                del self._sent[pid]
        updates = tuple(StatusUpdate(pid, MessageStatus.DELIVERED) for pid in delivered)
        count = int(cursor or 0)
        messages: tuple[FetchedMessage, ...] = ()
        if self._customers and self._schedule.take(self.platform):
            count += 1
            messages = (self._follow_up(count, now),)
        return FetchResult(messages=messages, status_updates=updates, cursor=str(count))

    def _follow_up(self, count: int, now: datetime) -> FetchedMessage:
        index = self._schedule.pick(self._customers)
        person = PEOPLE[index]
        line = FOLLOW_UPS[(count + index) % len(FOLLOW_UPS)]
        product = PRODUCTS[index % len(PRODUCTS)][0]
        sender = person_participant(index, person)
        return FetchedMessage(
            platform_conversation_id=conversation_key(index),
            platform_message_id=f"demo-live-{self.platform.value}-{count}-{now.timestamp()}",
            sender=sender,
            direction=Direction.INCOMING,
            text=line.format(product=product),
            sent_at=now,
            conversation_title=person.name,
            participants=(sender,),
        )

    def send(self, message: OutgoingMessage) -> str:
        # Derived from the client id, so a retried send gets the same platform id,
        # as platforms with idempotency keys behave.
        platform_id = f"demo-sent-{message.client_id}"
        with self._lock:
            self._sent.setdefault(platform_id, self._clock())
        return platform_id
