"""A small, generic helper to issue X.509 certificates with the test PKI (and, later, kiosk client certs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

Extension = tuple[x509.ExtensionType, bool]
"""An extension value and whether it is critical."""


@dataclass(frozen=True)
class CertificateAuthority:
    """A signing key with its certificate. TEST ONLY: the keys are committed in the repository."""

    key: RSAPrivateKey
    certificate: x509.Certificate

    def issue(
        self,
        subject: x509.Name,
        public_key: RSAPublicKey,
        *,
        not_before: dt.datetime,
        not_after: dt.datetime,
        extensions: Sequence[Extension] = (),
        serial_number: int | None = None,
    ) -> x509.Certificate:
        """A certificate for ``public_key`` signed by this CA (SHA-256, PKCS#1 v1.5).

        Adds the authority key identifier of this CA and the subject key identifier of ``public_key``;
        ``extensions`` adds the rest. ``serial_number`` defaults to a random 159-bit number.
        """
        return issue_certificate(
            issuer=self.certificate.subject,
            issuer_key=self.key,
            subject=subject,
            public_key=public_key,
            not_before=not_before,
            not_after=not_after,
            extensions=[
                (x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False),
                *extensions,
            ],
            serial_number=serial_number,
        )


def issue_certificate(
    *,
    issuer: x509.Name,
    issuer_key: RSAPrivateKey,
    subject: x509.Name,
    public_key: RSAPublicKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    extensions: Sequence[Extension] = (),
    serial_number: int | None = None,
) -> x509.Certificate:
    """Build and sign one certificate; self-signed when ``issuer_key`` is the key of ``public_key``."""
    if not_after <= not_before:
        raise ValueError("certificate would expire before it becomes valid")
    builder = (
        x509.CertificateBuilder()
        .issuer_name(issuer)
        .subject_name(subject)
        .public_key(public_key)
        .serial_number(serial_number if serial_number is not None else x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    for value, critical in extensions:
        builder = builder.add_extension(value, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())
