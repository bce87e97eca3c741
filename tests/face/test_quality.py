from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image
from kiosk.face.quality import HINTS, PhotoQualityChecker
from tests.face.helpers import load


@pytest.fixture(scope="module")
def checker(engine: FaceEngine) -> Iterator[PhotoQualityChecker]:
    made = PhotoQualityChecker(engine)
    yield made
    made.close()


def on_plain_background(image: Image, scale: float = 1.6, border: int = 100) -> Image:
    """The person cut out (mediapipe segmentation) and put in front of a light plain panel."""
    import mediapipe as mp

    big = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as segmenter:
        mask = segmenter.process(cv2.cvtColor(big, cv2.COLOR_BGR2RGB)).segmentation_mask[..., None]
    plain = (big * mask + np.full_like(big, 225) * (1 - mask)).astype(np.uint8)
    return cv2.copyMakeBorder(plain, border, border, border, border, cv2.BORDER_CONSTANT, value=(225, 225, 225))


def test_good_photo_passes_and_crop_has_card_geometry(checker: PhotoQualityChecker, hopper: Image) -> None:
    report = checker.assess(on_plain_background(hopper))
    assert report.ok, report.checks
    assert report.crop is not None and report.crop.shape == (540, 420, 3)


def test_busy_background_fails_with_hint(checker: PhotoQualityChecker, hopper: Image) -> None:
    report = checker.assess(hopper)
    assert not report.checks["background"].ok
    assert "plain_background" in report.hints


def test_small_face_asks_to_move_closer(checker: PhotoQualityChecker, hopper: Image) -> None:
    small = on_plain_background(cv2.resize(hopper, None, fx=0.4, fy=0.4), scale=1.0, border=150)
    check = checker.assess(small).checks["face_size"]
    assert not check.ok and check.hint_key == "move_closer"


def test_open_mouth_smile_is_flagged(checker: PhotoQualityChecker, collins: Image) -> None:
    check = checker.assess(on_plain_background(collins)).checks["mouth_closed"]
    assert not check.ok and check.hint == HINTS["close_mouth"]


def test_tilted_head_is_flagged(checker: PhotoQualityChecker, hopper: Image) -> None:
    frame = on_plain_background(hopper)
    centre = (frame.shape[1] / 2, frame.shape[0] / 2)
    tilted = cv2.warpAffine(
        frame, cv2.getRotationMatrix2D(centre, 12, 1.0), frame.shape[1::-1], borderValue=(225, 225, 225)
    )
    check = checker.assess(tilted).checks["roll"]
    assert not check.ok and check.hint_key == "straighten_head"


def test_blurred_photo_asks_to_hold_still(checker: PhotoQualityChecker, hopper: Image) -> None:
    blurred = cv2.GaussianBlur(on_plain_background(hopper), (0, 0), 6)
    check = checker.assess(blurred).checks["sharpness"]
    assert not check.ok and check.hint_key == "hold_still"


def test_dark_photo_asks_for_light(checker: PhotoQualityChecker, hopper: Image) -> None:
    dark = (on_plain_background(hopper) * 0.3).astype(np.uint8)
    check = checker.assess(dark).checks["exposure"]
    assert not check.ok and check.hint_key == "more_light"


def test_profile_face_asks_to_look_straight(checker: PhotoQualityChecker) -> None:
    report = checker.assess(load("camera.jpg"))
    assert not report.ok
    assert "look_straight" in report.hints


def test_no_face_and_two_faces(checker: PhotoQualityChecker, cat: Image, collins: Image, hopper: Image) -> None:
    assert checker.assess(cat).hints == ["face_not_found"]
    pair = np.hstack([cv2.resize(collins, (400, 400)), cv2.resize(hopper, (400, 400))])
    assert checker.assess(pair).hints == ["one_person_only"]
