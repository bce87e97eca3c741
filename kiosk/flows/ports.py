"""The ports the flows need, as protocols; drivers, the backend client and the face pipeline implement them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class LivenessState(StrEnum):
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class LivenessProgress:
    state: LivenessState
    challenge: str  # message key suffix, e.g. "blink" -> "face.challenge.blink"
    hints: tuple[str, ...] = ()  # message keys
    seconds_left: float = 0.0
    score: float = 0.0  # 0..1, recorded (not images) so thresholds can be defended


@dataclass(frozen=True)
class FaceDecision:
    match: bool
    score: float
    threshold: float
    operating_point: str
    frames_used: int


@dataclass(frozen=True)
class FaceProgress:
    """Where one face check is: liveness progress and, once the challenges are done, the match decision."""

    liveness: LivenessProgress
    decision: FaceDecision | None = None
    error: str | None = None  # a face error code that prevented a decision ("no_face", "multiple_faces")

    @property
    def final(self) -> bool:
        return self.liveness.state is not LivenessState.RUNNING

    @property
    def verified(self) -> bool:
        return self.liveness.state is LivenessState.PASSED and self.decision is not None and self.decision.match


class FaceCheck(Protocol):
    def feed(self, frame: Any, t: float) -> FaceProgress: ...


@dataclass(frozen=True)
class PhotoCheck:
    ok: bool
    hints: tuple[str, ...]  # message keys for the failed checks, most useful first
    crop_jpeg: bytes | None = field(default=None, repr=False)  # the photo in the card's geometry, when ok


class FacePort(Protocol):
    """The face pipeline as the flows use it (adapter in ``kiosk.flows.face_service``)."""

    def new_check(self, chip_photo_jp2: bytes) -> FaceCheck:
        """A liveness challenge (drawn at random) and a match against the chip photo, on the same frames."""
        ...

    def evidence_crop(self, frame: Any) -> bytes:
        """The live face crop (JPEG) that goes, sealed, to the backend for its own re-match."""
        ...

    def check_photo(self, frame: Any) -> PhotoCheck:
        """Renewal-photo quality: ok with the card-geometry crop, or hints the resident can act on."""
        ...
