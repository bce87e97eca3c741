"""A second face of comparable size in a live frame: the frame is not used, and the resident sees the screen hint
asking the person behind to step back, until the frame shows one person again (issue 20)."""

from __future__ import annotations

from kiosk.face.image import Image
from kiosk.face.liveness import Challenge
from kiosk.flows.face_service import PERSON_BEHIND, FaceService
from kiosk.flows.messages import MESSAGES
from tests.face.helpers import two_people


def test_a_comparable_second_face_asks_the_person_behind_to_step_back(
    collins: Image, hopper: Image, collins_chip: bytes
) -> None:
    service = FaceService(allowed=(Challenge.BLINK,), challenges=1)
    check = service.new_check(collins_chip)
    try:
        crowded = two_people(collins, hopper)
        hints = [check.feed(crowded, 0.1 * i).liveness.hints for i in range(3)]
        assert all(PERSON_BEHIND in h for h in hints), hints
        alone = [check.feed(collins, 0.3 + 0.1 * i).liveness.hints for i in range(3)]
        assert PERSON_BEHIND not in alone[-1], alone
    finally:
        check.close()


def test_the_hint_is_in_the_catalogue() -> None:
    assert MESSAGES[PERSON_BEHIND]
