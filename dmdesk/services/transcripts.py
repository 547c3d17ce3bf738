"""Exporting conversations: a readable transcript (txt) or data for other tools
(json, csv). Written as a stream, a conversation and a chunk of messages at a
time, so exporting a million messages needs no more memory than one chunk."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol, TextIO

from dmdesk.domain import Attachment, ConversationSummary, Direction, Message
from dmdesk.services.safe_output import for_spreadsheet, for_terminal

FORMATS = ("json", "csv", "txt")
CSV_COLUMNS = (
    "conversation_id",
    "conversation",
    "platform",
    "message_id",
    "sent_at",
    "direction",
    "sender",
    "text",
    "attachments",
)


class TranscriptSource(Protocol):
    def conversation(self, conversation_id: int) -> ConversationSummary | None: ...

    def whole_thread(self, conversation_id: int, chunk: int = 1000) -> Iterator[Message]: ...


def export(
    source: TranscriptSource, conversation_ids: Iterable[int], format_name: str, out: TextIO
) -> tuple[int, int]:
    """Write the conversations to ``out``; returns (conversations, messages)."""
    writer = {"json": _write_json, "csv": _write_csv, "txt": _write_txt}[format_name]
    conversations = (
        found for found in (source.conversation(cid) for cid in conversation_ids) if found
    )
    return writer(source, conversations, out)


def _write_txt(
    source: TranscriptSource, conversations: Iterable[ConversationSummary], out: TextIO
) -> tuple[int, int]:
    counted = messages = 0
    for conversation in conversations:
        if counted:
            out.write("\n\n")
        counted += 1
        heading = for_terminal(f"{conversation.title} · {conversation.platform.label}")
        out.write(f"{heading}\n{'=' * len(heading)}\n")
        day = None
        for message in source.whole_thread(conversation.id):
            messages += 1
            local = message.sent_at.astimezone()
            if local.date() != day:
                day = local.date()
                out.write(f"\n{day:%A, %d %B %Y}\n")
            who = "You" if message.direction is Direction.OUTGOING else message.sender_name
            who = for_terminal(who)
            text = "(unsent)" if message.unsent else for_terminal(message.text)
            lines = text.splitlines() + [
                f"[{a.kind.value}: {for_terminal(_where(a))}]" for a in message.attachments
            ]
            out.write(f"[{local:%H:%M}] {who}: {lines[0] if lines else ''}\n")
            for line in lines[1:]:
                out.write(f"        {line}\n")
    return counted, messages


def _write_csv(
    source: TranscriptSource, conversations: Iterable[ConversationSummary], out: TextIO
) -> tuple[int, int]:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    counted = messages = 0
    for conversation in conversations:
        counted += 1
        for message in source.whole_thread(conversation.id):
            messages += 1
            writer.writerow(
                for_spreadsheet(cell)
                for cell in (
                    conversation.id,
                    conversation.title,
                    conversation.platform.value,
                    message.id,
                    message.sent_at.isoformat(),
                    message.direction.value,
                    message.sender_name,
                    message.text,
                    "; ".join(_where(a) for a in message.attachments),
                )
            )
    return counted, messages


def _write_json(
    source: TranscriptSource, conversations: Iterable[ConversationSummary], out: TextIO
) -> tuple[int, int]:
    counted = messages = 0
    out.write('{"format": "dmdesk-export", "version": 1, "conversations": [')
    for conversation in conversations:
        out.write(",\n" if counted else "\n")
        counted += 1
        head = json.dumps(_conversation_data(conversation), ensure_ascii=False)
        out.write(head[:-1] + ', "messages": [')
        for number, message in enumerate(source.whole_thread(conversation.id)):
            messages += 1
            out.write(",\n" if number else "\n")
            out.write(json.dumps(_message_data(message), ensure_ascii=False))
        out.write("]}")
    out.write("\n]}\n")
    return counted, messages


def _conversation_data(conversation: ConversationSummary) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "platform": conversation.platform.value,
        "title": conversation.title,
        "is_group": conversation.is_group,
        "archived": conversation.flags.archived,
        "participants": [
            {"id": p.platform_user_id, "name": p.display_name, "handle": p.handle}
            for p in conversation.participants
        ],
    }


def _message_data(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "platform_message_id": message.platform_message_id,
        "sent_at": _iso(message.sent_at),
        "direction": message.direction.value,
        "sender": message.sender_name,
        "text": message.text,
        "status": message.status.value,
        "edited": message.edited,
        "unsent": message.unsent,
        "attachments": [
            {"kind": a.kind.value, "name": a.name, "url": a.url, "file": a.local_path}
            for a in message.attachments
        ],
    }


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def _where(attachment: Attachment) -> str:
    return attachment.local_path or attachment.url or attachment.name
