"""Typed errors of the backend, each mapped to one RFC 9457 problem type.

Handlers raise these; ``backend.problems`` turns them into ``application/problem+json`` answers. Messages
(``detail``) are written for the kiosk technician and never contain PINs, names, photos or keys.
"""

from __future__ import annotations

from typing import ClassVar


class BackendError(Exception):
    """Base of every error the service answers with a problem document."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, keep_changes: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.keep_changes = keep_changes
        """Commit what the transaction did so far (e.g. a consumed challenge) although the request is refused."""


class InternalError(BackendError):
    """Something failed that no handler expected (answered without any detail of what)."""


class BadRequest(BackendError):
    status, slug, title = 400, "bad-request", "The request is malformed"


class IdempotencyKeyMissing(BackendError):
    status, slug, title = 400, "idempotency-key-missing", "Every POST needs an Idempotency-Key header"


class Unauthenticated(BackendError):
    status, slug, title = 401, "unauthenticated", "The caller could not be authenticated"


class UnknownKiosk(BackendError):
    status, slug, title = 401, "unknown-kiosk", "The kiosk is not registered or not active"


class Forbidden(BackendError):
    status, slug, title = 403, "forbidden", "The caller's role may not do this"


class ServiceDisabled(BackendError):
    status, slug, title = 403, "service-disabled", "The service is not enabled for this municipality and site"


class CardRefused(BackendError):
    status, slug, title = 403, "card-refused", "The card is not valid (suspended, revoked or unknown)"


class CardNotGenuine(BackendError):
    status, slug, title = 403, "card-not-genuine", "The card could not prove it is genuine"


class CardSessionExpired(BackendError):
    """The card session's time is over (or, by this service's clock, it has not begun: a clock stepped back). The
    kiosk must authenticate the card again; a queued item that meets it cannot be sent as it is."""

    status, slug, title = 403, "card-session-expired", "The card session has expired; authenticate the card again"


class FaceMismatch(BackendError):
    status, slug, title = 403, "face-mismatch", "The live face does not match the registered photo"


class FaceIsChipPhoto(FaceMismatch):
    status, slug, title = (
        403,
        "face-is-chip-photo",
        "The live face is a copy of the registered photo, not a camera frame",
    )


class LivenessNotShown(FaceMismatch):
    status, slug, title = 403, "liveness-not-shown", "The frames do not show this card session's liveness challenge"


class NotFound(BackendError):
    status, slug, title = 404, "not-found", "No such resource"


class Conflict(BackendError):
    status, slug, title = 409, "conflict", "The request conflicts with the current state"


class IdempotencyKeyReused(BackendError):
    status, slug, title = 409, "idempotency-key-reused", "The Idempotency-Key was used with another request"


class ChallengeInvalid(BackendError):
    status, slug, title = (
        409,
        "challenge-invalid",
        "The challenge is unknown, expired, used or not this kiosk's",
    )


class InvalidTransition(BackendError):
    status, slug, title = 409, "invalid-transition", "The application cannot move to that status"


class PayloadTooLarge(BackendError):
    status, slug, title = 413, "payload-too-large", "The request body is larger than allowed"


class UnsupportedMediaType(BackendError):
    status, slug, title = 415, "unsupported-media-type", "The request body must be application/json"


class Unprocessable(BackendError):
    status, slug, title = 422, "validation-failed", "The request body is not valid"


class RateLimited(BackendError):
    status, slug, title = 429, "rate-limited", "Too many requests"


class NotConfigured(BackendError):
    status, slug, title = 503, "not-configured", "The service lacks the keys or trust anchors for this"
