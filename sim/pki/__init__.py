"""The TEST-ONLY PKI of the virtual card: ``TestPki.load()`` and a generic certificate-issuing helper."""

from __future__ import annotations

from sim.pki.testpki import CARD_AP_ISSUER_ID, CARD_AP_ROOT_ID, TestPki, TestPkiError
from sim.pki.x509util import CertificateAuthority, Extension, issue_certificate

__all__ = [
    "CARD_AP_ISSUER_ID",
    "CARD_AP_ROOT_ID",
    "CertificateAuthority",
    "Extension",
    "TestPki",
    "TestPkiError",
    "issue_certificate",
]
