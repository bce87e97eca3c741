"""Every persona's portrait is one a card photo may be: the kiosk's renewal-photo check passes it (issue 16:
sato and nguyen used to fail on ``mouth_closed``, and then on ``face_size``)."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import pytest

from kiosk.face.engine import FaceEngine
from kiosk.face.image import decode_image
from kiosk.face.landmarks import MeshTracker
from kiosk.face.quality import PhotoQualityChecker, QualityLimits
from mynakiosk.demo.virtual_camera import portrait_frames
from sim.faces import FACES, face_for
from sim.neutral_face import COLLINS, close_mouth
from sim.personas import list_personas


@pytest.fixture(scope="module")
def checker() -> Iterator[PhotoQualityChecker]:
    made = PhotoQualityChecker(FaceEngine())
    yield made
    made.close()


@pytest.mark.parametrize("face", sorted({face_for(p.key).key for p in list_personas()}))
def test_persona_portrait_passes_the_renewal_photo_check(checker: PhotoQualityChecker, face: str) -> None:
    frames = portrait_frames(decode_image(FACES[face].path.read_bytes()), count=2)
    for frame in frames:
        report = checker.assess(frame)
        assert report.ok, {name: check for name, check in report.checks.items() if not check.ok}


def test_closing_the_mouth_brings_it_under_the_limit() -> None:
    original = cv2.imread(str(COLLINS.source))
    tracker = MeshTracker(video=False)
    try:
        before = tracker.observe(original)
        after = tracker.observe(close_mouth(original, COLLINS.mouth))
    finally:
        tracker.close()
    assert before is not None and after is not None
    limit = QualityLimits().max_mouth_openness
    assert before.mouth_openness > limit > after.mouth_openness
