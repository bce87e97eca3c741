"""The face side of the kiosk: chip photo, detection and matching, liveness, renewal-photo quality.

Heavy libraries (OpenCV, mediapipe) are imported only when an engine is built, so importing this package is cheap.
The public names a flow needs are re-exported here.
"""

from __future__ import annotations

from kiosk.face.errors import (
    CorruptImage,
    FaceError,
    ImageTooLarge,
    ImageTooSmall,
    ModelUnavailable,
    MultipleFaces,
    NoFace,
    UnsupportedImage,
)

__all__ = [
    "CorruptImage",
    "FaceError",
    "ImageTooLarge",
    "ImageTooSmall",
    "ModelUnavailable",
    "MultipleFaces",
    "NoFace",
    "UnsupportedImage",
]
