"""The JSON that Meta's "Download your information" writes for Instagram and
Messenger: one folder per thread under a section (inbox, archived, requests…),
each holding ``message_1.json``, ``message_2.json`` … of about 10,000 messages.

Instagram and Messenger differ in where the folders sit and in a few fields;
``instagram.py`` and ``messenger.py`` say those parts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar

from dmdesk.domain import NAME_ONLY_ID, AttachmentKind
from dmdesk.importers.bounds import JSON_FILE_BYTES, TooDeep, TooLong
from dmdesk.importers.meta_text import repair, repair_all
from dmdesk.importers.model import (
    ImportedMedia,
    ImportedMessage,
    ImportedThread,
    Importer,
    ImportFormatError,
    MessageKeys,
    Person,
    Section,
    person_named,
)

if TYPE_CHECKING:
    from dmdesk.importers.source import DownloadSource

MESSAGE_FILE = re.compile(
    r"^(?P<root>(?:.*/)?)messages/(?P<section>[a-z0-9_]+)/(?P<thread>[^/]+)/message_(?P<n>\d+)\.json$"
)

SECTIONS = {
    "inbox": Section.INBOX,
    "archived_threads": Section.ARCHIVED,
    "message_requests": Section.REQUESTS,
    "filtered_threads": Section.REQUESTS,
    "e2ee_cutover": Section.INBOX,  # history from before the chat was end-to-end encrypted
}

MEDIA_FIELDS = {
    "photos": AttachmentKind.IMAGE,
    "videos": AttachmentKind.VIDEO,
    "audio_files": AttachmentKind.AUDIO,
    "gifs": AttachmentKind.IMAGE,
    "files": AttachmentKind.FILE,
}

FACEBOOK_ONLY_SECTIONS = {"archived_threads", "filtered_threads", "e2ee_cutover"}
INSTAGRAM_PROFILE = "personal_information/personal_information.json"
FACEBOOK_PROFILE = "profile_information/profile_information.json"

LONE_MESSAGE_FILE = re.compile(r"^message_\d+\.json$")
"""A thread's message file picked on its own, away from its folder."""
LONE_THREAD = ("", "inbox", "")
"""Its place in ``message_files``: the thread's name comes from inside it."""
NOTICE_WORDS = 60
"""How long the words after the sender's name in "Ana sent an attachment." are at
most, in any language Meta writes them ("Ana hat einen Anhang gesendet.")."""
INSTAGRAM_FIELDS = (b'"is_geoblocked_for_viewer"', b'"joinable_mode"')
MESSENGER_FIELDS = (b'"call_duration"', b'"backup_uri"', b'"sticker"', b'"gifs"')
"""Fields only one of the two writes, for a message file that says nothing else."""
PEEK_BYTES = 1 << 20


def message_files(
    names: list[str], chosen: str | None = None
) -> dict[tuple[str, str, str], list[str]]:
    """(root, section, thread folder) -> its message files, message_1 first. A
    message file picked on its own, away from its folder, is one thread
    (``LONE_THREAD``)."""
    threads: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for name in names:
        match = MESSAGE_FILE.match(name)
        if match and match["section"] in SECTIONS:
            key = (match["root"], match["section"], match["thread"])
            threads[key].append((int(match["n"]), name))
    if not threads and chosen is not None and LONE_MESSAGE_FILE.match(chosen):
        return {LONE_THREAD: [chosen]}
    return {key: [name for _, name in sorted(files)] for key, files in threads.items()}


