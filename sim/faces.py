"""Which face photo each persona gets: a small table into ``assets/faces/`` (see its ``manifest.json`` and
``LICENSES.md`` for sources and licences).

Only frontal portraits suit a chip photo, so the table uses the manifest entries that are frontal; each
source names the crop box (left, top, right, bottom) of a head-and-shoulders 7:9 portrait in the
original picture. No persona is the person shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

FACES_DIR: Final = Path(__file__).resolve().parents[1] / "assets" / "faces"


@dataclass(frozen=True)
class FaceSource:
    """One face picture (by its ``assets/faces/manifest.json`` id) with its portrait crop."""

    key: str
    path: Path
    crop: tuple[int, int, int, int]


FACES: Final[dict[str, FaceSource]] = {
    "hopper": FaceSource("hopper", FACES_DIR / "grace_hopper.jpg", (94, 20, 430, 452)),
    "collins": FaceSource("collins", FACES_DIR / "astronaut.jpg", (99, 0, 351, 324)),
}

PERSONA_FACES: Final[dict[str, str]] = {
    "tanaka": "hopper",
    "suzuki": "collins",
    "sato": "collins",
    "takahashi": "collins",
    "watanabe": "hopper",
    "ito": "hopper",
    "nguyen": "collins",
}

DEFAULT_FACE: Final = "hopper"


def face_for(persona_key: str) -> FaceSource:
    """The face source of a persona (the default face for one not in the table)."""
    return FACES[PERSONA_FACES.get(persona_key, DEFAULT_FACE)]
