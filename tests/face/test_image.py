from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image as PILImage

from kiosk.face.chip import encode_jp2
from kiosk.face.errors import CorruptImage, FaceError, ImageTooLarge, ImageTooSmall, UnsupportedImage
from kiosk.face.image import CHIP_PHOTO_LIMITS, as_bgr, decode_chip_photo, decode_image


def test_chip_photo_is_gray_jp2_of_a_few_kb(collins_chip: bytes) -> None:
    assert collins_chip.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n")
    assert 2_000 < len(collins_chip) < 5_000
    image = decode_chip_photo(collins_chip)
    assert image.shape == (270, 210, 3) and image.dtype == np.uint8
    assert np.array_equal(image[:, :, 0], image[:, :, 2])  # monochrome replicated to three channels


def test_raw_j2k_codestream_is_accepted() -> None:
    buffer = io.BytesIO()
    PILImage.fromarray(np.full((100, 80), 128, np.uint8)).save(buffer, "JPEG2000", no_jp2=True)
    assert decode_chip_photo(buffer.getvalue()).shape == (100, 80, 3)


def test_truncated_jpeg2000_is_corrupt(collins_chip: bytes) -> None:
    with pytest.raises(CorruptImage):
        decode_chip_photo(collins_chip[: len(collins_chip) // 3])


def test_flipped_bytes_jpeg2000_is_a_typed_error(collins_chip: bytes) -> None:
    damaged = bytearray(collins_chip)
    for i in range(120, len(damaged), 7):
        damaged[i] ^= 0x5A
    try:
        decode_chip_photo(bytes(damaged))
    except FaceError:
        pass  # OpenJPEG may also decode garbage pixels without complaint: either is acceptable


def test_chip_photo_must_be_jpeg2000() -> None:
    ok, png = cv2.imencode(".png", np.zeros((100, 100, 3), np.uint8))
    assert ok
    with pytest.raises(CorruptImage):
        decode_chip_photo(png.tobytes())


def test_empty_and_oversized_bytes_are_refused() -> None:
    with pytest.raises(CorruptImage):
        decode_chip_photo(b"")
    with pytest.raises(ImageTooLarge):
        decode_chip_photo(b"\x00" * (CHIP_PHOTO_LIMITS.max_bytes + 1))


def test_absurd_dimensions_are_refused_before_decoding() -> None:
    huge = encode_jp2(np.zeros((16, 4000), np.uint8), 2000)
    with pytest.raises(ImageTooLarge):
        decode_chip_photo(huge)


def test_tiny_image_is_refused() -> None:
    with pytest.raises(ImageTooSmall):
        decode_chip_photo(encode_jp2(np.zeros((20, 20), np.uint8), 500))


def test_in_memory_frames_are_normalised_to_bgr() -> None:
    assert as_bgr(np.zeros((32, 32), np.uint8)).shape == (32, 32, 3)
    assert as_bgr(np.zeros((32, 32, 4), np.uint8)).shape == (32, 32, 3)
    with pytest.raises(UnsupportedImage):
        as_bgr(np.zeros((32, 32, 3), np.float32))
    with pytest.raises(UnsupportedImage):
        as_bgr(np.zeros((32, 32, 2), np.uint8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_give_typed_errors_only(data: bytes) -> None:
    for decoder in (decode_chip_photo, decode_image):
        try:
            decoder(data)
        except FaceError:
            pass


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0, max_value=3000))
def test_damaged_real_jp2_gives_typed_errors_only(patch: bytes, offset: int) -> None:
    base = bytearray(encode_jp2(np.tile(np.arange(96, dtype=np.uint8), (120, 1)), 1500))
    offset %= len(base)
    base[offset : offset + len(patch)] = patch
    try:
        decode_chip_photo(bytes(base))
    except FaceError:
        pass


@settings(max_examples=100, deadline=None)
@given(
    arrays(
        dtype=st.sampled_from([np.uint8, np.float32, np.int16]),
        shape=st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 5)),
    )
)
def test_random_arrays_give_typed_errors_only(array: np.ndarray) -> None:  # type: ignore[type-arg]
    try:
        out = as_bgr(array)
    except FaceError:
        return
    assert out.dtype == np.uint8 and out.ndim == 3 and out.shape[2] == 3
