"""Links from customers, shown for what they are before they open.

A link's text can pass for another site: ``https://www.paypal.com@evil.example/``
goes to evil.example, ``https://аpple.com`` (a Cyrillic а) is not apple.com, and
bidi controls turn text around. Before a link opens, its owner is shown the
host it really goes to: the host part of the parsed URL, in punycode where it
mixes scripts. Only web, mail and phone links open at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

OPENABLE = ("http", "https", "mailto", "tel")
LINK_PATTERN = re.compile(
    r"\b(?:https?://|mailto:|tel:)[^\s<>\"'\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+",
    re.IGNORECASE,
)
"""A link in plain text, starting at a word's start ("Hotel:Ritz" is no phone
link); it ends at a space, a quote, markup or an invisible format character (a
bidi control is never part of a link)."""
_TRAILING = ".,;:!?)"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    url: str
    scheme: str
    shown_host: str
    """Where it really goes: the web host (punycode where it mixes scripts, or is
    not valid), or the mail address or phone number."""


def links_in(text: str) -> list[tuple[int, int]]:
    """Where the links are in a text, as (start, end), without trailing punctuation."""
    spans = []
    for match in LINK_PATTERN.finditer(text):
        end = match.start() + len(match.group(0).rstrip(_TRAILING))
        if end > match.start():
            spans.append((match.start(), end))
    return spans


def link_target(url: str) -> LinkTarget | None:
    """What a link opens, or None for one DMDesk does not open (``file:``,
    ``javascript:``, a web link without a host, anything unparseable)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in OPENABLE:
        return None
    if scheme in ("mailto", "tel"):
        shown = unquote(parts.path).split("?", 1)[0]
        return LinkTarget(url, scheme, visible(shown)) if shown else None
    try:
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    return LinkTarget(url, scheme, shown_host(host))


def shown_host(host: str) -> str:
    """A host as it can be trusted on screen: as it is where it is plain ASCII or
    of one script; otherwise its punycode (``xn--pple-43d.com``), which cannot
    pass for a familiar name."""
    host = host.rstrip(".")
    if host.isascii():
        return host.lower()
    import idna  # only for a host that is not plain ASCII, never at start-up

    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host.encode("ascii", "backslashreplace").decode("ascii")
    if all(len(_scripts(label)) <= 1 for label in host.split(".")):
        return f"{idna.decode(ascii_host)} ({ascii_host})"
    return ascii_host


def _scripts(label: str) -> set[str]:
    """The scripts of a host label's letters (the first word of each character's
    Unicode name: LATIN, CYRILLIC, GREEK…); digits and hyphens have none."""
    return {
        unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
        for char in label
        if unicodedata.category(char).startswith("L")
    }


def visible(text: str) -> str:
    """Text with its invisible format and control characters taken out, so what is
    shown cannot be turned around or hidden."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
