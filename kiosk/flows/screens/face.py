"""Screens of the face check: the live challenge, and the offer to try again after a failed attempt."""

from __future__ import annotations

from kiosk.flows.actions import CANCEL, RETRY
from kiosk.flows.screens.endings import error_view
from kiosk.flows.view import FlowKind, Screen, View


def face_capture_view(
    flow: FlowKind,
    challenge: str,
    *,
    hints: tuple[str, ...] = (),
    seconds_left: float,
    attempt: int,
    step: int,
    total: int,
) -> View:
    """The live preview with the current liveness ``challenge`` (``blink``, ``turn_left``…) and its time left; a turn
    carries its ``direction`` (``left``/``right``, the resident's own) for the arrow beside the picture."""
    params: dict[str, str | int] = {"attempt": attempt}
    if challenge.startswith("turn_"):
        params["direction"] = challenge.removeprefix("turn_")
    return View(
        Screen.FACE_CAPTURE, flow, "face.title", f"face.challenge.{challenge}", hints=hints, camera=True,
        countdown=round(seconds_left), actions=(CANCEL,), step=step, total_steps=total, params=params,
    )  # fmt: skip


def face_retry_view(flow: FlowKind, kind: str, *, step: int, total: int) -> View:
    """An attempt failed (``face_mismatch`` or ``liveness_failed``) and another is allowed."""
    return error_view(flow, kind, actions=(RETRY, CANCEL), step=step, total=total)
