"""The liveness challenge the service chooses for each card session, and its check on the frames a kiosk sends.

A kiosk's own liveness result is its word; a stolen kiosk key could claim anything. So the service draws the steps
(blink, turn left, turn right; ``FacePolicy.challenge_length`` distinct ones in random order, from the system RNG)
when it opens the card session, answers them with the session, and at the PIN reset decodes the witness frames the
kiosk sealed to it and runs the kiosk's own liveness code on its own face mesh of them
(``kiosk.face.sequence.check_sequence``).
"""

from __future__ import annotations

import random

from backend.domain import LivenessStep
from backend.settings import FacePolicy


def choose_challenge(policy: FacePolicy) -> tuple[LivenessStep, ...]:
    """``policy.challenge_length`` distinct steps from ``policy.challenge_steps``, in an order nobody can predict."""
    steps = list(dict.fromkeys(policy.challenge_steps))
    return tuple(random.SystemRandom().sample(steps, k=min(policy.challenge_length, len(steps))))


def stored(challenge: tuple[LivenessStep, ...]) -> str | None:
    """The column form (``card_sessions.liveness_challenge``)."""
    return ",".join(step.value for step in challenge) or None


def loaded(column: str | None) -> tuple[LivenessStep, ...]:
    return tuple(LivenessStep(value) for value in column.split(",")) if column else ()
