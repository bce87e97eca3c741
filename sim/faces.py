"""Which face photo each persona gets: a small table into ``assets/faces/`` (see its ``manifest.json`` and
``LICENSES.md`` for sources and licences).

Only frontal portraits suit a chip photo, so the table uses the manifest entries that are frontal. Each
source names the crop box (left, top, right, bottom) in the original picture that frames the face as the
card photo specification does: 35 × 45 (7:9), head from crown to chin 34/45 of the height, 4/45 above
the crown, centred. The boxes were measured once with the face detector the kiosk uses (YuNet), so the
chip photos look like what the kiosk's matcher was calibrated on. No persona is the person shown.
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
    "hopper": FaceSource("hopper", FACES_DIR / "grace_hopper.jpg", (128, 24, 408, 384)),
    # The original smiles with an open mouth, which no card photo may show: sim/neutral_face.py closes it (and
    # enlarges the picture twice, so the box is twice the original's (147, 10, 301, 208)).
    "collins": FaceSource("collins", FACES_DIR / "astronaut_mouth_closed.jpg", (294, 20, 602, 416)),
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
