"""``serve --tls-cert --tls-key --client-ca``: the service terminates TLS and demands a kiosk client certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from backend import admin
from backend.clock import Clock
from backend.db import make_engine, session_factory, transaction
from backend.domain import SiteKind
from backend.request_signing import sign_request
from backend.testing.pg import free_port
from sim.pki.kiosk import TestKioskPki

pytestmark = pytest.mark.slow


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())  # fmt: skip


def _server_cert(tmp: Path) -> tuple[Path, Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = tmp / "server.pem", tmp / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(_pem_key(key))
    return cert_path, key_path, cert_path


@dataclass
class TlsService:
    url: str
    server_ca: Path
    kiosk_pki: TestKioskPki
    tmp: Path

    def context(self, kiosk_id: str | None) -> ssl.SSLContext:
        """A client TLS context presenting ``kiosk_id``'s certificate (none when ``None``)."""
        ctx = ssl.create_default_context(cafile=str(self.server_ca))
        if kiosk_id is not None:
            kiosk = self.kiosk_pki.kiosk(kiosk_id)
            cert, key = self.tmp / f"{kiosk_id}.pem", self.tmp / f"{kiosk_id}.key"
            cert.write_bytes(kiosk.certificate.public_bytes(serialization.Encoding.PEM))
            key.write_bytes(_pem_key(kiosk.key))
            ctx.load_cert_chain(str(cert), str(key))
        return ctx


@contextmanager
def tls_service(tmp_path: Path, kiosk_pki: TestKioskPki, kiosk_ids: tuple[str, ...] = ()) -> Iterator[TlsService]:
    cert, key, server_ca = _server_cert(tmp_path)
    client_ca = tmp_path / "kiosk-ca.pem"
    client_ca.write_bytes(kiosk_pki.ca_certificate.public_bytes(serialization.Encoding.PEM))
    db = f"sqlite:///{tmp_path / 'tls.sqlite3'}"
    exe = str(Path(sys.executable).with_name("mynakiosk"))
    subprocess.run([exe, "backend", "migrate", "--db", db], check=True, capture_output=True)
    engine = make_engine(db)
    with transaction(session_factory(engine)) as session:
        admin.add_site(session, Clock(), "s-tls", SiteKind.POPUP, "452017", "tls")
        session.flush()
        for kiosk_id in kiosk_ids:
            certificate = kiosk_pki.kiosk(kiosk_id).certificate
            admin.add_kiosk(session, Clock(), kiosk_id, "s-tls", certificate, (kiosk_pki.ca_certificate,))
    engine.dispose()
    port = free_port()
    proc = subprocess.Popen(
        [exe, "backend", "serve", "--db", db, "--port", str(port), "--tls-cert", str(cert), "--tls-key", str(key),
         "--client-ca", str(client_ca)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    service = TlsService(f"https://127.0.0.1:{port}", server_ca, kiosk_pki, tmp_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(service.url + "/healthz", verify=service.context("k-probe"), timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield service
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_client_certificate_is_required(tmp_path: Path, kiosk_pki: TestKioskPki) -> None:
    with tls_service(tmp_path, kiosk_pki) as service:
        r = httpx.get(service.url + "/healthz", verify=service.context("k-tls"), timeout=5)
        assert r.status_code == 200
        with pytest.raises(httpx.TransportError):
            httpx.get(service.url + "/healthz", verify=service.context(None), timeout=5)


def test_the_tls_client_certificate_must_be_the_signing_kiosks(tmp_path: Path, kiosk_pki: TestKioskPki) -> None:
    with tls_service(tmp_path, kiosk_pki, ("k-tls", "k-other")) as service:
        path = "/v1/renewals/A000000000000"

        def get(connection_kiosk: str, signing_kiosk: str) -> httpx.Response:
            signer = kiosk_pki.kiosk(signing_kiosk)
            headers = {
                "Kiosk-Id": signer.kiosk_id,
                "Kiosk-Signature": sign_request(signer.key, "GET", path, int(time.time()), "", b""),
            }
            return httpx.get(service.url + path, headers=headers, verify=service.context(connection_kiosk), timeout=5)

        assert get("k-tls", "k-tls").status_code == 404  # known kiosk, no such application
        assert get("k-other", "k-other").status_code == 404
        refused = get("k-tls", "k-other")  # k-other's key, over k-tls's connection
        assert refused.status_code == 401 and "TLS client certificate" in refused.json()["detail"]
