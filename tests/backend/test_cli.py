"""The ``mynakiosk backend`` commands a deployer runs: migrate, sites, kiosks, staff, cards, policy, keys."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner, Result
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from sqlalchemy import select, update

from backend.db import make_engine, session_factory
from backend.domain import KioskStatus
from backend.keys import load_key_dir, test_key_material
from backend.models import Card, Kiosk, StaffAccount
from backend.photo_vault import card_owner, open_photo
from backend.staff_auth import password_matches
from kiosk.card.data import parse_front_face
from mynakiosk.commands.backend import backend
from sim.apps import kenkaku
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki


def test_deployment_commands(
    db_url: str, tmp_path: Path, card_images: dict[str, CardImage], kiosk_pki: TestKioskPki
) -> None:
    db = db_url
    run = CliRunner().invoke

    def ok(*args: str, env: dict[str, str] | None = None) -> str:
        result = run(backend, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    assert '"revision": "0012"' in ok("migrate", "--db", db, "--json")
    ok("add-site", "--db", db, "--id", "s1", "--kind", "post_office", "--municipality", "452017", "--name", "PO")
    keys_dir = tmp_path / "keys"
    ok("test-keys", "--out", str(keys_dir))
    cert = tmp_path / "kiosk.pem"
    cert.write_bytes(kiosk_pki.kiosk("k1").certificate.public_bytes(Encoding.PEM))
    ok("add-kiosk", "--db", db, "--id", "k1", "--site", "s1", "--cert", str(cert), "--keys", str(keys_dir))
    nowhere = ["add-kiosk", "--db", db, "--id", "k2", "--site", "nope", "--cert", str(cert), "--keys", str(keys_dir)]
    assert run(backend, nowhere).exit_code == 1
    ok(
        "add-staff",
        "--db",
        db,
        "--username",
        "o1",
        "--role",
        "official",
        "--municipality",
        "452017",
        "--password-env",
        "PW",
        env={"PW": "a long enough password"},
    )
    short = run(
        backend,
        [
            "add-staff",
            "--db",
            db,
            "--username",
            "o2",
            "--role",
            "official",
            "--municipality",
            "452017",
            "--password-env",
            "PW",
        ],
        env={"PW": "short"},
    )
    assert short.exit_code == 1 and "12 characters" in short.output
    ok("set-policy", "--db", db, "--municipality", "452017", "--site", "s1", "--delegated")
    image_path = tmp_path / "card.json"
    card_images["tanaka"].save(image_path)
    assert card_images["tanaka"].serial in ok("register-card", "--db", db, str(image_path), "--municipality", "452017")
    ok("set-card-status", "--db", db, "--serial", card_images["tanaka"].serial, "--status", "suspended")
    assert load_key_dir(keys_dir).management_key_id == test_key_material().management_key_id
    assert "intact" in ok("audit", "verify", "--db", db)
    engine = make_engine(db)
    with session_factory(engine)() as session:
        assert session.get(Kiosk, "k1") is not None
        card = session.get(Card, card_images["tanaka"].serial)
        assert card is not None and card.status.value == "suspended"
    engine.dispose()


@pytest.mark.parametrize(
    ("spoil", "named"),
    [
        (lambda keys: (keys / "management-master.hex").unlink(), "management-master.hex"),
        (lambda keys: (keys / "management-master.hex").write_text("abc"), "management-master.hex"),
        (lambda keys: (keys / "evidence-key.pem").write_text("not a key"), "evidence-key.pem"),
        (lambda keys: (keys / "kiosk-ca.pem").write_text("not a certificate"), "kiosk-ca.pem"),
    ],
)
def test_serve_refuses_a_broken_key_directory_at_once_naming_the_file(
    tmp_path: Path, spoil: Callable[[Path], object], named: str
) -> None:
    """Before any worker starts: a broken key directory would otherwise fail in every worker, restarted forever."""
    runner = CliRunner()
    keys = tmp_path / "keys"
    assert runner.invoke(backend, ["test-keys", "--out", str(keys)]).exit_code == 0
    spoil(keys)
    with mock.patch.dict(os.environ):  # serve hands its settings to the workers through the environment
        result = runner.invoke(
            backend, ["serve", "--db", f"sqlite:///{tmp_path / 'b.sqlite3'}", "--keys", str(keys), "--workers", "2"]
        )
    assert result.exit_code == 1 and named in result.output, result.output
    assert "Traceback" not in result.output


def test_register_card_refuses_a_broken_key_directory_naming_the_file(
    tmp_path: Path, card_images: dict[str, CardImage]
) -> None:
    runner = CliRunner()
    keys = tmp_path / "keys"
    assert runner.invoke(backend, ["test-keys", "--out", str(keys)]).exit_code == 0
    (keys / "management-master.hex").write_text("abc")
    image_path = tmp_path / "card.json"
    card_images["tanaka"].save(image_path)
    db = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    assert runner.invoke(backend, ["migrate", "--db", db]).exit_code == 0
    args = ["register-card", "--db", db, str(image_path), "--municipality", "452017", "--keys", str(keys)]
    result = runner.invoke(backend, args)
    assert result.exit_code == 1 and "management-master.hex" in result.output, result.output
    assert "Traceback" not in result.output


def _self_signed(key: ec.EllipticCurvePrivateKey, name: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip


@pytest.fixture
def deployment(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    """A migrated database with one site, and the TEST key directory (its kiosk CA is ``TestKioskPki``'s)."""
    keys_dir = tmp_path / "keys"
    for args in (
        ["test-keys", "--out", str(keys_dir)],
        ["migrate", "--db", db_url],
        ["add-site", "--db", db_url, "--id", "s1", "--kind", "popup", "--municipality", "452017", "--name", "P"],
    ):
        assert CliRunner().invoke(backend, args).exit_code == 0
    return db_url, keys_dir


def test_add_kiosk_refuses_a_certificate_not_issued_by_the_kiosk_ca(
    deployment: tuple[str, Path], tmp_path: Path
) -> None:
    db, keys_dir = deployment
    key = ec.generate_private_key(ec.SECP256R1())
    cert = tmp_path / "self-signed.pem"
    cert.write_bytes(_self_signed(key, "k-rogue").public_bytes(Encoding.PEM))
    args = ["add-kiosk", "--db", db, "--id", "k-rogue", "--site", "s1", "--cert", str(cert), "--keys", str(keys_dir)]
    result = CliRunner().invoke(backend, args)
    assert result.exit_code == 1 and "kiosk CA" in result.output, result.output
    without_keys = CliRunner().invoke(backend, args[:-2])
    assert without_keys.exit_code == 2  # --keys is required: no registration without the CA check


def test_one_certificate_names_one_kiosk(deployment: tuple[str, Path], tmp_path: Path, kiosk_pki: TestKioskPki) -> None:
    db, keys_dir = deployment
    cert = tmp_path / "kiosk.pem"
    cert.write_bytes(kiosk_pki.kiosk("k1").certificate.public_bytes(Encoding.PEM))

    def add(kiosk_id: str) -> Result:
        args = ["add-kiosk", "--db", db, "--id", kiosk_id, "--site", "s1", "--cert", str(cert), "--keys", str(keys_dir)]
        return CliRunner().invoke(backend, args)

    assert add("k1").exit_code == 0
    assert add("k1").exit_code == 0  # registering the same kiosk again replaces its entry
    second = add("k2")
    assert second.exit_code == 1 and "already registered for kiosk 'k1'" in second.output


def test_revocation_commands(deployment: tuple[str, Path], tmp_path: Path, kiosk_pki: TestKioskPki) -> None:
    db, keys_dir = deployment
    run = CliRunner().invoke
    cert = tmp_path / "kiosk.pem"
    cert.write_bytes(kiosk_pki.kiosk("k1").certificate.public_bytes(Encoding.PEM))
    add_kiosk = ["add-kiosk", "--db", db, "--id", "k1", "--site", "s1", "--cert", str(cert), "--keys", str(keys_dir)]
    assert run(backend, add_kiosk).exit_code == 0
    add_staff = ["add-staff", "--db", db, "--username", "o1", "--role", "official", "--municipality", "452017"]
    assert run(backend, [*add_staff, "--password-env", "PW"], env={"PW": "a long enough password"}).exit_code == 0

    assert run(backend, ["set-kiosk-status", "--db", db, "k1", "suspended"]).exit_code == 0
    assert run(backend, ["set-staff-status", "--db", db, "o1", "disabled"]).exit_code == 0
    new_password = ["set-staff-password", "--db", db, "o1", "--password-env", "NEW_PW"]
    assert run(backend, new_password, env={"NEW_PW": "another long password"}).exit_code == 0
    short = run(backend, new_password, env={"NEW_PW": "short"})
    assert short.exit_code == 1 and "12 characters" in short.output
    unset = run(backend, ["set-staff-password", "--db", db, "o1", "--password-env", "NOT_SET_ANYWHERE"])
    assert unset.exit_code == 1 and "NOT_SET_ANYWHERE" in unset.output
    assert run(backend, ["set-staff-status", "--db", db, "nobody", "disabled"]).exit_code == 1
    engine = make_engine(db)
    with session_factory(engine)() as session:
        kiosk = session.get(Kiosk, "k1")
        assert kiosk is not None and kiosk.status is KioskStatus.SUSPENDED
        account = session.execute(select(StaffAccount).where(StaffAccount.username == "o1")).scalar_one()
        assert account.active is False
        assert password_matches(account.password_hash, "another long password")
    engine.dispose()
    assert run(backend, ["set-kiosk-status", "--db", db, "k1", "active"]).exit_code == 0
    assert run(backend, ["set-staff-status", "--db", db, "o1", "active"]).exit_code == 0


def test_seal_photos_encrypts_what_was_stored_in_the_clear(
    deployment: tuple[str, Path], tmp_path: Path, card_images: dict[str, CardImage]
) -> None:
    db, keys_dir = deployment
    image = card_images["tanaka"]
    image_path = tmp_path / "card.json"
    image.save(image_path)
    register = ["register-card", "--db", db, str(image_path), "--municipality", "452017", "--keys", str(keys_dir)]
    assert CliRunner().invoke(backend, register).exit_code == 0
    front = image.file(kenkaku.APP, 0x0002)
    assert front is not None
    photo = parse_front_face(front).photo_jp2
    engine = make_engine(db)
    with session_factory(engine)() as session, session.begin():  # as a database from before schema 0005 holds it
        session.execute(update(Card).values(photo=photo))
    result = CliRunner().invoke(backend, ["seal-photos", "--db", db, "--keys", str(keys_dir)])
    assert result.exit_code == 0 and "1 photos sealed" in result.output, result.output
    again = CliRunner().invoke(backend, ["seal-photos", "--db", db, "--keys", str(keys_dir)])
    assert "0 photos sealed" in again.output
    with session_factory(engine)() as session:
        card = session.get(Card, image.serial)
        assert card is not None and card.photo != photo
        assert open_photo(load_key_dir(keys_dir), card.photo, card_owner(image.serial)) == photo
    engine.dispose()
