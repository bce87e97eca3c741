"""Making chip-like photos: the degradation the card applies to a face photo.

The photo in the chip is a monochrome JPEG 2000 of about 210x270 px and a few KB. The development set and the
tests use :func:`chip_photo_bytes` to turn an ordinary photo into one, so the matcher is calibrated on what it
will really compare against.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image as PILImage

from kiosk.face.engine import DetectedFace
from kiosk.face.geometry import card_crop
from kiosk.face.image import Image

CHIP_SIZE = (210, 270)
"""Width and height of the chip photo in pixels."""
CHIP_TARGET_BYTES = 3600


def chip_photo_bytes(image: Image, face: DetectedFace, target_bytes: int = CHIP_TARGET_BYTES) -> bytes:
    """Crop ``face`` to card geometry, resize to :data:`CHIP_SIZE`, make it gray and encode it as JPEG 2000
    (JP2 container) of about ``target_bytes``."""
    import cv2

    cv: Any = cv2
    crop = card_crop(image, face, CHIP_SIZE)
    gray = cv.cvtColor(crop, cv.COLOR_BGR2GRAY)
    return encode_jp2(np.asarray(gray, dtype=np.uint8), target_bytes)


def encode_jp2(gray: np.ndarray[Any, np.dtype[np.uint8]], target_bytes: int) -> bytes:
    """Encode a gray image as a lossy JP2 aiming at ``target_bytes`` (OpenJPEG rate control)."""
    ratio = max(1.0, gray.size / target_bytes)
    buffer = io.BytesIO()
    PILImage.fromarray(gray, mode="L").save(
        buffer, "JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True, no_jp2=False
    )
    return buffer.getvalue()
