"""How times, sizes and snippets read in the window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dmdesk.domain import AttachmentKind

ATTACHMENT_SYMBOLS = {
    AttachmentKind.IMAGE: "🖼",
    AttachmentKind.VIDEO: "🎬",
    AttachmentKind.AUDIO: "🎵",
    AttachmentKind.FILE: "📄",
    AttachmentKind.LINK: "🔗",
    AttachmentKind.STICKER: "💟",
}


def relative_time(moment: datetime, now: datetime) -> str:
    """'now', '5m', '3h', 'Yesterday', 'Mon', '12 Nov', '12 Nov 2024'."""
    local, today = moment.astimezone(), now.astimezone()
    delta = today - local
    if delta < timedelta(minutes=1):
        return "now"
    if delta < timedelta(hours=1):
        return f"{int(delta.total_seconds() // 60)}m"
    if local.date() == today.date():
        return f"{int(delta.total_seconds() // 3600)}h"
    if local.date() == today.date() - timedelta(days=1):
        return "Yesterday"
    if delta < timedelta(days=7):
        return local.strftime("%a")
    if local.year == today.year:
        return f"{local.day} {local.strftime('%b')}"
    return f"{local.day} {local.strftime('%b %Y')}"


def day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if today - day < timedelta(days=7):
        return day.strftime("%A")
    return f"{day.strftime('%A')}, {day.day} {day.strftime('%B %Y')}"


def clock_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def file_size(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


def duration_words(milliseconds: int | None) -> str:
    """A video's or voice note's length as players show it: 0:42, 12:05, 1:02:09."""
    if milliseconds is None or milliseconds < 0:
        return ""
    minutes, seconds = divmod(round(milliseconds / 1000), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def one_line(text: str, limit: int = 200) -> str:
    """Untrusted text folded onto one line for a list row."""
    return " ".join(text[: limit * 2].split())[:limit]


def initials(name: str) -> str:
    words = [w for w in name.replace("@", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    first = words[0][0]
    last = words[-1][0] if len(words) > 1 else ""
    return (first + last).upper()
