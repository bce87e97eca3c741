"""Reading a card's identity and proving it genuine: the read-and-verify steps, and a full read built from them.

Each step reads what it needs (the key's PIN, or PIN-B, must be verified first) and returns a frozen record with
what it read; the record's ``verify`` raises :class:`~kiosk.card.verify.ChipNotGenuine` at the first failed check
(the flows), its ``checks`` runs every check and records each result (``mynakiosk card read``):

* :func:`prove_key`: a JPKI key's signature over a nonce, with its certificate and the CA certificate;
* :func:`read_card_face`: the card front (券面AP, photo included), its issuer certificate, and the card key's
  signature over a nonce (internal authentication);
* :func:`read_text_data`: the basic four items as text (text AP), with the issuer's signature over them.

:func:`read_identity` is the full read: PINs are presented once each, in a fixed order, and only those the caller
supplied; a wrong or blocked PIN stops the read with :class:`WrongPin` / :class:`PinBlocked` before anything else
is sent.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from kiosk.card import verify
from kiosk.card.card import MyNumberCard
from kiosk.card.data import BasicFour, CardVerifiableCertificate, FrontFace, TextSignature, parse_cvc, parse_front_face
from kiosk.card.errors import CardError
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.profile import PinRef, Pins
from kiosk.card.session import PinStatus, ShownTries

Roots = tuple[RSAPublicKey, ...]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""


def _run(name: str, check: Callable[[], object]) -> Check:
    try:
        check()
    except verify.ChipNotGenuine as exc:
        return Check(name, False, exc.reason)
    except CardError as exc:
        return Check(name, False, type(exc).__name__)
    return Check(name, True)


def _load_cert(der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise verify.ChipNotGenuine("certificate", "certificate on the card is not valid DER X.509") from None


# --- the steps -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyProof:
    """A JPKI key's signature over ``nonce``, with the certificates that let anyone check it."""

    key: JpkiKey
    nonce: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    certificate: bytes = field(repr=False)  # DER; the signature certificate names the holder
    ca_certificate: bytes = field(repr=False)

    def _checks(self, jpki_roots: tuple[x509.Certificate, ...] | None) -> list[tuple[str, Callable[[], object]]]:
        cert, ca = _load_cert(self.certificate), _load_cert(self.ca_certificate)
        name = self.key.name.lower()
        found: list[tuple[str, Callable[[], object]]] = []
        if jpki_roots is not None:
            found.append((f"{name}_certificate_chain", lambda: verify.verify_certificate_chain(cert, [ca], jpki_roots)))
        found.append((f"{name}_key_signature", lambda: verify.verify_nonce_signature(cert, self.nonce, self.signature)))
        return found

    def verify(self, jpki_roots: tuple[x509.Certificate, ...]) -> None:
        """The certificate chains to one of ``jpki_roots`` and its key made the signature; else ChipNotGenuine."""
        for _name, check in self._checks(jpki_roots):
            check()

    def checks(self, jpki_roots: tuple[x509.Certificate, ...] | None) -> list[Check]:
        return [_run(name, check) for name, check in self._checks(jpki_roots)]


def prove_key(card: MyNumberCard, key: JpkiKey, nonce: bytes) -> KeyProof:
    """The card signs ``nonce`` with ``key`` (its PIN verified first); the certificates are read with it."""
    signature = card.sign(key, nonce)  # the JPKI AP stays selected: the PIN stays verified
    if key is JpkiKey.AUTH:
        cert, ca = card.jpki.auth_certificate(), card.jpki.auth_ca_certificate()
    else:
        cert, ca = card.jpki.sign_certificate(), card.jpki.sign_ca_certificate()
    _load_cert(cert), _load_cert(ca)  # a certificate that is not DER is refused at once
    return KeyProof(key, nonce, signature, cert, ca)


@dataclass(frozen=True)
class CardFace:
    """The card front as read after PIN-B, its issuer certificate, and the card key's signature over ``nonce``."""

    front_raw: bytes = field(repr=False)  # 券面AP EF 0002, signed by the issuer; holds the photo
    front: FrontFace = field(repr=False)
    certificate_raw: bytes = field(repr=False)  # 券面AP EF 0004, the intermediate that signs the front
    certificate: CardVerifiableCertificate
    nonce: bytes = field(repr=False)
    card_signature: bytes = field(repr=False)

    def _checks(self, card_ap_roots: Roots | None) -> list[tuple[str, Callable[[], object]]]:
        found: list[tuple[str, Callable[[], object]]] = []
        if card_ap_roots is not None:
            found.append(
                ("card_face_signature", lambda: verify.verify_front_face(self.front, self.certificate, card_ap_roots))
            )
        found.append(
            (
                "card_key_signature",
                lambda: verify.verify_internal_authentication(
                    self.front.card_public_key, self.nonce, self.card_signature
                ),
            )
        )
        return found

    def verify(self, card_ap_roots: Roots) -> None:
        """The issuer signed the front and the chip holds the card key; else ChipNotGenuine."""
        for _name, check in self._checks(card_ap_roots):
            check()

    def checks(self, card_ap_roots: Roots | None) -> list[Check]:
        return [_run(name, check) for name, check in self._checks(card_ap_roots)]


