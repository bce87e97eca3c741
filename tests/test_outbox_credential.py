"""An installed kiosk's outbox key is a systemd credential sealed with ``systemd-creds`` (TPM2 where present, the
host key otherwise), not a file beside the outbox (issue 17). The unit's ``LoadCredentialEncrypted=`` hands it to the
service decrypted in ``$CREDENTIALS_DIRECTORY``; here the real ``systemd-creds`` seals and opens it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.site_config import OUTBOX_CREDENTIAL, OUTBOX_KEY_BYTES, SiteConfigError, load

from .site_files import write_site


def test_the_sealed_credential_is_the_key_and_no_key_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    key = os.urandom(OUTBOX_KEY_BYTES)
    (credentials / OUTBOX_CREDENTIAL).write_bytes(key)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    assert load(write_site(tmp_path)).outbox_key == key
    assert not (tmp_path / "state" / "outbox.key").exists(), "no key lies on the disk beside the outbox"


def test_a_credential_of_the_wrong_size_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / OUTBOX_CREDENTIAL).write_bytes(b"short")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    with pytest.raises(SiteConfigError, match=OUTBOX_CREDENTIAL):
        load(write_site(tmp_path))


def test_without_the_credential_the_file_key_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    key = load(write_site(tmp_path)).outbox_key
    assert (tmp_path / "state" / "outbox.key").read_bytes() == key


@pytest.mark.skipif(shutil.which("systemd-creds") is None or os.geteuid() != 0, reason="needs systemd-creds as root")
def test_systemd_creds_seals_a_key_the_kiosk_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = os.urandom(OUTBOX_KEY_BYTES)
    plain, sealed = tmp_path / "key", tmp_path / "outbox-key.cred"
    plain.write_bytes(key)
    seal = ["systemd-creds", "encrypt", "--with-key=host", f"--name={OUTBOX_CREDENTIAL}", str(plain), str(sealed)]
    subprocess.run(seal, check=True, capture_output=True)
    assert key not in sealed.read_bytes()
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    opened = credentials / OUTBOX_CREDENTIAL
    subprocess.run(
        ["systemd-creds", "decrypt", f"--name={OUTBOX_CREDENTIAL}", str(sealed), str(opened)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    assert load(write_site(tmp_path)).outbox_key == key
