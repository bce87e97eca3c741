"""Proving a card's data and chip genuine.

* JPKI certificates: a path from the card's certificate through the CA certificates it carries to a configured
  trust anchor (the J-LIS roots in production, the test root with virtual cards), with validity, CA flags and key
  usage checked. The copy of the CA on the card is never trusted by itself.
* Issuer signatures over the text-AP and 券面AP data, under the AP's intermediate certificate, which must be
  signed by a configured card-AP root key.
* Signatures by the chip over a fresh nonce (JPKI key, or the experimental internal authentication): only a chip
  holding the private key can make them, so a copied chip fails.

Every failure raises :class:`ChipNotGenuine` with a short machine-readable ``reason``; none is silent. A card
certificate past its validity raises the subclass :class:`CertificateExpired`: a lapsed certificate proves nothing,
but unlike a forgery it is what a genuine card due for renewal carries, and the resident is told so.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from kiosk.card.data import BasicFour, CardVerifiableCertificate, FrontFace, TextSignature
from kiosk.card.errors import CardError

MAX_CHAIN_LENGTH = 4


class ChipNotGenuine(CardError):
    """The card's data or chip failed a genuineness check; ``reason`` says which."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}")


class CertificateExpired(ChipNotGenuine):
    """The card's own certificate is past its validity (reason ``certificate_expired``). The chip still signs
    with its key, as a real card does; the verifier refuses. ``not_after`` is when the certificate lapsed (not in
    the message: the 5th birthday after issue tells the birthday)."""

    def __init__(self, not_after: datetime, at: datetime) -> None:
        self.not_after = not_after
        super().__init__("certificate_expired", f"card certificate lapsed before {at:%Y-%m-%d}")


@dataclass(frozen=True)
class TrustAnchors:
    """What the kiosk (and the backend) trust: JPKI root certificates and card-AP root public keys."""

    jpki_roots: tuple[x509.Certificate, ...]
    card_ap_roots: tuple[RSAPublicKey, ...]

    @classmethod
    def from_pem(cls, jpki_pem: bytes, card_ap_pem: bytes) -> TrustAnchors:
        roots = tuple(x509.load_pem_x509_certificates(jpki_pem))
        keys: list[RSAPublicKey] = []
        for block in card_ap_pem.split(b"-----END PUBLIC KEY-----"):
            if b"-----BEGIN PUBLIC KEY-----" in block:
                key = serialization.load_pem_public_key(block + b"-----END PUBLIC KEY-----\n")
                if not isinstance(key, RSAPublicKey):
                    raise ValueError("card-AP root keys must be RSA")
                keys.append(key)
        if not roots or not keys:
            raise ValueError("trust anchors need at least one JPKI root certificate and one card-AP root key")
        return cls(roots, tuple(keys))

    @classmethod
    def from_files(cls, jpki_pem: Path, card_ap_pem: Path) -> TrustAnchors:
        return cls.from_pem(jpki_pem.read_bytes(), card_ap_pem.read_bytes())


def verify_rsa(public_key: RSAPublicKey, message: bytes, signature: bytes, *, reason: str) -> None:
    """RSASSA-PKCS1-v1_5 with SHA-256 over ``message``; raises :class:`ChipNotGenuine` with ``reason``."""
    try:
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise ChipNotGenuine(reason, "signature does not verify") from None


def _rsa_key(cert: x509.Certificate) -> RSAPublicKey:
    key = cert.public_key()
    if not isinstance(key, RSAPublicKey):
        raise ChipNotGenuine("certificate", "certificate key is not RSA")
    return key


def _check_validity(cert: x509.Certificate, at: datetime, what: str) -> None:
    if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
        raise ChipNotGenuine("expired", f"{what} is not valid at {at:%Y-%m-%d}")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    if child.issuer != issuer.subject:
        return False
    try:
        child.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@functools.lru_cache(maxsize=64)
