"""The TEST-ONLY PKI: the committed one loads and chains; a regenerated one is complete; bad files are typed errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sim.pki import TestPki, TestPkiError
from sim.pki.generate import generate
from sim.pki.testpki import Files


def test_committed_pki_chains_to_its_root(pki: TestPki) -> None:
    for ca in (pki.auth_ca, pki.sign_ca):
        ca.certificate.verify_directly_issued_by(pki.root.certificate)
        assert ca.certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert b"TEST ONLY" in pki.root_cert_pem or "TEST ONLY" in pki.root.certificate.subject.rfc4514_string()
    assert pki.card_ap_root_public_pem.startswith(b"-----BEGIN PUBLIC KEY-----")


def test_the_generic_helper_issues_a_certificate(pki: TestPki) -> None:
    key = rsa.generate_private_key(65537, 2048)
    now = dt.datetime.now(dt.UTC)
    cert = pki.root.issue(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kiosk-test")]),
        key.public_key(),
        not_before=now,
        not_after=now + dt.timedelta(days=1),
        serial_number=42,
    )
    cert.verify_directly_issued_by(pki.root.certificate)
    assert cert.serial_number == 42
    with pytest.raises(ValueError):
        pki.root.issue(cert.subject, key.public_key(), not_before=now, not_after=now)


def test_a_regenerated_pki_is_complete(tmp_path: Path) -> None:
    generate(tmp_path)
    fresh = TestPki.load(tmp_path)
    fresh.auth_ca.certificate.verify_directly_issued_by(fresh.root.certificate)
    assert len(fresh.card_ap_issuer_cvc) == 568


def test_missing_or_damaged_files_are_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(TestPkiError, match=r"sim\.pki\.generate"):
        TestPki.load(tmp_path / "empty")
    generate(tmp_path / "broken")
    (tmp_path / "broken" / Files.ROOT_CERT).write_text("not a certificate")
    with pytest.raises(TestPkiError, match=Files.ROOT_CERT):
        TestPki.load(tmp_path / "broken")
