"""Server-authorised PIN reset: policy, face evidence, the MAC-protected command script, and its confirmation.

Which PIN may be reset depends on which PIN the resident proved (L1, L2): the signature PIN after the 4-digit
authentication PIN (card session with the ``auth`` key); the 4-digit PINs after the signature PIN (``sign`` key),
only where the policy switch is on. A new script spends fresh counter values, so a retried or abandoned script
can never be replayed after a newer one was applied.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend import audit, counts, liveness, management
from backend.audit import JsonScalar
from backend.card_auth import live_card_session, require_keys, valid_card
from backend.clock import Clock
from backend.context import AppContext, KioskPrincipal
from backend.domain import JpkiKey, PinResetStatus, PinTarget, Service
from backend.errors import (
    BackendError,
    Conflict,
    FaceMismatch,
    Forbidden,
    NotConfigured,
    NotFound,
    RateLimited,
    ServiceDisabled,
    Unprocessable,
)
from backend.face_evidence import FaceMatcher, FaceResult
from backend.models import Card, CardSession, PinReset
from backend.photo_vault import PhotoVaultError, card_owner, open_photo
from backend.policy import services_for
from backend.ratelimit import capped_count
from backend.schemas import (
    PinResetConfirmIn,
    PinResetIn,
    PinResetOut,
    PinResetStatusOut,
    ScriptStep,
    SealedBox,
    SealedFrameBox,
)
from backend.sealing import Sealed, open_sealed
from backend.settings import Limits
from kiosk.wire import CHALLENGE_FRAME_PURPOSE

REQUIRED_KEY = {PinTarget.SIGN: JpkiKey.AUTH, PinTarget.FOUR_DIGIT: JpkiKey.SIGN}
log = logging.getLogger(__name__)
SERVICE = {PinTarget.SIGN: Service.SIGN_PIN_RESET, PinTarget.FOUR_DIGIT: Service.FOUR_DIGIT_PIN_RESET}
STEPS_PER_PIN = 3


def _sealed(box: SealedBox | SealedFrameBox) -> Sealed:
    return Sealed(box.ephemeral_public, box.nonce, box.ciphertext)


def _allocate_counters(session: Session, serial: str, n: int) -> int:
    """Reserve ``n`` fresh counter values atomically; returns the first."""
    last = session.execute(
        update(Card)
        .where(Card.serial == serial)
        .values(management_counter=Card.management_counter + n)
        .returning(Card.management_counter)
        .execution_options(synchronize_session=False)  # the loaded Card is not read again
    ).scalar_one()
    if last > management.COUNTER_MAX:
        raise Conflict("this card's management counter is exhausted; the card must be re-personalised")
    return int(last) - n + 1


def create(
    session: Session, ctx: AppContext, faces: FaceMatcher, kiosk: KioskPrincipal, body: PinResetIn
) -> PinResetOut:
    keys = require_keys(ctx)
    now = ctx.clock.now()
    card_session = live_card_session(session, ctx, kiosk, body.card_session_id)
    if card_session.offline_staff_id is not None:
        raise Forbidden("a card session from an offline capture cannot reset a PIN; read the card online")
    card = valid_card(session, card_session.card_serial, lock=True)
    if card.management_key_id != keys.management_key_id:
        raise NotConfigured(
            f"this card's management key {card.management_key_id!r} is not the one this service holds"
            f" ({keys.management_key_id!r}): its scripts would be refused by the card"
        )
    if card_session.key is not REQUIRED_KEY[body.target]:
        proven = "4-digit authentication PIN" if body.target is PinTarget.SIGN else "signature PIN"
        raise Forbidden(f"resetting the {body.target.value} PIN needs a card session proven with the {proven}")
    if not services_for(session, kiosk.site_id, kiosk.site_kind, card.municipality_code).allows(SERVICE[body.target]):
        raise ServiceDisabled(f"{SERVICE[body.target].value} is not enabled for this municipality at this site")
    if card_session.face_failures >= ctx.settings.limits.face_failures_per_card_session:
        raise RateLimited("too many refused face checks in this card session; read the card again")
    limit = ctx.settings.limits.pin_resets_per_card_per_day
    recent = session.execute(
        capped_count(
            select(PinReset.card_serial).where(
                PinReset.card_serial == card.serial, PinReset.created_at > now - dt.timedelta(days=1)
            ),
            limit,
        )
    ).scalar_one()
    if recent >= limit:
        raise RateLimited(f"more than {limit} PIN resets for this card in a day")
    try:
        registered = open_photo(keys, card.photo, card_owner(card.serial))
    except PhotoVaultError as exc:
        raise NotConfigured(
            "this card's registered photo does not open with this service's key: register the card again"
        ) from exc
    crop = open_sealed(keys.evidence_key, _sealed(body.face.crop), purpose="face", context=body.card_session_id)
    if len(crop) > ctx.settings.limits.max_photo_bytes:
        raise Unprocessable("face crop is larger than the photo limit")
    frames = [
        (frame.t_ms / 1000, open_sealed(keys.evidence_key, _sealed(frame.crop), purpose=CHALLENGE_FRAME_PURPOSE,
                                        context=body.card_session_id))
        for frame in body.face.challenge_frames
    ]  # fmt: skip
    challenge = liveness.loaded(card_session.liveness_challenge)
    try:
        face = faces.check(
            registered, crop, body.face.liveness_passed, body.face.liveness_score, challenge=challenge, frames=frames
        )
    except (FaceMismatch, Unprocessable) as exc:
        card_session.face_failures += 1
        _record_refusal(session, ctx, kiosk, card.serial, exc)
        exc.keep_changes = True  # the count and the anomaly record must outlive the refusal
        raise
    finally:
        del crop, frames
    pin_bytes = bytearray(
        open_sealed(keys.evidence_key, _sealed(body.new_pin), purpose="pin", context=body.card_session_id)
    )
    try:
        try:
            new_pin = pin_bytes.decode("ascii")
        except UnicodeDecodeError as exc:
            raise Unprocessable("new PIN must be ASCII") from exc
        management.check_new_pin(body.target, new_pin)
        n = len(management.pins_for(body.target))
        first = _allocate_counters(session, card.serial, n)
        card_keys = management.derive_card_keys(keys.management_master, card.serial)
        steps = management.build_script(card_keys, card.serial, body.target, new_pin, first)
    finally:
        pin_bytes[:] = bytes(len(pin_bytes))
    _record_anomalies(session, ctx, kiosk, card.serial, face)
    reset = PinReset(
        reset_id=str(uuid.uuid4()),
        card_session_id=card_session.card_session_id,
        card_serial=card.serial,
        kiosk_id=kiosk.kiosk_id,
        target=body.target,
        status=PinResetStatus.SCRIPT_ISSUED,
        first_counter=first,
        last_counter=first + n - 1,
        face_score=face.score,
        liveness_score=body.face.liveness_score,
        card_answer=None,
        created_at=now,
        confirmed_at=None,
    )
    session.add(reset)
    counts.bump(session, now, kiosk.site_id, "kiosk", "pin_reset:script_issued")
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action="pin_reset.script_issued",
        subject=card.serial,
        details={
            "reset_id": reset.reset_id,
            "target": body.target.value,
            "face_score": face.score,
            "liveness_score": body.face.liveness_score,
            "counters": f"{first}-{first + n - 1}",
        },
    )
    return PinResetOut(
        reset_id=reset.reset_id,
        target=reset.target,
        status=reset.status,
        script=[ScriptStep(step=i, apdu=s.apdu, protected=s.counter is not None) for i, s in enumerate(steps)],
    )


def _record_anomalies(session: Session, ctx: AppContext, kiosk: KioskPrincipal, serial: str, face: FaceResult) -> None:
    """Record what a compromised kiosk would look like although the evidence passed: resets faster than residents
    come, and faces closer to the registered photo than live captures come (within the copy limit). An audit entry
    ``kiosk.anomaly`` and a warning (kiosk id only); the reset itself goes ahead."""
    now = ctx.clock.now()
    alert = ctx.settings.limits.kiosk_resets_per_hour_alert
    recent = session.execute(
        capped_count(
            select(PinReset.kiosk_id).where(
                PinReset.kiosk_id == kiosk.kiosk_id, PinReset.created_at > now - dt.timedelta(hours=1)
            ),
            alert,
        )
    ).scalar_one()
    anomalies: dict[str, JsonScalar] = {}
    if recent >= alert:
        anomalies["resets_last_hour"] = f"at least {alert}"
    if face.closest_copy is not None and face.closest_copy >= ctx.settings.face.near_copy_detail:
        anomalies["near_copy_detail"] = face.closest_copy
    if anomalies:
        _append_anomaly(session, ctx, kiosk, serial, anomalies)


def _record_refusal(session: Session, ctx: AppContext, kiosk: KioskPrincipal, serial: str, exc: Exception) -> None:
    """Every refused face evidence is a ``kiosk.anomaly`` (its problem type), and so is a kiosk whose refusals in
    the last hour reach ``Limits.kiosk_face_refusals_per_hour_alert``: a resident fails now and then, a kiosk
    replaying photos or skipping the challenge fails again and again (counted over its card sessions opened in
    the last hour, this one's refusal included)."""
    kind = exc.slug if isinstance(exc, BackendError) else type(exc).__name__
    details: dict[str, JsonScalar] = {"refused": kind}
    alert = ctx.settings.limits.kiosk_face_refusals_per_hour_alert
    since = ctx.clock.now() - dt.timedelta(hours=1)
    recent = session.execute(
        select(func.coalesce(func.sum(CardSession.face_failures), 0)).where(
            CardSession.kiosk_id == kiosk.kiosk_id, CardSession.created_at > since
        )
    ).scalar_one()
    if recent >= alert:
        details["face_refusals_last_hour"] = int(recent)
    _append_anomaly(session, ctx, kiosk, serial, details)


def _append_anomaly(
    session: Session, ctx: AppContext, kiosk: KioskPrincipal, serial: str, details: dict[str, JsonScalar]
) -> None:
    log.warning("kiosk %s: anomaly (%s)", kiosk.kiosk_id, ", ".join(sorted(details)))
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action="kiosk.anomaly",
        subject=serial,
        details=details,
    )