def _ca_issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    # The intermediate → root link is the same for every card the backend authenticates and costs an RSA
    # verification, so it is memoised. Only links between CA certificates: a resident's own certificate (the
    # signature certificate holds name, address, birth date and sex) must not outlive its session in a cache.
    return _issued_by(child, issuer)


def _link(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when ``issuer`` signed ``child``; memoised only when both are CA certificates."""
    if _is_ca(child) and _is_ca(issuer):
        return _ca_issued_by(child, issuer)
    return _issued_by(child, issuer)


def verify_certificate_chain(
    leaf: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    *,
    at: datetime | None = None,
) -> tuple[x509.Certificate, ...]:
    """Return the path leaf → … → anchor, or raise :class:`ChipNotGenuine` (:class:`CertificateExpired` for a
    lapsed leaf)."""
    at = at or datetime.now(UTC)
    if at > leaf.not_valid_after_utc:
        raise CertificateExpired(leaf.not_valid_after_utc, at)
    _check_validity(leaf, at, "card certificate")
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise ChipNotGenuine("certificate", "card certificate has no key usage") from None
    if not usage.digital_signature:
        raise ChipNotGenuine("certificate", "card certificate does not allow digital signatures")
    if _is_ca(leaf):
        raise ChipNotGenuine("certificate", "card certificate is a CA certificate")
    path = [leaf]
    current = leaf
    for _ in range(MAX_CHAIN_LENGTH):
        for anchor in anchors:
            if current == anchor or _link(current, anchor):
                _check_validity(anchor, at, "trust anchor")
                return (*path, anchor) if current != anchor else tuple(path)
        step = next((c for c in intermediates if c not in path and _link(current, c)), None)
        if step is None:
            raise ChipNotGenuine("chain", "certificate does not chain to a trusted root")
        if not _is_ca(step):
            raise ChipNotGenuine("chain", "an issuing certificate is not a CA")
        _check_validity(step, at, "CA certificate")
        path.append(step)
        current = step
    raise ChipNotGenuine("chain", "certificate chain too long")


def verify_nonce_signature(certificate: x509.Certificate, nonce: bytes, signature: bytes) -> None:
    """Check a JPKI signature the card made over SHA-256(``nonce``) (PKCS#1 v1.5)."""
    verify_rsa(_rsa_key(certificate), nonce, signature, reason="nonce_signature")


def verify_cvc(cvc: CardVerifiableCertificate, roots: Sequence[RSAPublicKey]) -> None:
    for root in roots:
        try:
            root.verify(cvc.signature, cvc.body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            continue
        return
    raise ChipNotGenuine("intermediate", "AP intermediate certificate is not signed by a trusted card-AP root")


def verify_text_data(
    basic_four: BasicFour,
    signature: TextSignature,
    cvc: CardVerifiableCertificate,
    roots: Sequence[RSAPublicKey],
) -> None:
    """The basic four items are what the issuer signed (hash ``DF 32``; signature ``DF 33``, checked under ``cvc``
    when EF 0003 was parsed)."""
    verify_cvc(cvc, roots)
    if (signature.signer.body, signature.signer.signature) != (cvc.body, cvc.signature):
        raise ChipNotGenuine("data_signature", "the data signature was checked under another AP certificate")
    if not hmac.compare_digest(hashlib.sha256(basic_four.signed_region).digest(), signature.basic_four_hash):
        raise ChipNotGenuine("data_hash", "basic four items do not match the issuer's hash")
    if not signature.signature_valid:
        raise ChipNotGenuine("data_signature", "signature does not verify")


def verify_front_face(front: FrontFace, cvc: CardVerifiableCertificate, roots: Sequence[RSAPublicKey]) -> None:
    """The card-face images, dates and card key are what the issuer signed (``DF 28``)."""
    verify_cvc(cvc, roots)
    verify_rsa(cvc.public_key, front.signed_message, front.signature, reason="data_signature")


def verify_internal_authentication(card_key: RSAPublicKey, nonce: bytes, signature: bytes) -> None:
    verify_rsa(card_key, nonce, signature, reason="internal_authentication")
