"""The committed TEST-ONLY PKI of the virtual card.

``sim/pki/data/`` holds a test root standing in for J-LIS, the JPKI authentication and signature CAs it
issued, a card-AP root key (standing in for the unpublished key that verifies the intermediate
certificates of the 券面 APs) and the card-AP issuer key with its intermediate certificate, which signs
the application data of every virtual card. None of it has any value outside tests: the private keys
are in the repository. ``python -m sim.pki.generate`` rewrites the directory.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from sim.errors import SimError
from sim.pki.x509util import CertificateAuthority

DATA_DIR: Final = Path(__file__).resolve().parent / "data"

CARD_AP_ROOT_ID: Final = b"TEST-CARDAP-ROOT"
"""Issuer id (16 bytes) written in every intermediate certificate."""
CARD_AP_ISSUER_ID: Final = b"TEST-CARDAP-IS01"
"""Subject id (16 bytes) of the intermediate certificate; also the key id in text AP EF 0005."""


class TestPkiError(SimError):
    """The test PKI directory is missing a file or holds something unreadable."""

    __test__: ClassVar[bool] = False  # not a pytest test class


class Files:
    """File names inside the test PKI directory."""

    ROOT_KEY: Final = "jpki-root.key.pem"
    ROOT_CERT: Final = "jpki-root.crt.pem"
    AUTH_CA_KEY: Final = "jpki-auth-ca.key.pem"
    AUTH_CA_CERT: Final = "jpki-auth-ca.crt.pem"
    SIGN_CA_KEY: Final = "jpki-sign-ca.key.pem"
    SIGN_CA_CERT: Final = "jpki-sign-ca.crt.pem"
    CARD_AP_ROOT_KEY: Final = "card-ap-root.key.pem"
    CARD_AP_ROOT_PUBLIC: Final = "card-ap-root.pub.pem"
    CARD_AP_ISSUER_KEY: Final = "card-ap-issuer.key.pem"
    CARD_AP_ISSUER_CVC: Final = "card-ap-issuer.cvc"


@dataclass(frozen=True)
class TestPki:
    """Every key and certificate the personalisation tool needs, plus the trust anchors to pin."""

    __test__: ClassVar[bool] = False  # not a pytest test class

    root: CertificateAuthority
    auth_ca: CertificateAuthority
    sign_ca: CertificateAuthority
    card_ap_root_key: RSAPrivateKey
    card_ap_issuer_key: RSAPrivateKey
    card_ap_issuer_cvc: bytes

    @classmethod
    def load(cls, directory: Path | None = None) -> TestPki:
        """Read the test PKI (the committed one by default); cached per directory."""
        return _load(directory or DATA_DIR)

    @property
    def root_cert_pem(self) -> bytes:
        """Trust anchor for the JPKI chains (the test stand-in for J-LIS), PEM."""
        return self.root.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def card_ap_root_public_pem(self) -> bytes:
        """Trust anchor for the 券面AP / text AP intermediate certificates, SubjectPublicKeyInfo PEM."""
        return self.card_ap_root_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@functools.cache
def _load(directory: Path) -> TestPki:
    return TestPki(
        root=CertificateAuthority(_key(directory, Files.ROOT_KEY), _cert(directory, Files.ROOT_CERT)),
        auth_ca=CertificateAuthority(_key(directory, Files.AUTH_CA_KEY), _cert(directory, Files.AUTH_CA_CERT)),
        sign_ca=CertificateAuthority(_key(directory, Files.SIGN_CA_KEY), _cert(directory, Files.SIGN_CA_CERT)),
        card_ap_root_key=_key(directory, Files.CARD_AP_ROOT_KEY),
        card_ap_issuer_key=_key(directory, Files.CARD_AP_ISSUER_KEY),
        card_ap_issuer_cvc=_read(directory, Files.CARD_AP_ISSUER_CVC),
    )


def _read(directory: Path, name: str) -> bytes:
    try:
        return (directory / name).read_bytes()
    except OSError as exc:
        raise TestPkiError(
            f"test PKI file {name} unreadable in {directory}: {exc.strerror}; "
            "run `python -m sim.pki.generate` to recreate it"
        ) from exc


def _key(directory: Path, name: str) -> RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(directory, name), password=None)
    except ValueError as exc:
        raise TestPkiError(f"test PKI file {name} in {directory} is not a PEM private key") from exc
    if not isinstance(key, RSAPrivateKey):
        raise TestPkiError(f"test PKI file {name} in {directory} is not an RSA key")
    return key


def _cert(directory: Path, name: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(_read(directory, name))
    except ValueError as exc:
        raise TestPkiError(f"test PKI file {name} in {directory} is not a PEM certificate") from exc