def without_script(answer: PinResetOut) -> PinResetOut:
    """The answer a replay gets: the reset without its script (the new PIN must not rest in the database)."""
    return answer.model_copy(update={"script": []})


def _get(session: Session, kiosk: KioskPrincipal, reset_id: str, *, lock: bool) -> PinReset:
    reset = session.get(PinReset, reset_id, with_for_update=lock)
    if reset is None or reset.kiosk_id != kiosk.kiosk_id:
        raise NotFound("no such PIN reset for this kiosk")
    return reset


def confirm(
    session: Session, ctx: AppContext, kiosk: KioskPrincipal, reset_id: str, body: PinResetConfirmIn
) -> PinResetStatusOut:
    """Record the card's answers: confirmed only when every protected step carries the card's MAC; failed at the
    first step the card refused; unconfirmed when the kiosk lost the answer to a step (``lost``: the card may have
    applied it), which a later confirmation may still settle."""
    keys = require_keys(ctx)
    reset = _get(session, kiosk, reset_id, lock=True)
    if reset.status not in (PinResetStatus.SCRIPT_ISSUED, PinResetStatus.UNCONFIRMED):
        raise Conflict(f"this PIN reset is already {reset.status.value}")
    card_keys = management.derive_card_keys(keys.management_master, reset.card_serial)
    protected = {
        STEPS_PER_PIN * i + 2: counter for i, counter in enumerate(range(reset.first_counter, reset.last_counter + 1))
    }
    answers = {a.step: a.response for a in body.answers}
    lost = set(body.lost)
    if (set(answers) | lost) - set(protected):
        raise Unprocessable(f"answers are only expected for the protected steps {sorted(protected)}")
    if lost & set(answers):
        raise Unprocessable("a step cannot be both answered and lost")
    outcome = PinResetStatus.CONFIRMED
    summary = "9000"
    for step, counter in sorted(protected.items()):
        response = answers.get(step)
        if response is None:
            if outcome is PinResetStatus.FAILED:
                break  # the kiosk stops at the first failing step
            if step in lost:  # the card may have applied it: neither confirmed nor failed
                outcome, summary = PinResetStatus.UNCONFIRMED, f"step {step}: answer lost"
                break
            raise Unprocessable(f"the card's answer to step {step} is missing")
        if len(response) < 2:
            raise Unprocessable(f"the answer to step {step} has no status word")
        if response[-2:] == b"\x90\x00":
            if not management.answer_is_genuine(card_keys, reset.card_serial, counter, response):
                raise Unprocessable(f"the answer to step {step} does not carry this card's MAC")
            continue
        outcome = PinResetStatus.FAILED
        summary = f"step {step}: {response[-2:].hex().upper()}"
    now = ctx.clock.now()
    reset.status = outcome
    reset.card_answer = summary
    reset.confirmed_at = None if outcome is PinResetStatus.UNCONFIRMED else now
    counts.bump(session, now, kiosk.site_id, "kiosk", f"pin_reset:{outcome.value}")
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action=f"pin_reset.{outcome.value}",
        subject=reset.card_serial,
        details={"reset_id": reset.reset_id, "card_answer": summary},
    )
    return status_of(reset)


