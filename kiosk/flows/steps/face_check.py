"""The face check: a liveness challenge and a match against the chip photo, on the same frames."""

from __future__ import annotations

from typing import Any

from kiosk.flows.context import FlowContext
from kiosk.flows.events import Frame
from kiosk.flows.ports import INJECTED_SOURCE, FaceCheck, FaceProgress, LivenessProgress, LivenessState
from kiosk.flows.screens.face import face_capture_view, face_retry_view
from kiosk.flows.steps.base import Cancelled, Step, act, error_end, wait_for_action
from kiosk.flows.view import FlowKind


def face_check(ctx: FlowContext, flow: FlowKind, *, step: int, total: int) -> Step:
    """A liveness challenge and a match against the chip photo on the same frames (a face swapped in after the
    challenge cannot be matched instead). Returns ``(FaceDecision, LivenessProgress)``. After ``face_attempts``
    failures the flow ends, sending the resident to the counter."""
    if ctx.data.front is None:
        raise RuntimeError("the chip photo has not been read")
    for attempt in range(1, ctx.kiosk.settings.face_attempts + 1):
        # The service's challenge for this card session when it chose one: it checks the frames against it.
        check = ctx.kiosk.face.new_check(ctx.data.front.photo_jp2, ctx.data.liveness_challenge or ())
        try:  # closed however the check ends: cancelled, timed out, card pulled, or decided
            progress, last_frame = yield from _run_check(check, flow, attempt, step=step, total=total)
        finally:
            check.close()
        if progress.error == INJECTED_SOURCE:  # not a resident's failure: no retry, the technician is told (log)
            raise error_end(flow, "camera_untrusted", "face_refused")
        if progress.verified and progress.decision is not None:
            ctx.data.evidence_crop = ctx.kiosk.face.evidence_crop(last_frame)
            ctx.data.evidence_frames = progress.witnesses
            return progress.decision, progress.liveness
        kind = _failure_kind(progress)
        if attempt == ctx.kiosk.settings.face_attempts:
            break
        yield from wait_for_action(face_retry_view(flow, kind, step=step, total=total))
    raise error_end(flow, "face_mismatch_final", "face_refused")


def _run_check(check: FaceCheck, flow: FlowKind, attempt: int, *, step: int, total: int) -> Step:
    """Feed camera frames to ``check`` until it decides; returns ``(FaceProgress, last frame)``."""
    progress = FaceProgress(LivenessProgress(LivenessState.RUNNING, "blink"))
    last_frame: Any = None
    while not progress.final:
        liveness = progress.liveness
        event = yield face_capture_view(
            flow,
            liveness.challenge,
            hints=liveness.hints,
            seconds_left=liveness.seconds_left,
            attempt=attempt,
            step=step,
            total=total,
        )
        if act(event, "cancel"):
            raise Cancelled
        if isinstance(event, Frame):
            last_frame = event.image
            progress = check.feed(event.image, event.t)
    return progress, last_frame


def _failure_kind(progress: FaceProgress) -> str:
    """The error kind of a failed attempt, as specific as the check can say (what to do differently next time)."""
    if progress.liveness.state is LivenessState.PASSED:
        return "face_mismatch"
    if progress.liveness.reason in ("timeout", "no_motion"):
        return f"liveness_{progress.liveness.reason}"
    return "liveness_failed"
