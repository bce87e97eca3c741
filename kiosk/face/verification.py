"""One resident's face check, as a flow runs it: liveness challenges and chip matching on the same frames.

The frames matched against the chip photo are collected *during* the liveness session (frontal, eyes open),
so the face that answered the challenges is the face that is matched; a photo swapped in after the challenge
cannot be matched instead. Feed frames with their timestamps; read the status after each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.face.engine import SECOND_FACE_RATIO
from kiosk.face.errors import FaceError
from kiosk.face.image import Image, as_bgr
from kiosk.face.liveness import LivenessSession, LivenessState, LivenessStatus
from kiosk.face.match import DEFAULT_OPERATING_POINT, MatchDecision, OperatingPoint, match
from kiosk.face.sequence import EvidenceRecorder, TimedFrame
from kiosk.face.source import FrameSourceMonitor, SourceRules

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.face.engine import FaceEngine
    from kiosk.face.landmarks import MeshObservation, MeshTracker
    from kiosk.face.liveness import Challenge, LivenessRules

# Frames kept for matching: near-frontal, head upright, eyes open (the dev set's remaining false rejects were a
# 30-degree roll and a steep downward look), at most this many; match() fuses the sharpest five.
MAX_FRAMES_KEPT = 8
MATCH_MAX_YAW = 15.0
MATCH_MAX_ROLL = 15.0
MATCH_MAX_PITCH = 20.0
MATCH_MIN_EYES = 0.18
INJECTED_SOURCE = "injected_source"


@dataclass(frozen=True)
class VerificationStatus:
    """Liveness progress, frames kept so far, and — once liveness passed — the match decision or the face error
    code that prevented one (``no_face``, ``multiple_faces``).

    ``second_face`` is true while the latest frame shows a second face of comparable size (at least
    :data:`~kiosk.face.engine.SECOND_FACE_RATIO` of the resident's height): such frames are not kept for matching,
    and the flow should show the "only one person, please ask the person behind you to step back" screen until it
    clears. ``second_face_frames`` counts them over the session, for the decision record.

    ``source_reasons`` names what made the frame source look injected (``kiosk.face.source``), when the session
    checks it; the decision is then withheld with the error ``injected_source``."""

    liveness: LivenessStatus
    frames_kept: int
    decision: MatchDecision | None
    error: str | None
    second_face: bool = False
    second_face_frames: int = 0
    source_reasons: tuple[str, ...] = ()
    witnesses: tuple[TimedFrame, ...] = field(default=(), repr=False)
    """Once liveness passed: the frames that show each challenge step (``kiosk.face.sequence``), for the
    service to check the challenge itself."""

    @property
    def final(self) -> bool:
        return self.liveness.state.final

    @property
    def verified(self) -> bool:
        """Live and matched."""
        return self.liveness.live and self.decision is not None and self.decision.match


class FaceVerification:
    """Liveness + chip match for one session. Not reusable: make a new one per resident."""

    def __init__(
        self,
        engine: FaceEngine,
        tracker: MeshTracker,
        chip_image: Image,
        challenges: Sequence[Challenge],
        operating_point: OperatingPoint = DEFAULT_OPERATING_POINT,
        rules: LivenessRules | None = None,
        source_rules: SourceRules | None = None,
    ) -> None:
        """``source_rules`` turns on the frame-source check (off by default: the simulator's virtual camera is
        exactly such a source; a real kiosk passes ``SourceRules()``)."""
        self._engine = engine
        self._source = FrameSourceMonitor(source_rules) if source_rules is not None else None
        self._source_reasons: tuple[str, ...] = ()
        self._tracker = tracker
        self._chip = as_bgr(chip_image)
        self._point = operating_point
        self._liveness = LivenessSession(challenges, rules=rules)
        self._recorder = EvidenceRecorder(rules)
        self._witnesses: tuple[TimedFrame, ...] = ()
        self._kept: list[Image] = []
        self._decision: MatchDecision | None = None
        self._error: str | None = None
        self._second_face = False
        self._second_face_frames = 0

    def feed(self, frame: Image, timestamp: float) -> VerificationStatus:
        """Advance with one camera frame."""
        if self._liveness.status().state.final:
            return self.status()
        image = as_bgr(frame)
        if self._source is not None:
            self._source.feed(image, timestamp)
        observation = self._tracker.observe(image)
        self._keep(image, observation)
        liveness = self._liveness.feed_observation(observation, timestamp)
        self._recorder.feed(image, observation, timestamp, liveness.completed)
        if liveness.state is LivenessState.PASSED:
            self._witnesses = self._recorder.frames()
            self._decide()
        if liveness.state.final:
            self._recorder.clear()
        return self.status()

    def status(self) -> VerificationStatus:
        return VerificationStatus(
            self._liveness.status(),
            len(self._kept),
            self._decision,
            self._error,
            self._second_face,
            self._second_face_frames,
            self._source_reasons,
            self._witnesses,
        )

    def _keep(self, image: Image, observation: MeshObservation | None) -> None:
        self._second_face = observation is not None and observation.second_face_ratio >= SECOND_FACE_RATIO
        self._second_face_frames += int(self._second_face)
        if observation is None or self._second_face:
            return
        pose_ok = (
            abs(observation.yaw) <= MATCH_MAX_YAW
            and abs(observation.roll) <= MATCH_MAX_ROLL
            and abs(observation.pitch) <= MATCH_MAX_PITCH
        )
        if not pose_ok or observation.eye_openness < MATCH_MIN_EYES:
            return
        self._kept = [*self._kept[-(MAX_FRAMES_KEPT - 1) :], image]

    def _decide(self) -> None:
        if self._source is not None:
            self._source_reasons = self._source.verdict().reasons
            if self._source_reasons:
                self._error = INJECTED_SOURCE
                self._kept = []
                return
        try:
            self._decision = match(self._engine, self._chip, self._kept, self._point)
        except FaceError as error:
            self._error = error.code
        finally:
            self._kept = []  # the frames are personal data: drop them once decided
