"""The ports the flows need, as protocols; drivers, the backend client and the face pipeline implement them."""

from __future__ import annotations

from collections.abc import Sequence
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


class LivenessCheck(Protocol):
    def feed(self, frame: Any, t: float) -> LivenessProgress: ...


@dataclass(frozen=True)
class FaceDecision:
    match: bool
    score: float
    threshold: float
    operating_point: str
    frames_used: int


@dataclass(frozen=True)
class PhotoCheck:
    ok: bool
    hints: tuple[str, ...]  # message keys for the failed checks, most useful first
    crop_jpeg: bytes | None = field(default=None, repr=False)  # the photo in the card's geometry, when ok


class FacePort(Protocol):
    """The face pipeline as the flows use it (adapter in ``kiosk.face.service``)."""

    def new_liveness(self, challenge: str | None = None) -> LivenessCheck:
        """A liveness check with ``challenge`` (chosen at random per session when None)."""
        ...

    def usable(self, frame: Any) -> tuple[bool, tuple[str, ...]]:
        """Whether ``frame`` holds exactly one well-placed face for matching, and hints if not."""
        ...

    def match(self, chip_photo_jp2: bytes, frames: Sequence[Any]) -> FaceDecision: ...

    def evidence_crop(self, frame: Any) -> bytes:
        """The live face crop (JPEG) that goes, sealed, to the backend for its own re-match."""
        ...

    def check_photo(self, frame: Any) -> PhotoCheck:
        """Renewal-photo quality: ok with the card-geometry crop, or hints the resident can act on."""
        ...
