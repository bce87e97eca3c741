"""Re-matching the live face crop a kiosk sealed to us against the photo registered at issuance (I1, I2).

The kiosk's own decision is never trusted: a tampered kiosk could approve a stranger. The crop is decrypted and
matched in memory and dropped; only the score is kept. Matching uses ``kiosk.face`` (YuNet + SFace, the same
calibrated operating point as the kiosk). One engine per process, used under a lock (OpenCV DNN nets are not
safe to share between threads).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backend.domain import LivenessStep
from backend.errors import FaceIsChipPhoto, FaceMismatch, LivenessNotShown, NotConfigured, Unprocessable
from backend.settings import FacePolicy
from kiosk.wire import MAX_CHALLENGE_FRAME_BYTES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.face.engine import FaceEngine
    from kiosk.face.image import ImageLimits
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.quality import PhotoQualityChecker


MAX_CROP_SIDE = 2048
"""A live face crop is a part of one camera frame: a side longer than this is not one, and decoding it would cost
memory and time for nothing (an 8000x5000 PNG of 116 KB decodes to 120 MB of pixels)."""


def _face_crop_limits(size: int) -> ImageLimits:
    from kiosk.face.image import ImageLimits

    return ImageLimits(
        max_bytes=max(size, 1), max_side=MAX_CROP_SIDE, max_pixels=MAX_CROP_SIDE * MAX_CROP_SIDE // 2, min_side=16,
        formats=("JPEG", "PNG"),
    )  # fmt: skip


def _frame_limits(size: int) -> ImageLimits:
    from kiosk.face.image import ImageLimits

    side = 640  # a witness frame is a small crop around the face (kiosk.face.sequence.FRAME_SIDE)
    return ImageLimits(
        max_bytes=max(min(size, MAX_CHALLENGE_FRAME_BYTES), 1), max_side=side, max_pixels=side * side, min_side=64,
        formats=("JPEG",),
    )  # fmt: skip


@dataclass(frozen=True)
class FaceResult:
    score: float | None
    """``None`` when matching is switched off (``FacePolicy.required = False``, tests and demos without models)."""
    closest_copy: float | None = None
    """The highest detail correlation (``kiosk.face.likeness``) of the crop or a challenge frame with the registered
    photo (below the copy limit, or the evidence would have been refused), for the kiosk's anomaly record."""


_FAILURES = {
    "frames": "the challenge frames are missing, unreadable, out of order or take too long",
    "no_face": "a challenge frame shows no measurable face",
    "identity": "the challenge frames do not show one person throughout",
    "not_holder": "the challenge frames do not show the card holder",
    "challenge": "the challenge frames do not show this session's liveness steps in order, in time",
}


