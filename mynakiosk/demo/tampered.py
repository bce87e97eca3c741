"""A tampered kiosk for ``mynakiosk demo --attack chip-replay``: someone holding a kiosk's key and a resident's card
and PIN, replaying the chip photo instead of a face.

Its face port approves whatever the camera shows and hands the service the chip photo itself, as the live crop
and as every frame of the liveness challenge. The kiosk's own checks are skipped (the attacker owns the kiosk);
what must refuse it is the service (``face-is-chip-photo``: a camera frame never reproduces the registered photo,
and a still picture answers no challenge). Simulation for demonstrations and tests only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk import wire
from kiosk.face.image import decode_chip_photo
from kiosk.flows import ports
from kiosk.flows.face_service import FaceService

REPLAYED_FRAMES = 6


def _jpeg(image: Any) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
    if not ok:
        raise ValueError("could not encode the chip photo")
    return bytes(buf)


class _ReplayCheck:
    def __init__(self, chip_jpeg: bytes) -> None:
        self._frames = tuple(wire.ChallengeFrame(200 * k, chip_jpeg) for k in range(REPLAYED_FRAMES))

    def feed(self, frame: Any, t: float) -> ports.FaceProgress:
        passed = ports.LivenessProgress(ports.LivenessState.PASSED, "blink", score=1.0)
        decision = ports.FaceDecision(True, 1.0, 0.0, "tampered", 1)
        return ports.FaceProgress(passed, decision, None, self._frames)

    def close(self) -> None:
        return None


class ChipReplayFace:
    """A :class:`~kiosk.flows.ports.FacePort` that approves everyone and replays the chip photo as the evidence;
    the renewal photo checks are the honest pipeline's (``face``)."""

    def __init__(self, face: FaceService) -> None:
        self._face = face
        self._chip_jpeg: bytes | None = None

    def new_check(self, chip_photo_jp2: bytes, challenge: Sequence[str] = ()) -> ports.FaceCheck:
        self._chip_jpeg = _jpeg(decode_chip_photo(chip_photo_jp2))
        return _ReplayCheck(self._chip_jpeg)

    def evidence_crop(self, frame: Any) -> bytes:
        if self._chip_jpeg is None:
            raise RuntimeError("no face check was started")
        return self._chip_jpeg

    def check_photo(self, frame: Any) -> ports.PhotoCheck:
        return self._face.check_photo(frame)

    def same_person(self, photo_jpeg: bytes, chip_photo_jp2: bytes, live_crop_jpeg: bytes) -> bool:
        return True
