"""The kiosk's client for the backend service (wire contract: ``backend/openapi.json``).

* Every request is signed with the kiosk's key (``Kiosk-Id`` / ``Kiosk-Signature``, scheme ``mynakiosk-req-v1``,
  described in docs/backend.md); every POST carries an ``Idempotency-Key``, reused on retries, so a retried POST
  is applied once.
* Transient failures (connection errors, timeouts, 500/502/503/504, 429) are retried with exponential back-off,
  a bounded number of times, because every call is idempotent (a GET reads; every POST carries its key, reused on
  each retry); anything else is answered at once. A 500 that persists through the retries is
  :class:`BackendUnavailable`: the service failed, it did not decide.
* Errors are typed: :class:`BackendUnavailable` (nothing was decided: try later) and :class:`BackendRefused`
  (the service said no; ``problem_type`` and ``status`` say why). Nothing personal goes into an exception.
* Only the refusals in :data:`PERMANENT_PROBLEMS` mean "sending this again will never succeed"
  (:attr:`BackendRefused.permanent`); every other failure — a 5xx, a timeout, a 401 from a skewed clock, an
  expired session, a rate limit — is temporary, and a queued item that meets one stays queued.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk import wire

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

CARD_SESSION_EXPIRED = "card-session-expired"
"""The backend's problem type for a card session whose time is over (``backend/errors.py`` ``CardSessionExpired``)."""

# The backend's problem types (``backend/errors.py`` slugs) that refuse a request for good: sending the same request
# again, later, cannot succeed. Everything else is temporary. Deliberately NOT here:
# * ``unauthenticated`` / ``unknown-kiosk`` (401): a kiosk clock off by minutes, or a kiosk not yet re-registered;
# * ``card-refused`` (403): a revoked or suspended card, or a card session the backend does not know (kept pending so
#   staff decide; an expired card session has its own type, below);
# * ``rate-limited``, ``conflict``, ``not-configured``, ``internal`` and every 5xx.
PERMANENT_PROBLEMS = frozenset(
    {
        "bad-request",
        "validation-failed",
        "payload-too-large",
        "unsupported-media-type",
        "idempotency-key-reused",
        "card-not-genuine",
        "face-mismatch",
        "face-is-chip-photo",
        "liveness-not-shown",
        "forbidden",
        "service-disabled",
        # The card session is over, judged by the backend from when it was opened; a late delivery carrying the
        # card's own signature is accepted for the policy's delay first (docs/reliability.md), so this is final.
        CARD_SESSION_EXPIRED,
    }
)
T = TypeVar("T")


class BackendError(Exception):
    """Base of the backend client's errors."""


class BackendUnavailable(BackendError):
    """The service could not be reached or did not answer in time; nothing was decided."""


class BackendRefused(BackendError):
    """The service answered with an error (RFC 9457 problem)."""

    def __init__(self, status: int, problem_type: str, title: str, detail: str) -> None:
        self.status = status
        self.problem_type = problem_type
        self.title = title
        self.detail = detail  # for technicians; never shown to residents as is
        super().__init__(f"{status} {problem_type}: {title}")

    @property
    def slug(self) -> str:
        """The problem type's last path segment (``https://…/problems/face-mismatch`` → ``face-mismatch``)."""
        return self.problem_type.rstrip("/").rsplit("/", 1)[-1]

    @property
    def permanent(self) -> bool:
        """Sending the same request again can never succeed (see :data:`PERMANENT_PROBLEMS`)."""
        return self.status < 500 and self.slug in PERMANENT_PROBLEMS


def is_permanent(exc: BackendError) -> bool:
    """Whether ``exc`` ends a queued item for good; unavailability and protocol errors never do."""
    return isinstance(exc, BackendRefused) and exc.permanent


class BackendProtocolError(BackendError):
    """The service answered something that is not the documented contract."""


@dataclass(frozen=True)
class KioskIdentity:
    kiosk_id: str
    key: ec.EllipticCurvePrivateKey = field(repr=False)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    first_delay_s: float = 0.2
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 15.0


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise BackendProtocolError("expected a base64 string")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise BackendProtocolError("invalid base64 from the service") from None


