"""Meta's mojibake is repaired; text that is not mojibake is left exactly as it is."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmdesk.importers.meta_text import repair, repair_all


def as_meta_writes(text: str) -> str:
    """What Meta's exporter does to a string, seen after JSON parsing."""
    escaped = "".join(f"\\u00{byte:02x}" for byte in text.encode("utf-8"))
    return json.loads(f'"{escaped}"')


@pytest.mark.parametrize(
    "original",
    ["don’t", "Chloé", "💛 thank you!", "Привет", "日本語のテキスト", "naïve café – ok"],
)
def test_mojibake_is_repaired(original: str) -> None:
    assert repair(as_meta_writes(original)) == original


@pytest.mark.parametrize(
    "clean",
    ["plain ascii", "Привет", "emoji 💛", "café", "£5 or €6", ""],
)
def test_text_that_is_not_mojibake_is_left_alone(clean: str) -> None:
    assert repair(clean) == clean


def test_every_string_in_a_thread_is_repaired() -> None:
    thread = {
        "participants": [{"name": as_meta_writes("Zoë")}],
        "messages": [{"sender_name": as_meta_writes("Zoë"), "content": as_meta_writes("¿Qué?")}],
        "count": 1,
    }
    assert repair_all(thread) == {
        "participants": [{"name": "Zoë"}],
        "messages": [{"sender_name": "Zoë", "content": "¿Qué?"}],
        "count": 1,
    }


@given(st.text())
def test_repairing_what_meta_wrote_gives_back_any_text(text: str) -> None:
    assert repair(as_meta_writes(text)) == text


@given(st.text())
def test_repair_never_fails(text: str) -> None:
    assert isinstance(repair(text), str)
