"""A closed-mouth variant of a face picture, for the personas' portraits (``python -m sim.neutral_face``).

The only frontal picture of a younger woman in ``assets/faces`` (NASA's portrait of Eileen Collins) smiles with
her mouth open. A card photo must show a neutral face with the mouth closed, and the kiosk's renewal-photo check
rightly refuses an open mouth; a resident sitting for a new photo would close it. So the simulator's resident
does: the lower lip and chin are pulled up to meet the upper lip, a smooth vertical warp limited to the mouth's
width. The result is also enlarged twice: the original face is about 200 pixels high, and at the virtual camera's
distance that is below the booth's 480-pixel minimum (a resident sits closer). The landmarks were measured once
on the original (mediapipe Face Mesh points 13, 14, 78, 308, 152, as the kiosk's quality check measures the
mouth) and are recorded here, so making the picture needs no face model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from sim.faces import FACES_DIR


@dataclass(frozen=True)
class MouthLandmarks:
    """Pixel positions in the original picture."""

    upper_inner_y: float  # mesh point 13
    lower_inner_y: float  # mesh point 14
    right_x: float  # mesh point 78 (the person's right corner, left in the picture)
    left_x: float  # mesh point 308
    chin_y: float  # mesh point 152


@dataclass(frozen=True)
class NeutralVariant:
    source: Path
    target: Path
    mouth: MouthLandmarks


COLLINS: Final = NeutralVariant(
    FACES_DIR / "astronaut.jpg",
    FACES_DIR / "astronaut_mouth_closed.jpg",
    MouthLandmarks(upper_inner_y=143.1, lower_inner_y=150.4, right_x=203.4, left_x=244.0, chin_y=177.9),
)

SCALE: Final = 2
"""Enlargement of the written picture (``sim.faces`` crop boxes are in its pixels)."""
_BELOW_CHIN: Final = 0.4  # the warp fades out this far below the chin (in lower-lip-to-chin heights)
_FLAT: Final = 1.05  # full pull within this many half mouth widths of the centre
_FADE: Final = 1.9  # no pull beyond this many


def close_mouth(image: Any, mouth: MouthLandmarks) -> Any:
    """``image`` (BGR array) with the lower lip moved up onto the upper lip."""
    import cv2

    cv: Any = cv2
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    top, lip = mouth.upper_inner_y, mouth.lower_inner_y
    end = mouth.chin_y + _BELOW_CHIN * (mouth.chin_y - lip)
    # Destination rows [top, end] sample source rows [lip, end]: the lower lip lands on the upper one.
    pulled = lip + (ys - top) * (end - lip) / (end - top)
    half = (mouth.left_x - mouth.right_x) / 2
    distance = np.abs(xs - (mouth.left_x + mouth.right_x) / 2) / half
    fade = 0.5 * (1 + np.cos(np.pi * np.clip((distance - _FLAT) / (_FADE - _FLAT), 0.0, 1.0)))
    band = (ys >= top) & (ys <= end)
    source_y = np.where(band, ys + (pulled - ys) * fade, ys).astype(np.float32)
    return cv.remap(image, xs, source_y, cv.INTER_CUBIC, borderMode=cv.BORDER_REFLECT)


def make(variant: NeutralVariant = COLLINS) -> None:
    """Write the closed-mouth picture, enlarged ``SCALE`` times, next to its source."""
    import cv2

    cv: Any = cv2
    image = cv.imread(str(variant.source))
    if image is None:
        raise OSError(f"cannot read {variant.source}")
    closed = close_mouth(image, variant.mouth)
    enlarged = cv.resize(closed, None, fx=SCALE, fy=SCALE, interpolation=cv.INTER_LANCZOS4)
    if not cv.imwrite(str(variant.target), enlarged, [cv.IMWRITE_JPEG_QUALITY, 92]):
        raise OSError(f"cannot write {variant.target}")


if __name__ == "__main__":
    make()
