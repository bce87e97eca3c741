"""The card photo's geometry: 35 mm wide x 45 mm high (7:9), head (crown to chin) 32-36 mm, centred.

Used to cut the renewal-photo crop and to model the chip photo in the development set. YuNet's box spans
roughly brow to chin, so the head height is estimated from it with a fixed ratio.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kiosk.face.engine import DetectedFace
from kiosk.face.image import Image

CARD_ASPECT = 35 / 45
"""Width over height of the card photo."""
HEAD_FRACTION = 34 / 45
"""Crown-to-chin height over photo height in the specification's nominal case (34 mm of 45 mm)."""
HEAD_FRACTION_RANGE = (32 / 45, 36 / 45)
"""The specification's tolerance on the head height (34 ± 2 mm)."""
# Crown-to-chin height over YuNet's box height, measured on the committed sample faces.
HEAD_PER_BOX = 1.3
# The chin sits this fraction of the photo height above the bottom edge when the top margin is nominal (4 mm).
TOP_MARGIN_FRACTION = 4 / 45


def head_height(face: DetectedFace) -> float:
    """Estimated crown-to-chin height in pixels."""
    return face.height * HEAD_PER_BOX


def card_crop_box(face: DetectedFace) -> tuple[float, float, float, float]:
    """``(x, y, width, height)`` of the 7:9 crop that puts ``face`` where the card specification wants it."""
    crop_h = head_height(face) / HEAD_FRACTION
    crop_w = crop_h * CARD_ASPECT
    chin_y = face.y + face.height
    top = chin_y - head_height(face) - TOP_MARGIN_FRACTION * crop_h
    centre_x = face.x + face.width / 2
    return centre_x - crop_w / 2, top, crop_w, crop_h


def card_crop(image: Image, face: DetectedFace, size: tuple[int, int] = (420, 540)) -> Image:
    """Cut and resize the card-geometry crop (``size`` is width, height; 7:9). Areas outside the frame are
    filled by replicating the border, so a face near an edge still yields a full crop."""
    import cv2

    cv: Any = cv2
    x, y, w, h = card_crop_box(face)
    target_w, target_h = size
    sx, sy = target_w / w, target_h / h
    matrix = np.array([[sx, 0.0, -x * sx], [0.0, sy, -y * sy]], dtype=np.float64)
    crop: Image = cv.warpAffine(
        image, matrix, (target_w, target_h), flags=cv.INTER_AREA, borderMode=cv.BORDER_REPLICATE
    )
    return crop
