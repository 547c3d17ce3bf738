"""Makes the short voice notes the tests and the demo play: OGG/Opus (as Telegram
and WhatsApp send them) and M4A/AAC (as iPhones do), a rising tone of a second and
a half. Needs PyAV, which is not one of DMDesk's dependencies:

    python -m venv /tmp/av && /tmp/av/bin/pip install av numpy
    /tmp/av/bin/python scripts/make_test_audio.py
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def tone(path: Path, codec: str, rate: int, container: str, seconds: float) -> None:
    out = av.open(str(path), "w", format=container)
    stream = out.add_stream(codec, rate=rate)
    stream.layout = "mono"
    stream.bit_rate = 24_000
    t = np.arange(int(rate * seconds)) / rate
    wave = (0.3 * np.sin(2 * np.pi * (220 + 110 * t) * t)).astype(np.float32)
    size = 960 if codec == "libopus" else 1024
    for start in range(0, len(wave), size):
        chunk = np.pad(wave[start : start + size], (0, max(0, start + size - len(wave))))
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="fltp", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()


if __name__ == "__main__":
    tone(ROOT / "tests/media/voice-note.ogg", "libopus", 48_000, "ogg", 1.5)
    tone(ROOT / "tests/media/voice-note.m4a", "aac", 44_100, "mp4", 1.5)
    tone(ROOT / "resources/demo/voice-message.ogg", "libopus", 48_000, "ogg", 4.0)
