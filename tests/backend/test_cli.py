"""The ``mynakiosk backend`` commands a deployer runs: migrate, sites, kiosks, staff, cards, policy, keys."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.serialization import Encoding

from backend.db import make_engine, session_factory
from backend.keys import load_key_dir, test_key_material
from backend.models import Card, Kiosk
from mynakiosk.commands.backend import backend
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

    assert '"revision": "0006"' in ok("migrate", "--db", db, "--json")
    ok("add-site", "--db", db, "--id", "s1", "--kind", "post_office", "--municipality", "452017", "--name", "PO")
    cert = tmp_path / "kiosk.pem"
    cert.write_bytes(kiosk_pki.kiosk("k1").certificate.public_bytes(Encoding.PEM))
    ok("add-kiosk", "--db", db, "--id", "k1", "--site", "s1", "--cert", str(cert))
    assert run(backend, ["add-kiosk", "--db", db, "--id", "k2", "--site", "nope", "--cert", str(cert)]).exit_code == 1
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
    keys_dir = tmp_path / "keys"
    ok("test-keys", "--out", str(keys_dir))
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
