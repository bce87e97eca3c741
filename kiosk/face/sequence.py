"""The liveness evidence a kiosk sends and the service checks: a few small face crops, with capture times, that
show the service's own challenge being answered.

The kiosk runs its liveness session (``kiosk.face.liveness``) on every camera frame; :class:`EvidenceRecorder`
keeps the frames that witness each step (for a blink: three open-eyed frames, the closed one, the reopened one;
for a turn: the frontal frame and the turned one). The service decodes them and runs the *same*
:class:`~kiosk.face.liveness.LivenessSession` on its own mesh of those frames (:func:`check_sequence`), in the
order and within the time it asked, and checks that they show one person throughout, that this person is the
card holder, and that no frame is a copy of the chip photo (``kiosk.face.likeness``).

A frame's capture time is seconds from the first frame; images are crops around the face (the only part the
checks need), JPEG, at most :data:`MAX_FRAME_BYTES` each and :data:`MAX_FRAMES` in all.
"""

from __future__ import annotations

import enum
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from kiosk.face.engine import cosine, fuse
from kiosk.face.errors import FaceError
from kiosk.face.image import Image, as_bgr
from kiosk.face.likeness import CopyRules, likeness
from kiosk.face.liveness import Challenge, LivenessRules, LivenessSession, LivenessState
from kiosk.face.match import DEFAULT_OPERATING_POINT, OperatingPoint, check_live_frame, chip_embedding, to_gray_bgr

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.face.engine import FaceEngine
    from kiosk.face.landmarks import MeshObservation, MeshTracker

MAX_FRAMES = 12
MAX_FRAME_BYTES = 48 * 1024
FRAME_SIDE = 240  # pixels of a crop's side; the face fills about half of it
_CROP_PER_FACE = 2.2
_KEPT_PER_STEP = 45  # frames of the current step held in memory to choose witnesses from (3 s at 15 fps)
_JPEG_QUALITY = 90

SERVICE_RULES = LivenessRules(turn_yaw=18.0, frontal_yaw=14.0, blink_closed_ratio=0.65, blink_open_ratio=0.75)
"""The service's limits on the witness frames: a little looser than the kiosk's own (22 degrees, 0.55/0.8), since
the kiosk picks its witnesses at the moment its tracker crossed its limit and the service measures them again on
a JPEG crop with the mesh fitted frame by frame."""


class SequenceFailure(enum.Enum):
    """Why a frame sequence does not show the challenge answered by the card holder."""

    FRAMES = "frames"  # too few or too many, unreadable, or capture times not increasing / too long
    NO_FACE = "no_face"  # a frame without one measurable face
    IDENTITY = "identity"  # not one person throughout (a frame unlike the others fused)
    NOT_HOLDER = "not_holder"  # one person, not the card holder
    COPY = "copy"  # a frame reproduces the chip photo
    CHALLENGE = "challenge"  # the challenge steps are not shown, in order, in time


@dataclass(frozen=True)
class TimedFrame:
    """One witness: seconds from the first frame, and the JPEG crop."""

    t: float
    jpeg: bytes = field(repr=False)


@dataclass(frozen=True)
class SequenceVerdict:
    failure: SequenceFailure | None
    score: float | None = None  # the fused frames against the chip photo, for the record
    closest_copy: float | None = None  # the highest detail correlation with the chip of any frame (likeness)

    @property
    def ok(self) -> bool:
        return self.failure is None


def face_crop(image: Image, observation: MeshObservation) -> Image:
    """A square crop around the measured face, :data:`FRAME_SIDE` pixels a side."""
    import cv2

    cv: Any = cv2
    x, y, w, h = observation.face_box
    side = _CROP_PER_FACE * max(w, h)
    scale = FRAME_SIDE / side
    left, top = x + w / 2 - side / 2, y + h / 2 - side / 2
    matrix = np.array([[scale, 0.0, -left * scale], [0.0, scale, -top * scale]])
    crop: Image = cv.warpAffine(as_bgr(image), matrix, (FRAME_SIDE, FRAME_SIDE), borderMode=cv.BORDER_REPLICATE)
    return crop


def encode(crop: Image) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, _JPEG_QUALITY])
    if not ok:
        raise FaceError("could not encode a witness frame as JPEG")
    return bytes(buf)


@dataclass
class _Seen:
    t: float
    eyes: float
    yaw: float
    crop: Image = field(repr=False)


