"""A full identity read: everything the kiosk may read from a card, with every genuineness check it can make.

Used by ``mynakiosk card read``, the benchmark and (later) the flows. PINs are presented once each, in a fixed
order, and only those the caller supplied; a wrong or blocked PIN stops the read with :class:`WrongPin` /
:class:`PinBlocked` before anything else is sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography import x509

from kiosk.card import verify
from kiosk.card.card import MyNumberCard
from kiosk.card.data import BasicFour, FrontFace
from kiosk.card.errors import CardError, MalformedResponse
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.profile import Aid, Pins
from kiosk.card.session import PinStatus


@dataclass
class Secrets:
    """The PINs a caller has; each is wiped by :meth:`wipe` when the read is over."""

    auth_pin: Pin | None = None
    pin_b: Pin | None = None
    sign_pin: Pin | None = None

    def wipe(self) -> None:
        for pin in (self.auth_pin, self.pin_b, self.sign_pin):
            if pin is not None:
                pin.wipe()


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""


@dataclass
class IdentityRead:
    tries_left: dict[str, PinStatus | None]
    token: str
    serial: str
    auth_certificate: bytes
    auth_ca_certificate: bytes
    sign_certificate: bytes | None = field(default=None, repr=False)
    sign_ca_certificate: bytes | None = None
    basic_four: BasicFour | None = field(default=None, repr=False)
    front: FrontFace | None = field(default=None, repr=False)
    checks: list[Check] = field(default_factory=list)

    @property
    def chip_verified(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def wipe(self) -> None:
        """Drop every personal field (Python cannot zero immutable bytes; dropping the references is what we can)."""
        self.sign_certificate = None
        self.basic_four = None
        self.front = None


def _load_cert(der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise MalformedResponse("certificate on the card is not valid DER X.509") from None


def _check(checks: list[Check], name: str, fn: object, *args: object) -> None:
    try:
        fn(*args)  # type: ignore[operator]
    except verify.ChipNotGenuine as exc:
        checks.append(Check(name, False, exc.reason))
    except CardError as exc:
        checks.append(Check(name, False, type(exc).__name__))
    else:
        checks.append(Check(name, True))


def read_identity(
    card: MyNumberCard, secrets: Secrets, anchors: verify.TrustAnchors | None, *, nonce: bytes | None = None
) -> IdentityRead:
    """Read and check what ``secrets`` unlock. ``nonce`` should come from the backend; a local one is used if not."""
    nonce = nonce or os.urandom(32)
    tries = card.all_pin_status()
    # Verify every PIN first, so a wrong one stops the read before any data is fetched.
    if secrets.auth_pin is not None:
        card.verify(Pins.AUTH, secrets.auth_pin)
        auth_signature = card.sign(JpkiKey.AUTH, nonce)  # the JPKI AP stays selected: the PIN stays verified
    read = IdentityRead(
        tries_left=tries,
        token=card.jpki.token(),
        serial=card.serial(),
        auth_certificate=card.jpki.auth_certificate(),
        auth_ca_certificate=card.jpki.auth_ca_certificate(),
    )
    checks = read.checks
    auth_cert = _load_cert(read.auth_certificate)
    intermediates = [_load_cert(read.auth_ca_certificate)]
    if anchors is not None:
        _check(
            checks,
            "auth_certificate_chain",
            verify.verify_certificate_chain,
            auth_cert,
            intermediates,
            anchors.jpki_roots,
        )
    if secrets.auth_pin is not None:
        _check(checks, "auth_key_signature", verify.verify_nonce_signature, auth_cert, nonce, auth_signature)
    if secrets.sign_pin is not None:
        card.verify(Pins.SIGN, secrets.sign_pin)
        sign_signature = card.sign(JpkiKey.SIGN, nonce)
        read.sign_certificate = card.jpki.sign_certificate()
        read.sign_ca_certificate = card.jpki.sign_ca_certificate()
        sign_cert = _load_cert(read.sign_certificate)
        if anchors is not None:
            _check(
                checks,
                "sign_certificate_chain",
                verify.verify_certificate_chain,
                sign_cert,
                [_load_cert(read.sign_ca_certificate)],
                anchors.jpki_roots,
            )
        _check(checks, "sign_key_signature", verify.verify_nonce_signature, sign_cert, nonce, sign_signature)
    if secrets.pin_b is not None:
        card.verify(Pins.VISUAL_PIN_B, secrets.pin_b)
        read.front = card.visual.front()
        card_signature = card.internal_authenticate(Aid.KENKAKU, nonce)
        visual_cvc = card.visual.certificate()
        card.verify(Pins.TEXT_PIN_B, secrets.pin_b)
        read.basic_four = card.text.basic_four()
        text_signature = card.text.signature()
        text_cvc = card.text.certificate()
        if anchors is not None:
            roots = anchors.card_ap_roots
            _check(checks, "card_face_signature", verify.verify_front_face, read.front, visual_cvc, roots)
            _check(
                checks,
                "basic_four_signature",
                verify.verify_text_data,
                read.basic_four,
                text_signature,
                text_cvc,
                roots,
            )
        _check(
            checks,
            "card_key_signature",
            verify.verify_internal_authentication,
            read.front.card_public_key,
            nonce,
            card_signature,
        )
    return read