class FaceMatcher:
    def __init__(self, policy: FacePolicy) -> None:
        self._policy = policy
        self._engine: FaceEngine | None = None
        self._tracker: MeshTracker | None = None
        self._quality: PhotoQualityChecker | None = None
        self._lock = threading.Lock()

    def _load(self) -> FaceEngine:
        from kiosk.face.engine import FaceEngine
        from kiosk.face.errors import ModelUnavailable

        if self._engine is None:
            try:
                self._engine = FaceEngine()
            except ModelUnavailable as exc:
                raise NotConfigured("face models are not installed (scripts/fetch-face-models)") from exc
        return self._engine

    def _mesh(self, engine: FaceEngine) -> MeshTracker:
        from kiosk.face.landmarks import MeshTracker

        if self._tracker is None:
            self._tracker = MeshTracker(video=False, engine=engine)  # each frame measured on its own
        return self._tracker

    def close(self) -> None:
        """Release the face mesh's native graph (two threads and about 26 MB); the matcher loads it again if used."""
        with self._lock:
            tracker, self._tracker = self._tracker, None
        if tracker is not None:
            tracker.close()

    def check(
        self,
        registered_photo: bytes,
        live_crop: bytes,
        liveness_passed: bool,
        liveness_score: float,
        *,
        challenge: tuple[LivenessStep, ...] = (),
        frames: Sequence[tuple[float, bytes]] = (),
    ) -> FaceResult:
        """Raise ``FaceMismatch`` unless liveness passed and the crop matches the registered photo;
        ``FaceIsChipPhoto`` when the crop or a frame is a copy of that photo; ``LivenessNotShown`` unless
        ``frames`` (seconds from the first, JPEG) show ``challenge`` answered by the card holder (see
        ``kiosk.face.sequence``). No score goes into any answer."""
        if not liveness_passed or liveness_score < self._policy.min_liveness_score:
            raise FaceMismatch("the kiosk's liveness check did not pass")
        if not self._policy.required:
            return FaceResult(None)
        from kiosk.face.errors import FaceError
        from kiosk.face.image import decode_chip_photo, decode_image
        from kiosk.face.likeness import CopyRules, likeness
        from kiosk.face.liveness import Challenge
        from kiosk.face.match import match
        from kiosk.face.sequence import SequenceFailure, check_sequence

        rules = CopyRules(max_detail=self._policy.copy_detail)
        with self._lock:
            engine = self._load()
            try:
                chip = decode_chip_photo(registered_photo)
                crop = decode_image(live_crop, _face_crop_limits(len(live_crop)))
                decision = match(engine, chip, [crop])
                crop_likeness = likeness(engine, chip, crop) if decision.match else None
                decoded = [(t, decode_image(jpeg, _frame_limits(len(jpeg)))) for t, jpeg in frames]
            except FaceError as exc:
                raise Unprocessable(f"face crop cannot be matched: {type(exc).__name__}") from exc
            if not decision.match:
                # No score in the answer: it would tell an attacker how close each attempt came.
                raise FaceMismatch("the live face does not match the registered photo")
            if crop_likeness is not None and crop_likeness.is_copy(rules):
                raise FaceIsChipPhoto("the live face crop reproduces the registered photo")
            closest = crop_likeness.detail if crop_likeness is not None else None
            if challenge:
                verdict = check_sequence(
                    engine, self._mesh(engine), chip, decoded, [Challenge(step.value) for step in challenge],
                    copy_rules=rules,
                )  # fmt: skip
                if verdict.failure is SequenceFailure.COPY:
                    raise FaceIsChipPhoto("a challenge frame reproduces the registered photo")
                if verdict.failure is not None:
                    raise LivenessNotShown(_FAILURES[verdict.failure.value])
                closest = max(c for c in (closest, verdict.closest_copy) if c is not None)
        return FaceResult(decision.score, closest)

    def check_renewal_person(self, registered_photo: bytes, photo: bytes) -> None:
        """Raise ``FaceMismatch`` unless the renewal photo shows the person of the registered photo (the kiosk
        matched it against the chip photo and the session's live face; this repeats the first on the service's own
        record). Skipped when face models are off."""
        if not self._policy.required:
            return
        from kiosk.face.errors import FaceError
        from kiosk.face.image import decode_chip_photo, decode_image
        from kiosk.face.match import match

        with self._lock:
            engine = self._load()
            try:
                decision = match(engine, decode_chip_photo(registered_photo), [decode_image(photo)])
            except FaceError as exc:
                raise Unprocessable(f"renewal photo cannot be matched: {type(exc).__name__}") from exc
        if not decision.match:
            raise FaceMismatch("the renewal photo does not show the card holder")

    def check_renewal_photo(self, photo: bytes) -> None:
        """Re-check a renewal photo's quality with the kiosk's own checker (one face, pose, eyes, exposure,
        plain background); ``Unprocessable`` names the failed checks. Skipped when face models are off."""
        if not self._policy.required:
            return
        from kiosk.face.errors import FaceError
        from kiosk.face.image import decode_image
        from kiosk.face.quality import PhotoQualityChecker, assess_renewal_photo

        with self._lock:
            if self._quality is None:
                self._quality = PhotoQualityChecker(self._load())
            try:
                report = assess_renewal_photo(self._quality, decode_image(photo))
            except FaceError as exc:
                raise Unprocessable(f"renewal photo cannot be checked: {type(exc).__name__}") from exc
        if not report.ok:
            raise Unprocessable("renewal photo fails the quality checks: " + ", ".join(report.hints or ["unknown"]))