def read_card_face(card: MyNumberCard, nonce: bytes) -> CardFace:
    """Read the card front and have the chip sign ``nonce`` with its card key (PIN-B verified on 券面AP first)."""
    front_raw = card.visual.front_raw()
    certificate_raw = card.visual.certificate_raw()
    front, certificate = parse_front_face(front_raw), parse_cvc(certificate_raw)
    return CardFace(front_raw, front, certificate_raw, certificate, nonce, card.visual.internal_authenticate(nonce))


@dataclass(frozen=True)
class TextData:
    """The basic four items as text, with the issuer's signature over them and its certificate."""

    basic_four: BasicFour = field(repr=False)
    signature: TextSignature
    certificate: CardVerifiableCertificate

    def verify(self, card_ap_roots: Roots) -> None:
        """The issuer signed these items; else ChipNotGenuine."""
        verify.verify_text_data(self.basic_four, self.signature, self.certificate, card_ap_roots)

    def checks(self, card_ap_roots: Roots | None) -> list[Check]:
        if card_ap_roots is None:
            return []
        return [_run("basic_four_signature", lambda: self.verify(card_ap_roots))]


def read_text_data(card: MyNumberCard, pin_b: Pin, shown: ShownTries | None = None) -> TextData:
    """Present ``pin_b`` to the text AP (``shown``: the tries its presenter was shown), then read the basic four
    items with their signature."""
    card.verify(Pins.TEXT_PIN_B, pin_b, shown)
    return TextData(card.text.basic_four(), card.text.signature(), card.text.certificate())


# --- the full read -------------------------------------------------------------------------------------------------


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


@dataclass
class IdentityRead:
    tries_left: dict[str, PinStatus | None]
    token: str
    serial: str = field(repr=False)  # identifies one card
    auth_certificate: bytes = field(repr=False)
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


def read_identity(
    card: MyNumberCard,
    secrets: Secrets,
    anchors: verify.TrustAnchors | None,
    *,
    nonce: bytes | None = None,
    allow_last_try: bool = False,
) -> IdentityRead:
    """Read and check what ``secrets`` unlock. ``nonce`` should come from the backend; a local one is used if not.

    Every PIN is presented with the tries read at the start of the read as the count its owner was shown: one try
    left raises :class:`~kiosk.card.errors.LastTryNotConfirmed` (nothing sent) unless ``allow_last_try``, and a
    count that dropped during the read raises :class:`~kiosk.card.errors.TriesChanged`.
    """
    nonce = nonce or os.urandom(32)
    jpki_roots = anchors.jpki_roots if anchors is not None else None
    card_ap_roots = anchors.card_ap_roots if anchors is not None else None
    tries = card.all_pin_status()

    def shown(ref: PinRef) -> ShownTries:
        status = tries.get(ref.name)
        count = status.tries_left if status is not None and status.tries_left is not None else 0
        return ShownTries(count, last_try_confirmed=allow_last_try)

    def present(ref: PinRef, pin: Pin) -> None:
        card.verify(ref, pin, shown(ref))

    auth: KeyProof | None = None
    if secrets.auth_pin is not None:  # verified first, so a wrong PIN stops the read before any data is fetched
        present(Pins.AUTH, secrets.auth_pin)
        auth = prove_key(card, JpkiKey.AUTH, nonce)
    read = IdentityRead(
        tries_left=tries,
        token=card.jpki.token(),
        serial=card.serial(),
        auth_certificate=auth.certificate if auth else card.jpki.auth_certificate(),
        auth_ca_certificate=auth.ca_certificate if auth else card.jpki.auth_ca_certificate(),
    )
    if auth is not None:
        read.checks += auth.checks(jpki_roots)
    elif jpki_roots is not None:
        cert, ca = _load_cert(read.auth_certificate), _load_cert(read.auth_ca_certificate)
        read.checks.append(
            _run("auth_certificate_chain", lambda: verify.verify_certificate_chain(cert, [ca], jpki_roots))
        )
    if secrets.sign_pin is not None:
        present(Pins.SIGN, secrets.sign_pin)
        sign = prove_key(card, JpkiKey.SIGN, nonce)
        read.sign_certificate, read.sign_ca_certificate = sign.certificate, sign.ca_certificate
        read.checks += sign.checks(jpki_roots)
    if secrets.pin_b is not None:
        present(Pins.VISUAL_PIN_B, secrets.pin_b)
        face = read_card_face(card, nonce)
        text = read_text_data(card, secrets.pin_b, shown(Pins.TEXT_PIN_B))
        read.front, read.basic_four = face.front, text.basic_four
        read.checks += face.checks(card_ap_roots) + text.checks(card_ap_roots)
    return read
