"""The chip photo: a monochrome JPEG 2000 portrait at chip size.

Geometry (recorded in docs/card-profile.md): 210 × 270 pixels (7:9, the proportions of the 45 × 35 mm
application photo turned into the chip's portrait), 8-bit grey, JP2 container, irreversible 9/7
wavelet, compressed to about 3.5 KB (never more than ``MAX_BYTES``).
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image

from sim.errors import RenderError
from sim.faces import FaceSource

WIDTH: Final = 210
HEIGHT: Final = 270
TARGET_BYTES: Final = 3500
MAX_BYTES: Final = 4000
_ATTEMPTS: Final = 6


def portrait(face: FaceSource) -> Image.Image:
    """The colour head-and-shoulders crop of ``face`` (used for the printed card front too)."""
    try:
        with Image.open(face.path) as source:
            return source.convert("RGB").crop(face.crop)
    except OSError as exc:
        raise RenderError(f"face picture {face.key} unreadable at {face.path}: {exc}") from exc


def chip_photo(face: FaceSource) -> bytes:
    """Encode the portrait of ``face`` as the chip stores it; deterministic for a given source."""
    grey = portrait(face).resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).convert("L")
    ratio = WIDTH * HEIGHT / TARGET_BYTES
    encoded = b""
    for _ in range(_ATTEMPTS):
        encoded = _encode(grey, ratio)
        if len(encoded) <= MAX_BYTES:
            return encoded
        ratio *= len(encoded) / TARGET_BYTES  # the codec overshoots on detailed faces: aim lower
    raise RenderError(f"chip photo stays above {MAX_BYTES} bytes ({len(encoded)}) for face {face.key}")


def _encode(image: Image.Image, ratio: float) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True, no_jp2=False)
    return out.getvalue()
