"""TEST ONLY: kiosk client certificates, the card-management master key and the service's evidence key.

Everything here is derived from fixed, published seeds, so it has **no value outside tests and demos**: anyone
can recompute these keys. A deployment generates its own kiosk CA, evidence key and management master key in an
HSM and never uses this module.

* Kiosk CA and kiosk certificates (ECDSA P-256): each test kiosk gets a key derived from its id and a certificate
  from the test kiosk CA; the backend registers the certificate and checks request signatures with it.
* Management master key: the backend derives each card's management keys from it and the card serial; the virtual
  card is personalised with the same derivation (``card_management_keys``), as a real card would be at issuance.
* Evidence key (X25519): kiosks seal face crops and new PINs to its public half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_SEED: Final = b"mynakiosk TEST ONLY key seed v1 -- never use outside tests|"

TEST_MANAGEMENT_MASTER: Final = hashlib.sha256(_SEED + b"management master").digest()
"""TEST ONLY 32-byte management master key."""
TEST_MANAGEMENT_KEY_ID: Final = "test-mk-1"

MANAGEMENT_SALT: Final = b"mynakiosk-mgmt-v1"
"""Must equal the backend's derivation (docs/card-profile.md, 'Management command scripts')."""

_P256_ORDER: Final = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _ec_key(label: bytes) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha512(_SEED + label).digest(), "big") % (_P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


@dataclass(frozen=True)
class CardManagementKeys:
    """The two AES-128 keys personalised into one card (TEST ONLY when derived from the test master)."""

    enc: bytes = field(repr=False)
    mac: bytes = field(repr=False)


def card_management_keys(serial: str, master: bytes = TEST_MANAGEMENT_MASTER) -> CardManagementKeys:
    """K_enc / K_mac = HKDF-SHA256(master, salt, info = "enc|"/"mac|" ‖ serial), 16 bytes each."""

    def one(label: bytes) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=MANAGEMENT_SALT, info=label + serial.encode())
        return hkdf.derive(master)

    return CardManagementKeys(enc=one(b"enc|"), mac=one(b"mac|"))


def evidence_key() -> X25519PrivateKey:
    """TEST ONLY private key of the service for sealed face crops and PINs."""
    return X25519PrivateKey.from_private_bytes(hashlib.sha256(_SEED + b"evidence").digest())


@dataclass(frozen=True)
class KioskCredentials:
    kiosk_id: str
    key: ec.EllipticCurvePrivateKey = field(repr=False)
    certificate: x509.Certificate


class TestKioskPki:
    """The TEST ONLY kiosk CA; issues a certificate per kiosk id (the key depends only on the id)."""

    __test__ = False

    def __init__(self) -> None:
        self.ca_key = _ec_key(b"kiosk-ca")
        now = dt.datetime.now(dt.UTC)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mynakiosk TEST kiosk CA")])
        self.ca_certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.ca_key.public_key())
            .serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(self.ca_key, hashes.SHA256())
        )

    def kiosk(self, kiosk_id: str) -> KioskCredentials:
        key = _ec_key(b"kiosk|" + kiosk_id.encode())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kiosk_id)]))
            .issuer_name(self.ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        return KioskCredentials(kiosk_id, key, cert)
