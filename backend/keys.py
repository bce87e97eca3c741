"""Key material from a directory (``serve --keys DIR``).

Files: ``management-master.hex`` (64 hex digits), ``jpki-roots.pem`` (JPKI root certificates),
``card-ap-roots.pem`` (card-AP root public keys), ``evidence-key.pem`` (X25519 private key, PKCS#8) and optionally
``kiosk-ca.pem`` (CA certificates kiosk client certificates must be issued by) and the J-LIS pair
``jlis-signing-key.pem`` (the municipality's Ed25519 private key, PKCS#8) with ``jlis-public.pem`` (J-LIS's
Ed25519 public key; docs/jlis.md). The management key id is derived
from the key itself, so a changed master is noticed on every card registered under the old one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from backend.settings import JlisKeys, KeyMaterial
from kiosk.card.verify import TrustAnchors

MASTER = "management-master.hex"
JPKI_ROOTS = "jpki-roots.pem"
CARD_AP_ROOTS = "card-ap-roots.pem"
EVIDENCE = "evidence-key.pem"
KIOSK_CA = "kiosk-ca.pem"
JLIS_SIGNING = "jlis-signing-key.pem"
JLIS_PUBLIC = "jlis-public.pem"


class KeyDirError(Exception):
    """The key directory is missing a file or holds something unreadable; the message names the file."""


def key_id(master: bytes) -> str:
    return "mk-" + hashlib.sha256(b"key-id|" + master).hexdigest()[:12]


def _read(directory: Path, name: str) -> bytes:
    try:
        return (directory / name).read_bytes()
    except OSError as exc:
        raise KeyDirError(f"cannot read {directory / name}: {exc.strerror}") from exc


def load_key_dir(directory: Path) -> KeyMaterial:
    try:
        master = bytes.fromhex(_read(directory, MASTER).decode().strip())
    except (UnicodeDecodeError, ValueError) as exc:
        raise KeyDirError(f"{directory / MASTER} must hold 64 hex digits") from exc
    if len(master) != 32:
        raise KeyDirError(f"{directory / MASTER} must hold 64 hex digits (32 bytes)")
    try:
        anchors = TrustAnchors.from_pem(_read(directory, JPKI_ROOTS), _read(directory, CARD_AP_ROOTS))
    except ValueError as exc:
        raise KeyDirError(f"{directory}: trust anchors unreadable: {exc}") from exc
    try:
        evidence = serialization.load_pem_private_key(_read(directory, EVIDENCE), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyDirError(f"{directory / EVIDENCE} is not an unencrypted PEM private key") from exc
    if not isinstance(evidence, X25519PrivateKey):
        raise KeyDirError(f"{directory / EVIDENCE} is not an X25519 private key")
    kiosk_ca: tuple[x509.Certificate, ...] = ()
    if (directory / KIOSK_CA).exists():
        try:
            kiosk_ca = tuple(x509.load_pem_x509_certificates(_read(directory, KIOSK_CA)))
        except ValueError as exc:
            raise KeyDirError(f"{directory / KIOSK_CA} holds no readable PEM certificate") from exc
    return KeyMaterial(master, key_id(master), anchors, evidence, kiosk_ca, _jlis_keys(directory))


def _jlis_keys(directory: Path) -> JlisKeys | None:
    """The J-LIS pair, both files or neither."""
    present = [(directory / name).exists() for name in (JLIS_SIGNING, JLIS_PUBLIC)]
    if not any(present):
        return None
    if not all(present):
        raise KeyDirError(f"{directory}: {JLIS_SIGNING} and {JLIS_PUBLIC} go together; one of them is missing")
    try:
        private = serialization.load_pem_private_key(_read(directory, JLIS_SIGNING), password=None)
        public = serialization.load_pem_public_key(_read(directory, JLIS_PUBLIC))
    except (ValueError, TypeError) as exc:
        raise KeyDirError(f"{directory}: {JLIS_SIGNING} or {JLIS_PUBLIC} is not an unencrypted PEM key") from exc
    if not isinstance(private, Ed25519PrivateKey) or not isinstance(public, Ed25519PublicKey):
        raise KeyDirError(f"{directory}: {JLIS_SIGNING} and {JLIS_PUBLIC} must hold Ed25519 keys")
    return JlisKeys(private, public)


def write_key_dir(
    directory: Path,
    *,
    master: bytes,
    jpki_roots_pem: bytes,
    card_ap_roots_pem: bytes,
    evidence: X25519PrivateKey,
    kiosk_ca_pem: bytes | None = None,
    jlis: JlisKeys | None = None,
) -> None:
    """Write a key directory (mode 0600 files); used for the TEST keys of demos and tests."""
    directory.mkdir(parents=True, exist_ok=True)
    pem = evidence.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    files = {
        MASTER: master.hex().encode() + b"\n",
        JPKI_ROOTS: jpki_roots_pem,
        CARD_AP_ROOTS: card_ap_roots_pem,
        EVIDENCE: pem,
    }
    if kiosk_ca_pem is not None:
        files[KIOSK_CA] = kiosk_ca_pem
    if jlis is not None:
        files[JLIS_SIGNING] = jlis.municipality_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        files[JLIS_PUBLIC] = jlis.jlis_public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        path.chmod(0o600)


def test_key_material() -> KeyMaterial:
    """TEST ONLY keys from ``sim/pki`` (imported lazily: only tests, demos and the CLI call this)."""
    from sim.pki.jlis import jlis_key, municipality_key
    from sim.pki.kiosk import TEST_MANAGEMENT_MASTER, TestKioskPki, evidence_key
    from sim.pki.testpki import TestPki

    pki = TestPki.load()
    anchors = TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)
    kiosk_ca = (TestKioskPki().ca_certificate,)
    jlis = JlisKeys(municipality_key(), jlis_key().public_key())
    return KeyMaterial(TEST_MANAGEMENT_MASTER, key_id(TEST_MANAGEMENT_MASTER), anchors, evidence_key(), kiosk_ca, jlis)


test_key_material.__test__ = False  # type: ignore[attr-defined]
