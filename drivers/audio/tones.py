"""The kiosk's sound cues, made from soft sine tones: ``python -m drivers.audio.tones assets/sounds`` (or
``scripts/make-sounds``) writes them as WAV files. Deterministic: the same code always writes the same samples,
so the committed files can be checked against it.

Each cue differs from every other in rhythm (how many notes, how long, how far apart) and in pitch (which notes,
rising or falling), so a resident who cannot tell pitches apart still tells the cues apart:

| cue | when | sound |
|---|---|---|
| ``card`` | the card is detected, reading starts | two quick short rising blips (A5, D6) |
| ``step`` | a step succeeded, the next one starts | one soft bell note (C6) |
| ``attention`` | last PIN try, "are you still there?", keep the card in place | three even notes, same pitch (E5) |
| ``error`` | something went wrong | two low falling notes, the second long (G4, D4) |
| ``finished`` | the session is done | a rising four-note chime, the last one long (C5 E5 G5 C6) |
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
PEAK = 0.42  # of full scale, before the harmonics: soft, and leaves the volume to the mixer
ATTACK_S = 0.008
RELEASE_S = 0.02
HARMONICS = ((1, 1.0), (2, 0.18), (3, 0.05))  # a little warmth on top of the sine


@dataclass(frozen=True)
class Note:
    start_s: float
    freq_hz: float
    dur_s: float


CUES: dict[str, tuple[Note, ...]] = {
    "card": (Note(0.0, 880.0, 0.07), Note(0.12, 1174.66, 0.07)),
    "step": (Note(0.0, 1046.5, 0.32),),
    "attention": (Note(0.0, 659.26, 0.16), Note(0.28, 659.26, 0.16), Note(0.56, 659.26, 0.16)),
    "error": (Note(0.0, 392.0, 0.2), Note(0.26, 293.66, 0.42)),
    "finished": (
        Note(0.0, 523.25, 0.12),
        Note(0.13, 659.26, 0.12),
        Note(0.26, 783.99, 0.12),
        Note(0.39, 1046.5, 0.4),
    ),
}


def _envelope(t: float, dur: float) -> float:
    """Raised-cosine attack, a gentle exponential decay, and a raised-cosine release to exactly zero."""
    if t < 0 or t >= dur:
        return 0.0
    level = math.exp(-2.2 * t / dur)
    if t < ATTACK_S:
        level *= 0.5 - 0.5 * math.cos(math.pi * t / ATTACK_S)
    left = dur - t
    if left < RELEASE_S:
        level *= 0.5 - 0.5 * math.cos(math.pi * left / RELEASE_S)
    return level


def samples(notes: tuple[Note, ...], rate: int = RATE) -> list[int]:
    """16-bit samples of ``notes`` mixed, with a short silence after the last one."""
    end = max(n.start_s + n.dur_s for n in notes) + 0.03
    out: list[int] = []
    for i in range(round(end * rate)):
        t = i / rate
        value = 0.0
        for note in notes:
            local = t - note.start_s
            level = _envelope(local, note.dur_s)
            if level:
                tone = sum(a * math.sin(2 * math.pi * note.freq_hz * k * local) for k, a in HARMONICS)
                value += PEAK * level * tone
        out.append(max(-32767, min(32767, round(value * 32767))))
    return out


def wav_bytes(notes: tuple[Note, ...], rate: int = RATE) -> bytes:
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        data = samples(notes, rate)
        wav.writeframes(struct.pack(f"<{len(data)}h", *data))
    return buffer.getvalue()


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, notes in CUES.items():
        path = out_dir / f"{name}.wav"
        path.write_bytes(wav_bytes(notes))
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m drivers.audio.tones OUT_DIR")
    for written_path in write_all(Path(sys.argv[1])):
        print(written_path, written_path.stat().st_size, "bytes")
