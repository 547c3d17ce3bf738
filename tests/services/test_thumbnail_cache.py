"""Thumbnails kept on disk: found again by the original's path, size and time,
never for a file replaced under the same name, and the least recently used go
first once the cache is over its size."""

from __future__ import annotations

import os

from dmdesk.services.thumbnail_cache import ThumbnailCache, thumbnail_key


def test_a_thumbnail_is_found_again_and_not_for_a_replaced_file(tmp_path) -> None:
    original = tmp_path / "parcel.jpg"
    original.write_bytes(b"first photo")
    cache = ThumbnailCache(tmp_path / "thumbnails")
    key = thumbnail_key(original, 280, 210, False)
    assert key is not None
    cache.put(key, 1600, 1200, b"png bytes")
    assert cache.get(key) == (1600, 1200, b"png bytes")
    assert thumbnail_key(original, 138, 138, True) != key  # another shape, another key
    original.write_bytes(b"another photo, same name")
    os.utime(original, ns=(1, 1))
    assert thumbnail_key(original, 280, 210, False) != key
    assert thumbnail_key(tmp_path / "gone.jpg", 280, 210, False) is None
    cache.close()


def test_the_least_recently_used_go_first_past_the_size_limit(tmp_path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbnails", size_limit=1_000_000)
    blob = b"x" * 40_000  # kept as files beside the index, as real thumbnails are
    for number in range(20):  # room for about 24
        cache.put(f"k{number}", 10, 10, blob)
    assert cache.get("k0") is not None  # seen again: now the most recently used
    for number in range(20, 30):
        cache.put(f"k{number}", 10, 10, blob)
    kept = [n for n in range(30) if cache.get(f"k{n}") is not None]
    assert 0 in kept and 29 in kept
    assert 1 not in kept  # the least recently used went
    used = sum(f.stat().st_size for f in (tmp_path / "thumbnails").rglob("*.val"))
    assert used <= 1_000_000
    cache.close()
