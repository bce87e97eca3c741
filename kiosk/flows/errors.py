"""Which error screen ends a flow, chosen from the exception's type (its message is never shown)."""

from __future__ import annotations

from kiosk.backend_client import CARD_SESSION_EXPIRED, BackendError, BackendRefused, BackendUnavailable
from kiosk.card import errors as card_errors
from kiosk.card.verify import ChipNotGenuine
from kiosk.flows.frames import CameraStalled


class SessionTimeout(Exception):
    """Nobody touched the screen for too long: the resident's session ends and its data is wiped."""


def error_kind(exc: BaseException) -> str:
    if isinstance(exc, SessionTimeout):
        return "timeout"
    if isinstance(exc, card_errors.CardRemoved | card_errors.NoCard):
        return "card_removed"
    if isinstance(exc, ChipNotGenuine):
        return "not_genuine"
    if isinstance(exc, CameraStalled):
        return "camera_down"  # the frame watchdog: the kiosk's fault, not the resident's
    if isinstance(exc, card_errors.PinSafetyError):
        return "pin_not_sent"
    if isinstance(exc, card_errors.CardTimeout):
        return "card_timeout"  # a slow or mute card, still in the reader: not "removed", not "not a My Number Card"
    if isinstance(exc, card_errors.ReaderGone | card_errors.ReaderBusy):
        return "reader_down"  # pcscd or the reader failed: the kiosk's fault, not the card's
    if isinstance(exc, card_errors.CardError):
        return "card_unreadable"
    if isinstance(exc, BackendRefused) and exc.slug == CARD_SESSION_EXPIRED:
        return "card_session_expired"  # the session took longer than the card session lasts: not the card's fault
    if isinstance(exc, BackendRefused):
        return "card_invalid" if exc.status == 403 and "card" in exc.problem_type else "backend_refused"
    if isinstance(exc, BackendUnavailable):
        return "backend_down"
    if isinstance(exc, BackendError):
        return "backend_refused"
    return "internal"
