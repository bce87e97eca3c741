"""The ports the flows need, as protocols; drivers, the backend client and the face pipeline implement them.

The card reader's port is :class:`kiosk.card.transport.CardReader`; the camera's is :class:`FacePort` here (the
face pipeline behind it); the backend's is :class:`BackendPort` (``kiosk.backend_client.BackendClient``, whose
typed errors — ``BackendUnavailable``, ``BackendRefused`` — are the port's errors too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiosk import wire


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
    reason: str = ""  # why a FAILED check failed: "timeout" (not done in time), "no_motion" (no movement seen)


@dataclass(frozen=True)
class FaceDecision:
    match: bool
    score: float
    threshold: float
    operating_point: str
    frames_used: int


INJECTED_SOURCE = "injected_source"
"""A :attr:`FaceProgress.error`: the frames do not come from a camera (an injected video); no retry helps."""


@dataclass(frozen=True)
class FaceProgress:
    """Where one face check is: liveness progress and, once the challenges are done, the match decision."""

    liveness: LivenessProgress
    decision: FaceDecision | None = None
    error: str | None = None  # a face error code that prevented a decision ("no_face", "multiple_faces")
    witnesses: tuple[wire.ChallengeFrame, ...] = field(default=(), repr=False)
    """Once liveness passed: the frames that show each step, for the service's own check of the challenge."""

    @property
    def final(self) -> bool:
        return self.liveness.state is not LivenessState.RUNNING

    @property
    def verified(self) -> bool:
        return self.liveness.state is LivenessState.PASSED and self.decision is not None and self.decision.match


class FaceCheck(Protocol):
    """One resident's face check. It holds native resources (a mediapipe graph and its threads): the caller closes
    it when the check ends, however it ends."""

    def feed(self, frame: Any, t: float) -> FaceProgress: ...

    def close(self) -> None:
        """Release what the check holds; idempotent."""
        ...


@dataclass(frozen=True)
class PhotoCheck:
    ok: bool
    hints: tuple[str, ...]  # message keys for the failed checks, most useful first
    crop_jpeg: bytes | None = field(default=None, repr=False)  # the photo in the card's geometry, when one face
    rules: tuple[tuple[str, bool], ...] = ()  # each photo rule (kiosk.face.quality.RULES) and whether it passed


class FacePort(Protocol):
    """The face pipeline as the flows use it (adapter in ``kiosk.flows.face_service``)."""

    def new_check(self, chip_photo_jp2: bytes, challenge: Sequence[str] = ()) -> FaceCheck:
        """A liveness challenge and a match against the chip photo, on the same frames. ``challenge``: the steps
        the service chose for the card session (``wire.CardSession.liveness_challenge``), in order; empty: drawn
        at random here (a session opened offline)."""
        ...

    def evidence_crop(self, frame: Any) -> bytes:
        """The live face crop (JPEG) that goes, sealed, to the backend for its own re-match."""
        ...

    def check_photo(self, frame: Any) -> PhotoCheck:
        """Renewal-photo quality: ok with the card-geometry crop, or hints the resident can act on."""
        ...

    def same_person(self, photo_jpeg: bytes, chip_photo_jp2: bytes, live_crop_jpeg: bytes) -> bool:
        """The new photo shows the person of the chip photo **and** of the live face of the same session."""
        ...


class BackendPort(Protocol):
    """The backend service as the flows use it; every answer is parsed once into a frozen :mod:`kiosk.wire` type."""

    @property
    def kiosk_id(self) -> str:
        """This kiosk's id (it goes into nonces the kiosk makes offline)."""
        ...

    def services(self, municipality: str) -> wire.Services: ...

    def evidence_key(self) -> wire.ServiceKeys: ...

    def challenge(self) -> wire.Challenge: ...

    def open_card_session(self, body: Mapping[str, Any]) -> wire.CardSession: ...

    def open_card_ap_session(self, proof: wire.CardApProof) -> wire.CardSession: ...

    def open_offline_card_session(
        self, body: Mapping[str, Any], *, idempotency_key: str, staff_token: str | None
    ) -> wire.CardSession: ...

    def create_pin_reset(self, body: Mapping[str, Any]) -> wire.PinReset: ...

    def confirm_pin_reset(
        self,
        reset_id: str,
        answers: Sequence[wire.CardAnswer],
        *,
        lost: Sequence[int] = (),
        idempotency_key: str | None = None,
    ) -> wire.PinResetStatus: ...

    def pickup_slots(self, card_session_id: str, limit: int) -> wire.PickupSlots:
        """The earliest free counter pick-up slots for the card of ``card_session_id`` (nothing is held)."""
        ...

    def submit_renewal(
        self, body: Mapping[str, Any], *, idempotency_key: str, staff_token: str | None = None
    ) -> wire.Renewal: ...

    def report_kiosk_event(self, body: Mapping[str, Any], *, idempotency_key: str) -> wire.KioskEventRecorded: ...

    def staff_login(self, username: str, password: str) -> wire.StaffLogin: ...

    def staff_counts_today(self, staff_token: str) -> wire.Counts: ...