class MetaImporter(Importer):
    """What Instagram and Messenger downloads share."""

    fallback_name: ClassVar[str] = "Unknown"
    """Who a message is from when the download leaves the name out (a deleted account)."""

    def __init__(self, source: DownloadSource) -> None:
        super().__init__(source)
        self._threads = message_files(source.names(), source.chosen_file)

    def files(self) -> list[str]:
        return [name for files in self._threads.values() for name in files]

    def threads(self) -> Iterator[ImportedThread]:
        for (root, section, folder), files in sorted(self._threads.items()):
            first = self._load(files[0])
            people = tuple(
                person_named(_text(p.get("name")) or self.fallback_name)
                for p in _list(first, "participants", self.source.described(files[0]))
                if isinstance(p, Mapping)
            )
            title = _text(first.get("title")) or ", ".join(p.name for p in people)
            group = len(people) > 2 or first.get("thread_type") == "RegularGroup"
            folder = folder or _thread_folder(first, people)
            yield ImportedThread(
                key=folder,
                title=title,
                is_group=group,
                people=people,
                messages=self._messages(root, folder, files, first),
                section=SECTIONS[section],
                source_file=files[0],
            )

    def _messages(
        self, root: str, folder: str, files: list[str], first: Mapping[str, Any]
    ) -> Iterator[ImportedMessage]:
        keys = MessageKeys(self.format, folder)
        for name in files:
            data = first if name == files[0] else self._load(name)
            described = self.source.described(name)
            for number, item in enumerate(_list(data, "messages", described), start=1):
                if not isinstance(item, Mapping):
                    raise ImportFormatError(f"{described}: message {number} is not an object")
                yield self._message(item, keys, root, f"{described}, message {number}")

    def _message(
        self, item: Mapping[str, Any], keys: MessageKeys, root: str, where: str
    ) -> ImportedMessage:
        stamp = item.get("timestamp_ms")
        if not isinstance(stamp, int) or isinstance(stamp, bool):
            raise ImportFormatError(f"{where}: no timestamp_ms")
        try:
            sent_at = datetime.fromtimestamp(stamp / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            raise ImportFormatError(f"{where}: timestamp_ms {stamp} is not a date") from None
        sender = person_named(_text(item.get("sender_name")) or self.fallback_name)
        media = tuple(self._media(item, root))
        text = _text(item.get("content"))
        edited = text.endswith(" (edited)")
        if edited:
            text = text.removesuffix(" (edited)")
        if media and _is_attachment_notice(text, sender.name):
            text = ""
        share = item.get("share")
        if isinstance(share, Mapping):
            link = _text(share.get("link"))
            if not text:
                text = _text(share.get("share_text"))
            if link and link not in text:
                text = f"{text}\n{link}" if text else link
        return ImportedMessage(
            key=keys(sender.id, str(stamp), text),
            sender=sender,
            text=text,
            sent_at=sent_at,
            media=media,
            edited=edited,
            unsent=item.get("is_unsent") is True,
        )

    def _media(self, item: Mapping[str, Any], root: str) -> Iterator[ImportedMedia]:
        found: list[tuple[AttachmentKind, Any]] = []
        for field, kind in MEDIA_FIELDS.items():
            entries = item.get(field)
            if isinstance(entries, list):
                found.extend((kind, entry) for entry in entries)
        sticker = item.get("sticker")
        if isinstance(sticker, Mapping):
            found.append((AttachmentKind.STICKER, sticker))
        for kind, entry in found:
            uri = _text(entry.get("uri")) if isinstance(entry, Mapping) else ""
            if not uri:
                continue
            name = PurePosixPath(uri).name
            if uri.startswith(("http://", "https://")):
                yield ImportedMedia(kind, name, url=uri)
            elif self.source.exists(uri):
                yield ImportedMedia(kind, name, path=uri)
            elif self.source.exists(root + uri):
                yield ImportedMedia(kind, name, path=root + uri)
            elif self.source.exists(within := uri[max(uri.find("messages/"), 0) :]):
                # One thread picked on its own: named from its messages/ folder.
                yield ImportedMedia(kind, name, path=within)
            else:
                yield ImportedMedia(kind, name)  # named in the download, file not included

    def _load(self, name: str) -> Mapping[str, Any]:
        if self.source.size(name) > JSON_FILE_BYTES:
            raise TooLong(
                f"{self.source.described(name)}: is {self.source.size(name) >> 20:,} MB, "
                f"more than any message file of a real download "
                f"({JSON_FILE_BYTES >> 20} MB at most); it was not imported"
            )
        try:
            with self.source.open_json(name) as stream:
                data = json.load(stream)
        except RecursionError:
            raise TooDeep(f"{self.source.described(name)}: is nested too deep") from None
        except json.JSONDecodeError as error:
            raise ImportFormatError(
                f"{self.source.described(name)}, line {error.lineno}: this is not valid JSON "
                f"({error.msg}); the file may be cut short"
            ) from None
        except UnicodeDecodeError:
            raise ImportFormatError(f"{self.source.described(name)}: not UTF-8 text") from None
        if not isinstance(data, Mapping):
            raise ImportFormatError(f"{self.source.described(name)}: this is not a message file")
        return data

    def _profile(self, suffix: str) -> Mapping[str, Any] | None:
        """The owner's profile file, or None if it is missing or unreadable (the owner
        is then found another way)."""
        for name in self.source.names():
            if not name.endswith(suffix):
                continue
            try:
                with self.source.open_json(name) as stream:
                    data = json.load(stream)
            except (json.JSONDecodeError, UnicodeDecodeError, ImportFormatError, RecursionError):
                return None
            return repair_all(data) if isinstance(data, Mapping) else None
        return None


def _list(data: Mapping[str, Any], key: str, name: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ImportFormatError(f"{name}: has no {key!r} list; is this a message file?")
    return value


def _text(value: Any) -> str:
    """A string field, its mojibake repaired (only the fields read are repaired)."""
    return repair(value) if isinstance(value, str) else ""


def _is_attachment_notice(text: str, sender: str) -> bool:
    """Whether ``text`` is what Meta writes for a message that is only a photo or a
    file, in whichever language the download is in: the sender's name, a few words,
    a full stop ("Ana sent an attachment.", "Ana envió un archivo adjunto.")."""
    if not sender or not text.startswith(sender + " ") or not text.endswith("."):
        return False
    words = text[len(sender) + 1 : -1]
    return 0 < len(words) <= NOTICE_WORDS and "." not in words and "://" not in words


def _thread_folder(first: Mapping[str, Any], people: tuple[Person, ...]) -> str:
    """The thread's folder name for a message file picked away from its folder:
    the last part of its ``thread_path`` ("inbox/analima_1234"), as the whole
    download names it; else one made of who is in it."""
    path = _text(first.get("thread_path"))
    if path.strip("/"):
        return path.strip("/").rpartition("/")[2]
    names = "\x1f".join(sorted(p.name for p in people))
    return "thread_" + hashlib.blake2b(names.encode(), digest_size=8).hexdigest()


def flavour(source: DownloadSource) -> str | None:
    """ "instagram" or "messenger" for a Meta messages download, None if it does not say."""
    names = source.names()
    threads = message_files(names, source.chosen_file)
    if not threads:
        return None
    if source.chosen_file is not None:
        return _chosen_file_flavour(source)
    roots = {root for root, _, _ in threads}
    sections = {section for _, section, _ in threads}
    if any("instagram" in root for root in roots):
        return "instagram"
    if any("facebook" in root for root in roots) or sections & FACEBOOK_ONLY_SECTIONS:
        return "messenger"
    if any(name.endswith(INSTAGRAM_PROFILE) for name in names):
        return "instagram"
    if any(name.endswith(FACEBOOK_PROFILE) for name in names):
        return "messenger"
    # The zip as downloaded is named "instagram-<user>-<date>.zip" or "facebook-…".
    lowered = source.name.lower()
    if "instagram" in lowered:
        return "instagram"
    if "facebook" in lowered or "messenger" in lowered:
        return "messenger"
    return None


def _chosen_file_flavour(source: DownloadSource) -> str | None:
    """Whose one thread file was picked: the folders it sits in say it
    ("instagram-maya-2024…", "your_instagram_activity"), else a field only one of
    the two platforms writes."""
    assert source.chosen_file is not None
    # Above messages/<section>/<thread>/ where it is in its folder; never the thread's
    # own folder, which is named after a person.
    above = source.path.parents[3] if "/" in source.chosen_file else source.path.parent
    folders = " ".join(part.lower() for part in above.parts[-3:])
    if "instagram" in folders:
        return "instagram"
    if "facebook" in folders or "messenger" in folders:
        return "messenger"
    with source.open(source.chosen_file) as stream:
        head = stream.read(PEEK_BYTES)
    if any(field in head for field in INSTAGRAM_FIELDS):
        return "instagram"
    if any(field in head for field in MESSENGER_FIELDS) or b'"type": "Call"' in head:
        return "messenger"
    return None


def owner_named(name: str, handle: str = "") -> Person | None:
    return Person(id=f"{NAME_ONLY_ID}{name}", name=name, handle=handle) if name else None