def reconcile(session: Session, clock: Clock, limits: Limits) -> int:
    """Mark every reset whose script was issued longer than ``limits.reset_confirm_window_s`` ago and never confirmed
    as ``unconfirmed``, one audit entry each: the record no longer claims a state nobody knows. Returns how many."""
    cutoff = clock.now() - dt.timedelta(seconds=limits.reset_confirm_window_s)
    stale = session.scalars(
        select(PinReset)
        .where(PinReset.status == PinResetStatus.SCRIPT_ISSUED, PinReset.created_at < cutoff)
        .order_by(PinReset.created_at)
        .with_for_update(skip_locked=True)
    ).all()
    for reset in stale:
        reset.status = PinResetStatus.UNCONFIRMED
        reset.card_answer = "no confirmation"
        audit.append(
            session,
            clock,
            actor="admin:reconcile",
            action="pin_reset.unconfirmed",
            subject=reset.card_serial,
            details={"reset_id": reset.reset_id, "kiosk_id": reset.kiosk_id},
        )
    return len(stale)


def status_of(reset: PinReset) -> PinResetStatusOut:
    return PinResetStatusOut.model_validate(reset, from_attributes=True)


def get(session: Session, kiosk: KioskPrincipal, reset_id: str) -> PinResetStatusOut:
    return status_of(_get(session, kiosk, reset_id, lock=False))
