"""Recreate the TEST-ONLY PKI in ``sim/pki/data`` (``python -m sim.pki.generate [DIR]``).

Every virtual card made before a regeneration stops verifying against the new anchors: regenerate only
on purpose, and commit the result together with whatever pins the anchors.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sim.pki.cvc import issue_cvc
from sim.pki.testpki import CARD_AP_ISSUER_ID, CARD_AP_ROOT_ID, DATA_DIR, Files
from sim.pki.x509util import CertificateAuthority, issue_certificate

_NOT_BEFORE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_ROOT_NOT_AFTER = dt.datetime(2060, 1, 1, tzinfo=dt.UTC)
_CA_NOT_AFTER = dt.datetime(2055, 1, 1, tzinfo=dt.UTC)
_ORG = "TEST ONLY mynakiosk - not J-LIS"


def _name(*rdns: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP")] + [x509.NameAttribute(o, v) for o, v in rdns])


def _ca_extensions(path_length: int) -> list[tuple[x509.ExtensionType, bool]]:
    return [
        (x509.BasicConstraints(ca=True, path_length=path_length), True),
        (
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        ),
    ]


def generate(directory: Path) -> None:
    """Write fresh keys and certificates into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    root_key = rsa.generate_private_key(65537, 2048)
    root_name = _name((NameOID.ORGANIZATION_NAME, _ORG), (NameOID.COMMON_NAME, "TEST ONLY JPKI Root CA"))
    root = CertificateAuthority(
        root_key,
        issue_certificate(
            issuer=root_name,
            issuer_key=root_key,
            subject=root_name,
            public_key=root_key.public_key(),
            not_before=_NOT_BEFORE,
            not_after=_ROOT_NOT_AFTER,
            extensions=_ca_extensions(1),
        ),
    )
    cas = {}
    for label, unit in (("Auth", "JPKI for user authentication"), ("Sign", "JPKI for digital signature")):
        key = rsa.generate_private_key(65537, 2048)
        subject = _name(
            (NameOID.ORGANIZATION_NAME, _ORG),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            (NameOID.COMMON_NAME, f"TEST ONLY JPKI {label} CA"),
        )
        cert = root.issue(
            subject, key.public_key(), not_before=_NOT_BEFORE, not_after=_CA_NOT_AFTER, extensions=_ca_extensions(0)
        )
        cas[label] = CertificateAuthority(key, cert)
    card_ap_root = rsa.generate_private_key(65537, 2048)
    card_ap_issuer = rsa.generate_private_key(65537, 2048)
    cvc = issue_cvc(
        issuer_id=CARD_AP_ROOT_ID,
        subject_id=CARD_AP_ISSUER_ID,
        public_key=card_ap_issuer.public_key(),
        root_key=card_ap_root,
    )
    outputs = {
        Files.ROOT_KEY: _key_pem(root.key),
        Files.ROOT_CERT: _cert_pem(root.certificate),
        Files.AUTH_CA_KEY: _key_pem(cas["Auth"].key),
        Files.AUTH_CA_CERT: _cert_pem(cas["Auth"].certificate),
        Files.SIGN_CA_KEY: _key_pem(cas["Sign"].key),
        Files.SIGN_CA_CERT: _cert_pem(cas["Sign"].certificate),
        Files.CARD_AP_ROOT_KEY: _key_pem(card_ap_root),
        Files.CARD_AP_ROOT_PUBLIC: card_ap_root.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        Files.CARD_AP_ISSUER_KEY: _key_pem(card_ap_issuer),
        Files.CARD_AP_ISSUER_CVC: cvc,
    }
    for name, content in outputs.items():
        (directory / name).write_bytes(content)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR)
