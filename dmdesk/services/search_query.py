"""What a search box's text means: words, "phrases", prefixes, and filters
(``from:`` ``platform:`` ``is:`` ``has:`` ``before:`` ``after:`` ``tag:``
``stage:`` ``waited:>4h``).

Any text parses: a filter this does not understand (``is:happy``,
``before:someday``) is read as plain words, an unbalanced quote closes at the
end, and words with nothing to search for (emoji, punctuation) are dropped.
The store turns the result into SQL; nothing typed ever reaches SQL as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dmdesk.domain import ConversationState, Platform, SearchQuery, SearchTerm, stage_key

MAX_TERMS = 16
"""Words beyond these are ignored: a pasted page is not a search."""
MIN_PREFIX = 2
"""A single letter being typed is matched as a word, not as every word it starts."""

FILTERS = ("from", "platform", "is", "has", "before", "after", "tag", "stage", "waited")
COMPLETIONS = (
    "from:",
    *(f"platform:{p.value}" for p in Platform if p not in (Platform.SIGNAL, Platform.MATRIX)),
    *(f"is:{s.value}" for s in ConversationState),
    "is:waiting",
    "waited:>4h",
    "has:attachment",
    "has:link",
    "before:",
    "after:",
    "tag:",
    "stage:",
)
"""What the search box offers as you type a filter (the window adds the
workspace's own tags and stages)."""

_PIECE = re.compile(
    r"""(?P<filter>(?P<key>[A-Za-z]+):(?P<value>"[^"]*"?|\S*))
      | "(?P<phrase>[^"]*)"?
      | (?P<word>[^\s"]+)""",
    re.VERBOSE,
)
_WORD_CHARS = re.compile(r"[^\W_]", re.UNICODE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_SPAN = re.compile(r"^>?=?(\d{1,4})\s*(h|hours?|d|days?)$")


@dataclass
class _Query:
    terms: list[SearchTerm] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    states: set[ConversationState] = field(default_factory=set)
    tags: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    has_attachment: bool = False
    has_link: bool = False
    before: date | None = None
    after: date | None = None
    waited_at_least: timedelta | None = None


def parse(text: str) -> SearchQuery:
    text = text.replace("\x00", " ")  # SQLite reads a NUL as the end of a string
    query = _Query()
    pieces = list(_PIECE.finditer(text))
    typing_last = bool(text) and not text[-1].isspace()
    for number, piece in enumerate(pieces):
        last = number == len(pieces) - 1
        if piece["filter"] and _apply_filter(query, piece["key"].lower(), _unquote(piece["value"])):
            continue
        if piece["phrase"] is not None:
            _add_term(query, SearchTerm(piece["phrase"], phrase=True))
        else:
            word = piece.group(0) if piece["filter"] else piece["word"]
            prefix = word.endswith("*") or (last and typing_last)
            word = word.rstrip("*")
            letters = len(_WORD_CHARS.findall(word))
            _add_term(query, SearchTerm(word, prefix=prefix and letters >= MIN_PREFIX))
    return SearchQuery(
        terms=tuple(query.terms[:MAX_TERMS]),
        senders=tuple(query.senders),
        platforms=tuple(dict.fromkeys(query.platforms)),
        states=frozenset(query.states),
        has_attachment=query.has_attachment,
        has_link=query.has_link,
        before=query.before,
        after=query.after,
        tags=tuple(query.tags),
        waited_at_least=query.waited_at_least,
        stages=tuple(dict.fromkeys(query.stages)),
    )


def _add_term(query: _Query, term: SearchTerm) -> None:
    if _WORD_CHARS.search(term.text):  # "😀", "--" and "" have nothing to find
        query.terms.append(term)


def _apply_filter(query: _Query, key: str, value: str) -> bool:
    """Apply ``key:value``; False when it is not a filter we know (then it is words)."""
    value = value.strip()
    if key not in FILTERS:
        return False
    if not value:
        return True  # "from:" with its value still to come: nothing to search yet
    lowered = value.casefold()
    if key == "from":
        query.senders.append(value)
    elif key == "tag":
        query.tags.append(value)
    elif key == "stage":
        query.stages.append(stage_key(value))
    elif key == "platform":
        platform = next((p for p in Platform if lowered in (p.value, p.label.casefold())), None)
        if platform is None:
            return False
        query.platforms.append(platform)
    elif key == "is":
        aliases = {"waiting": ConversationState.UNANSWERED.value}  # the Waiting view's name
        lowered = aliases.get(lowered, lowered)
        state = next((s for s in ConversationState if s.value == lowered), None)
        if state is None:
            return False
        query.states.add(state)
    elif key == "has":
        if lowered in ("attachment", "attachments", "file", "files", "photo"):
            query.has_attachment = True
        elif lowered in ("link", "links", "url"):
            query.has_link = True
        else:
            return False
    elif key == "waited":
        span = _SPAN.match(lowered)
        if span is None:
            return False
        number, unit = int(span[1]), span[2][0]
        query.waited_at_least = timedelta(hours=number) if unit == "h" else timedelta(days=number)
    else:  # before, after
        day = _day(value)
        if day is None:
            return False
        if key == "before":
            query.before = day
        else:
            query.after = day
    return True


def _day(text: str) -> date | None:
    """2024-03-15, 2024-03 (its first day) or 2024 (1 January)."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _unquote(value: str) -> str:
    return value[1:].removesuffix('"') if value.startswith('"') else value


def suggested_name(query: SearchQuery) -> str:
    """A name to offer for a search being saved (here, not with the saved views:
    those import the store, which the window must not load before it paints), in
    words rather than syntax:
    ``is:unanswered platform:instagram`` is "Unanswered on Instagram"."""
    parts: list[str] = [state.value.capitalize() for state in sorted(query.states)]
    words = " ".join(f"“{t.text}”" if t.phrase else t.text for t in query.terms)
    if words:
        parts.append(words if parts else words[:1].upper() + words[1:])
    if query.senders:
        parts.append("from " + ", ".join(query.senders))
    if query.has_attachment:
        parts.append("with files")
    if query.has_link:
        parts.append("with links")
    if query.tags:
        parts.append("tagged " + ", ".join(query.tags))
    if query.stages:
        parts.append("at " + " or ".join(s.replace("-", " ") for s in query.stages))
    if query.platforms:
        parts.append("on " + " and ".join(p.label for p in query.platforms))
    if query.after:
        parts.append(f"since {query.after:%d %b %Y}")
    if query.before:
        parts.append(f"before {query.before:%d %b %Y}")
    if query.waited_at_least:
        hours = int(query.waited_at_least.total_seconds() // 3600)
        parts.append(f"waiting over {hours} h" if hours < 48 else f"waiting over {hours // 24} d")
    name = " ".join(parts).strip()
    return (name[:1].upper() + name[1:])[:60] if name else "Saved search"
