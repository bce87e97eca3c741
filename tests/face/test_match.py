from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.face.chip import encode_jp2
from kiosk.face.engine import SECOND_FACE_RATIO, FaceEngine
from kiosk.face.errors import MultipleFaces, NoFace
from kiosk.face.image import Image, decode_chip_photo
from kiosk.face.match import (
    DEFAULT_OPERATING_POINT,
    OPERATING_POINTS,
    OperatingPoint,
    SkipReason,
    check_live_frame,
    match,
    resolve_operating_point,
)
from tests.face.helpers import live_frames, two_people


def test_same_person_chip_degraded_matches(engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    decision = match(engine, decode_chip_photo(collins_chip), live_frames(engine, collins, 4, seed=1))
    assert decision.match
    assert decision.score >= DEFAULT_OPERATING_POINT.threshold
    assert decision.frames_used == 4


def test_other_person_does_not_match(engine: FaceEngine, hopper: Image, collins_chip: bytes) -> None:
    decision = match(engine, decode_chip_photo(collins_chip), live_frames(engine, hopper, 4, seed=2))
    assert not decision.match
    assert decision.score < OPERATING_POINTS["balanced"].threshold


def test_decision_records_operating_point(engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    point = OperatingPoint("site-test", 0.99)
    decision = match(engine, decode_chip_photo(collins_chip), live_frames(engine, collins, 2, seed=3), point)
    assert (decision.operating_point_name, decision.threshold) == ("site-test", 0.99)
    assert not decision.match  # nobody reaches 0.99 through a chip photo


def test_grayscale_live_frames_still_match(engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    gray = [cv2.cvtColor(f, cv2.COLOR_BGR2GRAY) for f in live_frames(engine, collins, 3, seed=4)]
    assert match(engine, decode_chip_photo(collins_chip), gray).match


def test_frames_without_face_are_skipped(engine: FaceEngine, collins: Image, collins_chip: bytes, cat: Image) -> None:
    frames = [cat, *live_frames(engine, collins, 2, seed=5)]
    decision = match(engine, decode_chip_photo(collins_chip), frames)
    assert decision.match and decision.frames_used == 2 and decision.frames_offered == 3


def test_no_face_in_any_live_frame(engine: FaceEngine, collins_chip: bytes, cat: Image) -> None:
    with pytest.raises(NoFace):
        match(engine, decode_chip_photo(collins_chip), [cat, np.zeros((480, 640, 3), np.uint8)])


def test_no_face_in_chip(engine: FaceEngine, collins: Image, cat: Image) -> None:
    with pytest.raises(NoFace):
        match(engine, cat, [collins])


def test_two_faces_in_every_live_frame(engine: FaceEngine, collins: Image, hopper: Image, collins_chip: bytes) -> None:
    pair = two_people(collins, hopper)
    with pytest.raises(MultipleFaces):
        match(engine, decode_chip_photo(collins_chip), [pair])


def test_two_comparable_faces_in_a_live_frame(engine: FaceEngine, collins: Image, hopper: Image) -> None:
    with pytest.raises(MultipleFaces) as raised:
        engine.single_face(two_people(collins, hopper))
    assert raised.value.count == 2
    check = check_live_frame(engine, two_people(collins, hopper))
    assert check.reason is SkipReason.SECOND_FACE and check.faces_seen == 2
    assert check.second_face_ratio >= SECOND_FACE_RATIO


def test_live_frame_with_a_comparable_second_face_is_not_used(
    engine: FaceEngine, collins: Image, hopper: Image, collins_chip: bytes
) -> None:
    frames = [two_people(collins, hopper), *live_frames(engine, collins, 2, seed=11)]
    decision = match(engine, decode_chip_photo(collins_chip), frames)
    assert decision.match and decision.frames_used == 2 and decision.frames_offered == 3
    assert (decision.frames_second_face, decision.frames_no_face, decision.frames_low_quality) == (1, 0, 0)


def test_chip_with_a_partial_second_face_is_accepted(
    engine: FaceEngine, collins: Image, hopper: Image, collins_chip: bytes
) -> None:
    """A neighbour's head cut by the edge of a (wider) chip crop: the chip's dominant face is used, never refused."""
    gray = cv2.cvtColor(decode_chip_photo(collins_chip), cv2.COLOR_BGR2GRAY)
    neighbour = engine.single_face(hopper)
    side = int(neighbour.height * 1.6)
    x0, y0 = int(neighbour.x + neighbour.width / 2 - side / 2), int(neighbour.y + neighbour.height / 2 - side / 2)
    head = cv2.cvtColor(cv2.resize(hopper[y0 : y0 + side, x0 : x0 + side], (220, 220)), cv2.COLOR_BGR2GRAY)
    wide = cv2.copyMakeBorder(gray, 0, 0, 0, 120, cv2.BORDER_REPLICATE)
    wide[50:270, -120:] = head[:, :120]  # the left 55 % of the neighbour's head, beside the card holder's
    chip = decode_chip_photo(encode_jp2(wide, 4000))
    with pytest.raises(MultipleFaces):  # nearly as tall as the card holder's: as a live frame it would not be used
        engine.single_face(chip)
    decision = match(engine, chip, live_frames(engine, collins, 2, seed=12))
    assert decision.match and decision.chip_faces == 2
    assert decision.chip_face.box[0] < 100  # the card holder's face, not the neighbour's at the right edge


def test_small_bystander_is_not_a_second_presenter(engine: FaceEngine, collins: Image, hopper: Image) -> None:
    small = cv2.resize(hopper, (hopper.shape[1] // 4, hopper.shape[0] // 4))
    frame = collins.copy()
    frame[: small.shape[0], -small.shape[1] :] = small
    assert len(engine.detect(frame)) == 2
    face = engine.single_face(frame)
    assert face.height > 2 * engine.detect(small)[0].height


def test_tiny_face_is_not_used(engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    tiny = cv2.resize(collins, (48, 48), interpolation=cv2.INTER_AREA)
    with pytest.raises(NoFace):
        match(engine, decode_chip_photo(collins_chip), [tiny])


def test_huge_frame_is_searched_downscaled(engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    huge = cv2.resize(collins, (3000, 3000), interpolation=cv2.INTER_CUBIC)
    decision = match(engine, decode_chip_photo(collins_chip), [huge])
    assert decision.match
    assert decision.chip_face.eye_distance > 20


def test_operating_point_rejects_impossible_threshold() -> None:
    with pytest.raises(ValueError, match="outside"):
        OperatingPoint("broken", 1.5)


def test_fast_detection_finds_a_kiosk_distance_face(engine: FaceEngine, collins: Image) -> None:
    frame = live_frames(engine, collins, 1, seed=9)[0]
    fast, full = engine.detect(frame, fast=True), engine.detect(frame)
    assert len(fast) == len(full) == 1
    assert abs(fast[0].x - full[0].x) < 0.1 * full[0].width


def test_configuration_resolves_operating_points() -> None:
    assert resolve_operating_point() is DEFAULT_OPERATING_POINT
    assert resolve_operating_point("balanced") is OPERATING_POINTS["balanced"]
    assert resolve_operating_point("balanced", 0.5) == OperatingPoint("custom-0.5", 0.5)
    with pytest.raises(ValueError, match="known: balanced, strict"):
        resolve_operating_point("lenient")
