"""Decoding images from untrusted bytes: the chip photo (JPEG 2000) and still images from files.

Every decoder checks size limits from the header before decoding pixels, and turns any decoder failure into a
:class:`~kiosk.face.errors.FaceError`; callers never see a Pillow or OpenJPEG exception. Images are returned
as OpenCV-style arrays: ``uint8``, shape ``(height, width, 3)``, BGR channel order. A grayscale source (the chip
photo is monochrome) has its channel replicated, because the recognizer expects three channels.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from kiosk.face.errors import CorruptImage, ImageTooLarge, ImageTooSmall, UnsupportedImage

Image: TypeAlias = npt.NDArray[np.uint8]
"""A BGR ``uint8`` image of shape ``(height, width, 3)``."""

# Everything a decoder may raise on hostile input. Pillow and its OpenJPEG binding are not consistent about it.
_DECODER_FAILURES: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    struct.error,
    UnidentifiedImageError,
    PILImage.DecompressionBombError,
)


@dataclass(frozen=True)
class ImageLimits:
    """What a decoder accepts; checked on the header before any pixel is decoded."""

    max_bytes: int
    max_side: int
    max_pixels: int
    min_side: int
    formats: tuple[str, ...]


CHIP_PHOTO_LIMITS = ImageLimits(
    # The chip photo is a few KB (about 210x270 px); the 券面AP front image is larger. Anything beyond these
    # bounds is not a card photo and is refused before decoding.
    max_bytes=256 * 1024,
    max_side=2048,
    max_pixels=2048 * 2048,
    min_side=48,
    formats=("JPEG2000",),
)

STILL_IMAGE_LIMITS = ImageLimits(
    # Camera frames and photo files (CLI, replay camera, renewal photos up to the 6000 px the online spec allows).
    max_bytes=40 * 1024 * 1024,
    max_side=8192,
    max_pixels=40_000_000,
    min_side=16,
    formats=("JPEG", "PNG", "JPEG2000", "BMP"),
)


def decode_chip_photo(data: bytes) -> Image:
    """Decode the face photo read from the card chip (JPEG 2000, usually monochrome).

    Raises :class:`CorruptImage`, :class:`ImageTooLarge`, :class:`ImageTooSmall` or :class:`UnsupportedImage`.
    """
    return decode_image(data, CHIP_PHOTO_LIMITS)


def decode_image(data: bytes, limits: ImageLimits = STILL_IMAGE_LIMITS) -> Image:
    """Decode ``data`` into a BGR image within ``limits``; any failure is a typed :class:`FaceError`."""
    if len(data) > limits.max_bytes:
        raise ImageTooLarge(f"image is {len(data)} bytes; the limit is {limits.max_bytes}")
    if not data:
        raise CorruptImage("image is empty (0 bytes)")
    try:
        with PILImage.open(io.BytesIO(data), formats=list(limits.formats)) as picture:
            _check_geometry(picture.size, limits)
            picture.load()
            return _to_bgr(picture)
    except _DECODER_FAILURES as error:
        raise CorruptImage(f"image cannot be decoded ({type(error).__name__})") from None


def as_bgr(array: npt.NDArray[np.generic]) -> Image:
    """Return a BGR ``uint8`` copy of an in-memory frame: 2-D gray, 3-channel BGR or 4-channel BGRA.

    Raises :class:`UnsupportedImage` for any other dtype or shape, :class:`ImageTooSmall` below 16 px a side.
    """
    if array.dtype != np.uint8:
        raise UnsupportedImage(f"frame dtype {array.dtype} is not uint8")
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    elif array.ndim == 3 and array.shape[2] == 1:
        array = np.repeat(array, 3, axis=2)
    elif array.ndim == 3 and array.shape[2] == 4:
        array = array[:, :, :3]
    elif not (array.ndim == 3 and array.shape[2] == 3):
        raise UnsupportedImage(f"frame shape {array.shape} is not gray, BGR or BGRA")
    if min(array.shape[0], array.shape[1]) < STILL_IMAGE_LIMITS.min_side:
        raise ImageTooSmall(f"frame is {array.shape[1]}x{array.shape[0]} px")
    if array.shape[0] * array.shape[1] > STILL_IMAGE_LIMITS.max_pixels:
        raise ImageTooLarge(f"frame is {array.shape[1]}x{array.shape[0]} px")
    return np.ascontiguousarray(array, dtype=np.uint8)


def _check_geometry(size: tuple[int, int], limits: ImageLimits) -> None:
    width, height = size
    if width > limits.max_side or height > limits.max_side or width * height > limits.max_pixels:
        raise ImageTooLarge(f"image is {width}x{height} px; the limit is {limits.max_side} px a side")
    if width < limits.min_side or height < limits.min_side:
        raise ImageTooSmall(f"image is {width}x{height} px; at least {limits.min_side} px a side is needed")


def _to_bgr(picture: PILImage.Image) -> Image:
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit gray (JPEG 2000 allows it): scale to 8 bits rather than clip.
        wide = np.asarray(picture, dtype=np.uint32)
        top = int(wide.max()) or 1
        gray = (wide * 255 // top).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    rgb = np.asarray(picture.convert("RGB"), dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise UnsupportedImage(f"decoded image has shape {rgb.shape}")
    return np.ascontiguousarray(rgb[:, :, ::-1])
