"""Which face photo each persona gets, and where the photos come from.

A small table, so that it can later point into ``assets/faces/`` (see its ``manifest.json``) without
touching the personalisation code. Each source names the crop box (left, top, right, bottom) of a
head-and-shoulders 7:9 portrait in the original picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

_FACES_DIR: Final = Path(__file__).resolve().parent / "data" / "faces"


@dataclass(frozen=True)
class FaceSource:
    """One face picture with its portrait crop and licence (see the LICENSE.md next to it)."""

    key: str
    path: Path
    crop: tuple[int, int, int, int]
    licence: str


FACES: Final[dict[str, FaceSource]] = {
    "grace_hopper": FaceSource(
        "grace_hopper",
        _FACES_DIR / "grace_hopper.jpg",
        (94, 20, 430, 452),
        "public domain (US Navy photograph)",
    ),
}

PERSONA_FACES: Final[dict[str, str]] = {
    "tanaka": "grace_hopper",
    "suzuki": "grace_hopper",
    "sato": "grace_hopper",
    "takahashi": "grace_hopper",
    "watanabe": "grace_hopper",
    "ito": "grace_hopper",
    "nguyen": "grace_hopper",
}

DEFAULT_FACE: Final = "grace_hopper"


def face_for(persona_key: str) -> FaceSource:
    """The face source of a persona (the default face for one not in the table)."""
    return FACES[PERSONA_FACES.get(persona_key, DEFAULT_FACE)]
