"""A link shows where it really goes, and only web, mail and phone links open."""

from __future__ import annotations

import pytest

from dmdesk.services.links import link_target, links_in


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.paypal.com@evil.example/login", "evil.example"),
        ("https://www.paypal.com%2Flogin@evil.example/", "evil.example"),
        ("https://\u0430pple.com/", "xn--pple-43d.com"),
        ("https://SHOP.example:8443/a?b=c", "shop.example"),
        ("https://bücher.example/", "bücher.example (xn--bcher-kva.example)"),
        ("mailto:ana@shop.example?subject=hi", "ana@shop.example"),
        ("tel:+441234567", "+441234567"),
    ],
)
def test_a_link_shows_its_real_host(url, host) -> None:
    target = link_target(url)
    assert target is not None and target.shown_host == host


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>", "https://", "ftp://x"],
)
def test_only_web_mail_and_phone_links_open(url) -> None:
    assert link_target(url) is None


def test_a_link_in_text_ends_at_a_bidi_control_and_trailing_punctuation() -> None:
    text = "pay at https://shop.example/pay\u202elive.evil and see https://a.example/x."
    spans = [text[start:end] for start, end in links_in(text)]
    assert spans == ["https://shop.example/pay", "https://a.example/x"]


def test_a_scheme_inside_a_word_is_no_link() -> None:
    text = "Staying at Hotel:Ritz, call tel:+44123"
    assert [text[a:b] for a, b in links_in(text)] == ["tel:+44123"]
