"""The package seals the outbox key with systemd-creds (packaging/deb/seal-outbox-key): a plain key an older
version left is sealed and removed, a first install gets a new sealed key, and running it again changes nothing
(issue 17: the outbox key does not sit beside the outbox)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "deb" / "seal-outbox-key"

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-creds") is None or os.geteuid() != 0, reason="needs systemd-creds as root"
)


def _open(sealed: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "opened"
    subprocess.run(["systemd-creds", "decrypt", "--name=outbox-key", str(sealed), str(out)], check=True)
    key = out.read_bytes()
    out.unlink()
    return key


def test_a_plain_key_is_sealed_and_removed(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    key = os.urandom(32)
    (state / "outbox.key").write_bytes(key)
    subprocess.run([str(SCRIPT), str(state)], check=True, capture_output=True)
    sealed = state / "outbox-key.cred"
    assert not (state / "outbox.key").exists(), "no plain key left beside the outbox"
    assert key not in sealed.read_bytes()
    assert (sealed.stat().st_mode & 0o077) == 0
    assert _open(sealed, tmp_path) == key, "the outbox the old key wrote opens with the sealed one"


def test_a_first_install_gets_a_new_key_and_a_second_run_keeps_it(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    subprocess.run([str(SCRIPT), str(state)], check=True, capture_output=True)
    sealed = state / "outbox-key.cred"
    first = _open(sealed, tmp_path)
    assert len(first) == 32
    before = sealed.read_bytes()
    subprocess.run([str(SCRIPT), str(state)], check=True, capture_output=True)
    assert sealed.read_bytes() == before and _open(sealed, tmp_path) == first
