"""``serve --tls-cert --tls-key --client-ca``: the service terminates TLS and demands a kiosk client certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

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


def test_client_certificate_is_required(tmp_path: Path, kiosk_pki: TestKioskPki) -> None:
    cert, key, server_ca = _server_cert(tmp_path)
    client_ca = tmp_path / "kiosk-ca.pem"
    client_ca.write_bytes(kiosk_pki.ca_certificate.public_bytes(serialization.Encoding.PEM))
    kiosk = kiosk_pki.kiosk("k-tls")
    kiosk_cert, kiosk_key = tmp_path / "kiosk.pem", tmp_path / "kiosk.key"
    kiosk_cert.write_bytes(kiosk.certificate.public_bytes(serialization.Encoding.PEM))
    kiosk_key.write_bytes(_pem_key(kiosk.key))
    db = f"sqlite:///{tmp_path / 'tls.sqlite3'}"
    exe = str(Path(sys.executable).with_name("mynakiosk"))
    subprocess.run([exe, "backend", "migrate", "--db", db], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [exe, "backend", "serve", "--db", db, "--port", str(port), "--tls-cert", str(cert), "--tls-key", str(key),
         "--client-ca", str(client_ca)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"https://127.0.0.1:{port}/healthz"
    with_cert = ssl.create_default_context(cafile=str(server_ca))
    with_cert.load_cert_chain(str(kiosk_cert), str(kiosk_key))
    without_cert = ssl.create_default_context(cafile=str(server_ca))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(url, verify=with_cert, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert r.status_code == 200
        with pytest.raises(httpx.TransportError):
            httpx.get(url, verify=without_cert, timeout=5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
