"""Renewal photo checks: format, size and geometry before anything else, so a bad photo never reaches J-LIS.

The photo must be a JPEG, portrait, at least 300×400 pixels, with the 3.5 × 4.5 cm proportions of the card-photo
rules (±15 %), and not a flat image. Dimensions are read from the header before any pixel is decoded.
"""

from __future__ import annotations

import io

from PIL import Image, ImageStat, UnidentifiedImageError

from backend.errors import PayloadTooLarge, Unprocessable

MIN_WIDTH, MIN_HEIGHT = 300, 400
MAX_PIXELS = 6000 * 6000
ASPECT = 4.5 / 3.5
ASPECT_TOLERANCE = 0.15
MIN_STDDEV = 8.0


def check_renewal_photo(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"photo is {len(data)} bytes; the limit is {max_bytes}")
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as picture:
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise Unprocessable(f"photo is {width}x{height}; at most {MAX_PIXELS} pixels")
            if width < MIN_WIDTH or height < MIN_HEIGHT:
                raise Unprocessable(f"photo is {width}x{height}; at least {MIN_WIDTH}x{MIN_HEIGHT} is needed")
            if abs(height / width - ASPECT) > ASPECT * ASPECT_TOLERANCE:
                raise Unprocessable(f"photo is {width}x{height}; it must be portrait with 3.5:4.5 proportions")
            gray = picture.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise Unprocessable("photo is not a readable JPEG") from exc
    if ImageStat.Stat(gray).stddev[0] < MIN_STDDEV:
        raise Unprocessable("photo is flat (one colour); take the photo again")