def seal(recipient_raw: bytes, plaintext: bytes, *, purpose: str, context: str) -> dict[str, str]:
    """A sealed box (``kiosk.wire.seal``) in the wire form of ``SealedBox``."""
    epk, nonce, ciphertext = wire.seal(
        X25519PublicKey.from_public_bytes(recipient_raw), plaintext, purpose=purpose, context=context
    )
    return {"ephemeral_public": b64(epk), "nonce": b64(nonce), "ciphertext": b64(ciphertext)}


@dataclass(frozen=True)
class ClockOffset:
    """The kiosk's clock minus the service's, in seconds, within ``uncertainty_s`` (half the round trip)."""

    seconds: float
    uncertainty_s: float


class BackendClient:
    def __init__(
        self,
        base_url: str,
        identity: KioskIdentity,
        *,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        client_cert: tuple[str, str] | None = None,
        verify_tls: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._clock = clock  # the kiosk's wall clock (Unix seconds): request signatures carry it
        self.identity = identity
        self.retry = retry or RetryPolicy()
        self._http = session or requests.Session()
        if client_cert is not None:
            self._http.cert = client_cert  # mutual TLS where the service terminates TLS itself
        self._http.verify = verify_tls
        self._sleep = sleep

    # --- transport ------------------------------------------------------------------------------------------------

    def _headers(self, method: str, path: str, idempotency_key: str, body: bytes) -> dict[str, str]:
        t = int(self._clock())
        sig = self.identity.key.sign(
            wire.signing_input(method, path, t, idempotency_key, body), ec.ECDSA(hashes.SHA256())
        )
        headers = {
            "Kiosk-Id": self.identity.kiosk_id,
            "Kiosk-Signature": f"t={t};sig={base64.urlsafe_b64encode(sig).decode()}",
            "Accept": "application/json",
        }
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if body:
            headers["Content-Type"] = "application/json"
        return headers

    def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Any:
        """One call, retried on transient failures; returns the decoded JSON answer."""
        payload = json.dumps(body, separators=(",", ":")).encode() if body is not None else b""
        key = idempotency_key or (str(uuid.uuid4()) if method == "POST" else "")
        delay = self.retry.first_delay_s
        last: BackendError | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(delay)
                delay *= 2
            headers = {**self._headers(method, path, key, payload), **(extra_headers or {})}
            try:
                response = self._http.request(
                    method,
                    self.base_url + path,
                    data=payload or None,
                    headers=headers,
                    timeout=(self.retry.connect_timeout_s, self.retry.read_timeout_s),
                )
            except requests.RequestException as exc:
                last = BackendUnavailable(f"{method} {path}: {type(exc).__name__}")
                continue
            if response.status_code in RETRY_STATUSES:
                last = BackendUnavailable(f"{method} {path}: HTTP {response.status_code}")
                continue
            return self._decode(response)
        assert last is not None
        raise last

    @staticmethod
    def _decode(response: requests.Response) -> Any:
        try:
            document = response.json()
        except ValueError:
            raise BackendProtocolError(f"HTTP {response.status_code} without a JSON body") from None
        if response.status_code >= 400:
            if not isinstance(document, dict):
                raise BackendProtocolError(f"HTTP {response.status_code} without a problem document")
            raise BackendRefused(
                response.status_code,
                str(document.get("type", "about:blank")),
                str(document.get("title", "")),
                str(document.get("detail", "")),
            )
        return document

    # --- the API ---------------------------------------------------------------------------------------------------

    @property
    def kiosk_id(self) -> str:
        return self.identity.kiosk_id

    def _answer(self, kind: type[T], document: object) -> T:
        try:
            return wire.parse(kind, document)
        except wire.WireError as exc:
            raise BackendProtocolError(f"answer not in the documented form: {exc}") from None

    def health(self) -> bool:
        try:
            document = self._request("GET", "/healthz")
        except BackendError:
            return False
        return isinstance(document, dict) and document.get("status") == "ok"

    def clock_offset(self) -> ClockOffset:
        """How far the kiosk's clock is from the service's (``GET /v1/time``, unsigned, so a clock off by more than
        the signatures' allowed skew is still measured): positive when the kiosk is ahead."""
        before = self._clock()
        answer = self._answer(wire.ServiceTime, self._request("GET", "/v1/time"))
        after = self._clock()
        return ClockOffset(
            seconds=(before + after) / 2 - answer.now.timestamp(), uncertainty_s=max(0.0, (after - before) / 2)
        )

    def services(self, municipality: str) -> wire.Services:
        """The services this kiosk's site offers to residents of ``municipality`` (全国地方公共団体コード)."""
        return self._answer(wire.Services, self._request("GET", f"/v1/services?municipality={quote(municipality)}"))

    def evidence_key(self) -> wire.ServiceKeys:
        return self._answer(wire.ServiceKeys, self._request("GET", "/v1/service-keys"))

    def challenge(self) -> wire.Challenge:
        return self._answer(wire.Challenge, self._request("POST", "/v1/challenges", {}))

    def open_card_session(self, body: Mapping[str, Any]) -> wire.CardSession:
        return self._answer(wire.CardSession, self._request("POST", "/v1/card-sessions", body))

    def open_card_ap_session(self, proof: wire.CardApProof) -> wire.CardSession:
        """A card session from the card-AP proof (renewal of a card whose JPKI certificates cannot sign)."""
        return self._answer(wire.CardSession, self._request("POST", wire.CARD_AP_SESSIONS_PATH, proof.body()))

    def open_offline_card_session(
        self, body: Mapping[str, Any], *, idempotency_key: str, staff_token: str | None
    ) -> wire.CardSession:
        """A card session from an authentication captured offline at a staffed pop-up (nonce made by the kiosk)."""
        answer = self._request(
            "POST", "/v1/card-sessions/offline", body, idempotency_key=idempotency_key,
            extra_headers=_bearer(staff_token),
        )  # fmt: skip
        return self._answer(wire.CardSession, answer)

    def create_pin_reset(self, body: Mapping[str, Any]) -> wire.PinReset:
        return self._answer(wire.PinReset, self._request("POST", "/v1/pin-resets", body))

    def confirm_pin_reset(
        self,
        reset_id: str,
        answers: Sequence[wire.CardAnswer],
        *,
        lost: Sequence[int] = (),
        idempotency_key: str | None = None,
    ) -> wire.PinResetStatus:
        """``lost``: protected steps whose answer was torn (the card may have applied them). ``idempotency_key``: the
        same for every try of one confirmation (a queued one is sent again later)."""
        body: dict[str, Any] = {"answers": [{"step": a.step, "response": a.response.hex().upper()} for a in answers]}
        if lost:
            body["lost"] = list(lost)
        answer = self._request(
            "POST", f"/v1/pin-resets/{quote(reset_id)}/confirm", body, idempotency_key=idempotency_key
        )
        return self._answer(wire.PinResetStatus, answer)

    def pickup_slots(self, card_session_id: str, limit: int) -> wire.PickupSlots:
        path = f"/v1/pickup-slots?card_session_id={quote(card_session_id)}&limit={int(limit)}"
        return self._answer(wire.PickupSlots, self._request("GET", path))

    def report_kiosk_event(self, body: Mapping[str, Any], *, idempotency_key: str) -> wire.KioskEventRecorded:
        """A security event for the backend's audit chain; ``idempotency_key`` is the same for every try."""
        answer = self._request("POST", "/v1/kiosk-events", body, idempotency_key=idempotency_key)
        return self._answer(wire.KioskEventRecorded, answer)

    def submit_renewal(
        self, body: Mapping[str, Any], *, idempotency_key: str, staff_token: str | None = None
    ) -> wire.Renewal:
        answer = self._request(
            "POST", "/v1/renewals", body, idempotency_key=idempotency_key, extra_headers=_bearer(staff_token)
        )
        return self._answer(wire.Renewal, answer)

    def renewal_status(self, application_number: str) -> wire.Renewal:
        return self._answer(wire.Renewal, self._request("GET", f"/v1/renewals/{quote(application_number)}"))

    def staff_login(self, username: str, password: str) -> wire.StaffLogin:
        answer = self._request("POST", "/v1/staff/sessions", {"username": username, "password": password})
        return self._answer(wire.StaffLogin, answer)

    def staff_counts_today(self, staff_token: str) -> wire.Counts:
        return self._answer(
            wire.Counts, self._request("GET", "/v1/staff/counts/today", extra_headers=_bearer(staff_token))
        )


def _bearer(staff_token: str | None) -> dict[str, str] | None:
    return {"Authorization": f"Bearer {staff_token}"} if staff_token else None
