"""The face pipeline (``kiosk.face``) behind the port the flows use (:class:`kiosk.flows.ports.FacePort`).

Models are loaded once per kiosk (the engine, the mesh trackers); each liveness check gets a fresh session with
challenges drawn at random. Hint keys of the face package become ``face.hint.<key>`` message keys.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kiosk import wire
from kiosk.face.engine import FaceEngine
from kiosk.face.errors import FaceError
from kiosk.face.geometry import card_crop
from kiosk.face.image import as_bgr, decode_chip_photo, decode_image
from kiosk.face.landmarks import MeshTracker
from kiosk.face.liveness import Challenge, LivenessRules, LivenessState, LivenessStatus, random_challenges
from kiosk.face.match import DEFAULT_OPERATING_POINT, OperatingPoint
from kiosk.face.quality import PhotoQualityChecker, assess_renewal_photo
from kiosk.face.source import SourceRules
from kiosk.face.verification import INJECTED_SOURCE, FaceVerification
from kiosk.flows import ports

log = logging.getLogger(__name__)

PERSON_BEHIND = "face.hint.person_behind"


def _jpeg(image: Any, quality: int = 92) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise FaceError("could not encode the photo as JPEG")
    return bytes(buf)


class _Check:
    """One resident's face check: ``kiosk.face.verification.FaceVerification`` seen through the flows' port.

    It owns its mesh tracker: a mediapipe graph of about 26 MB and two native threads that Python's collector
    never frees, so :meth:`close` is what keeps a kiosk's memory flat over a day of residents."""

    def __init__(self, verification: FaceVerification, tracker: MeshTracker) -> None:
        self._verification = verification
        self._tracker: MeshTracker | None = tracker

    def close(self) -> None:
        tracker, self._tracker = self._tracker, None
        if tracker is not None:
            tracker.close()

    def feed(self, frame: Any, t: float) -> ports.FaceProgress:
        status = self._verification.feed(frame, t)
        if status.error == INJECTED_SOURCE:
            log.warning("face check: the frames do not look like a camera's (%s)", ", ".join(status.source_reasons))
        decision = status.decision
        liveness = _progress(status.liveness)
        if status.second_face:  # the frame is not used; ask for the person behind to step back until it clears
            liveness = replace(liveness, hints=(PERSON_BEHIND, *liveness.hints))
        return ports.FaceProgress(
            liveness,
            None
            if decision is None
            else ports.FaceDecision(
                decision.match, decision.score, decision.threshold, decision.operating_point_name,
                decision.frames_used,
            ),
            status.error,
            tuple(wire.ChallengeFrame(round(w.t * 1000), w.jpeg) for w in status.witnesses),
        )  # fmt: skip


# Why a liveness check failed, for the error screen that tells the resident what to do differently.
LIVENESS_REASONS = {LivenessState.FAILED_TIMEOUT: "timeout", LivenessState.FAILED_NO_MOTION: "no_motion"}


def _progress(status: LivenessStatus) -> ports.LivenessProgress:
    if status.state is LivenessState.PASSED:
        state = ports.LivenessState.PASSED
    elif status.state.final:
        state = ports.LivenessState.FAILED
    else:
        state = ports.LivenessState.RUNNING
    challenge = (status.current or (status.completed[-1] if status.completed else status.challenges[0])).value
    hints = ("face.hint.face_not_found",) if status.state is LivenessState.WAITING_FOR_FACE else ()
    limit = LivenessRules().time_limit_s * len(status.challenges)
    score = len(status.completed) / len(status.challenges)
    reason = LIVENESS_REASONS.get(status.state, "")
    return ports.LivenessProgress(state, challenge, hints, max(0.0, limit - status.elapsed_s), score, reason)


class FaceService:
    """Implements :class:`kiosk.flows.ports.FacePort` with YuNet + SFace (OpenCV) and mediapipe."""

    def __init__(
        self,
        operating_point: OperatingPoint = DEFAULT_OPERATING_POINT,
        *,
        challenges: int = 2,
        allowed: tuple[Challenge, ...] = tuple(Challenge),
        source_rules: SourceRules | None = None,
    ) -> None:
        """``challenges`` and ``allowed`` shape the steps the kiosk draws itself, when the service chose none (a card
        session opened offline); the service's own challenge is always asked as it is.
        ``source_rules`` turns on the check that the frames come from a camera, not an injected video
        (``kiosk.face.source``): a real kiosk passes ``SourceRules()``; the simulator's camera is such a video."""
        self.operating_point = operating_point
        self._source_rules = source_rules
        self._challenges = min(challenges, len(allowed))
        self._allowed = allowed
        self.engine = FaceEngine()
        self._quality: PhotoQualityChecker | None = None

    def new_check(self, chip_photo_jp2: bytes, challenge: Sequence[str] = ()) -> ports.FaceCheck:
        if challenge:  # the service's choice, asked as it is: its own check of the frames expects exactly these
            chosen = tuple(Challenge(step) for step in challenge)
        else:
            drawn = random_challenges(steps=len(Challenge))
            chosen = tuple(c for c in drawn if c in self._allowed)[: self._challenges]
        # mediapipe's own tracking (video mode) follows the one large face in front of a kiosk at a fraction of the
        # cost of detecting it again in every frame; a fresh tracker per resident shares nothing between them.
        chip = decode_chip_photo(chip_photo_jp2)
        tracker = MeshTracker(video=True)
        verification = FaceVerification(
            self.engine, tracker, chip, chosen, self.operating_point, source_rules=self._source_rules
        )
        return _Check(verification, tracker)

    def evidence_crop(self, frame: Any) -> bytes:
        image = as_bgr(frame)
        return _jpeg(card_crop(image, self.engine.single_face(image)))

    def same_person(self, photo_jpeg: bytes, chip_photo_jp2: bytes, live_crop_jpeg: bytes) -> bool:
        from kiosk.face.match import match

        photo = decode_image(photo_jpeg)
        try:
            by_chip = match(self.engine, decode_chip_photo(chip_photo_jp2), [photo], self.operating_point)
            by_live = match(self.engine, decode_image(live_crop_jpeg), [photo], self.operating_point)
        except FaceError:
            return False  # no usable face on one side: not shown to be the same person
        return by_chip.match and by_live.match

    def check_photo(self, frame: Any) -> ports.PhotoCheck:
        if self._quality is None:
            self._quality = PhotoQualityChecker(self.engine)
        report = assess_renewal_photo(self._quality, frame)
        hints = tuple(f"face.hint.{key}" for key in report.hints)
        rules = tuple(report.rules().items())
        crop = _jpeg(report.crop) if report.crop is not None else None
        if report.ok and crop is not None:
            return ports.PhotoCheck(True, (), crop, rules)
        return ports.PhotoCheck(False, hints or ("face.hint.face_not_found",), crop, rules)