class EvidenceRecorder:
    """Keeps, from the frames a kiosk's liveness session sees, the witnesses of each completed step.

    Feed it every frame with its observation and the session's status after that frame; read :meth:`frames` when
    the session passed. It holds at most :data:`_KEPT_PER_STEP` small crops at a time, and :meth:`clear` drops them.
    """

    def __init__(self, rules: LivenessRules | None = None) -> None:
        self._rules = rules or LivenessRules()
        self._recent: deque[_Seen] = deque(maxlen=_KEPT_PER_STEP)
        self._witnesses: list[_Seen] = []
        self._completed = 0

    def feed(self, image: Image, observation: MeshObservation | None, t: float, completed: Sequence[Challenge]) -> None:
        if observation is None:
            return
        self._recent.append(_Seen(t, observation.eye_openness, observation.yaw, face_crop(image, observation)))
        if len(completed) > self._completed:
            self._witnesses += _witnesses(completed[-1], list(self._recent), self._rules)
            self._completed = len(completed)
            self._recent.clear()

    def frames(self) -> tuple[TimedFrame, ...]:
        """The witnesses in capture order, times from the first (at most :data:`MAX_FRAMES`)."""
        seen = sorted({id(s): s for s in self._witnesses}.values(), key=lambda s: s.t)[-MAX_FRAMES:]
        if not seen:
            return ()
        start = seen[0].t
        return tuple(TimedFrame(round(s.t - start, 3), encode(s.crop)) for s in seen)

    def clear(self) -> None:
        self._recent.clear()
        self._witnesses = []


def _witnesses(challenge: Challenge, seen: list[_Seen], rules: LivenessRules) -> list[_Seen]:
    """The frames of one completed step that show it: the last frame is the one that completed it."""
    done = seen[-1]
    before = seen[:-1]
    if challenge is Challenge.BLINK:
        if not before:
            return [done]
        closed_at = min(range(len(before)), key=lambda i: before[i].eyes)
        # The baseline: the last three frames before it with the eyes open (the eyes may close over several frames).
        widest = max((s.eyes for s in before[:closed_at]), default=0.0)
        opened = [s for s in before[:closed_at] if s.eyes >= rules.blink_open_ratio * widest]
        return [*opened[-3:], before[closed_at], done]
    frontal = [s for s in before if abs(s.yaw) <= rules.frontal_yaw]
    return [*frontal[-1:], done]


def check_sequence(
    engine: FaceEngine,
    tracker: MeshTracker,
    chip_image: Image,
    frames: Sequence[tuple[float, Image]],
    challenges: Sequence[Challenge],
    *,
    operating_point: OperatingPoint = DEFAULT_OPERATING_POINT,
    copy_rules: CopyRules | None = None,
    rules: LivenessRules = SERVICE_RULES,
) -> SequenceVerdict:
    """Whether ``frames`` (seconds from the first, decoded crops) show ``challenges`` answered in order, within
    the time allowed, by one person who is the person of ``chip_image``, in frames that are not the chip photo.
    ``tracker`` must measure each frame on its own (``MeshTracker(video=False, engine=engine)``)."""
    times = [t for t, _ in frames]
    limit = rules.time_limit_s * len(challenges) + 2.0
    if not 2 <= len(frames) <= MAX_FRAMES or any(b <= a for a, b in itertools.pairwise(times)):
        return SequenceVerdict(SequenceFailure.FRAMES)
    if times[0] < 0 or times[-1] - times[0] > limit:
        return SequenceVerdict(SequenceFailure.FRAMES)
    observations: list[MeshObservation] = []
    vectors = []
    for _, image in frames:
        bgr = as_bgr(image)
        observation = tracker.observe(bgr)
        face = check_live_frame(engine, bgr).face
        if observation is None or face is None:
            return SequenceVerdict(SequenceFailure.NO_FACE)
        observations.append(observation)
        vectors.append(engine.embed(to_gray_bgr(bgr), face))
    # Each frame against the fused others: a turned face compared with one frontal frame can fall near the
    # threshold (measured down to 0.32 on the simulator's 40-degree turns), against the others it stays above 0.49.
    for i, vector in enumerate(vectors):
        if cosine(fuse([v for j, v in enumerate(vectors) if j != i]), vector) < operating_point.threshold:
            return SequenceVerdict(SequenceFailure.IDENTITY)
    chip = as_bgr(chip_image)
    chip_vector, _ = chip_embedding(engine, chip)
    score = round(cosine(chip_vector, fuse(vectors)), 4)
    if score < operating_point.threshold:
        return SequenceVerdict(SequenceFailure.NOT_HOLDER, score)
    copies = [found for _, image in frames if (found := likeness(engine, chip, image)) is not None]
    closest = max((c.detail for c in copies), default=None)
    if any(c.is_copy(copy_rules or CopyRules()) for c in copies):
        return SequenceVerdict(SequenceFailure.COPY, score, closest)
    session = LivenessSession(challenges, rules=rules)
    for observation, t in zip(observations, times, strict=True):
        session.feed_observation(observation, t)
    if session.status().state is not LivenessState.PASSED:
        return SequenceVerdict(SequenceFailure.CHALLENGE, score, closest)
    return SequenceVerdict(None, score, closest)
