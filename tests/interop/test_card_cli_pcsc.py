"""``mynakiosk card read`` (a separate process, as a technician runs it) through pcscd + vpcd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.personalise import DEFAULT_AUTH_PIN, new_card
from sim.personas import get_persona
from tests import pcsc_harness

pytestmark = pytest.mark.pcsc


def card_read(uri: str, pin: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_TEST_PIN=pin)  # PCSCLITE_CSOCK_NAME is inherited: the private pcscd
    command = [sys.executable, "-c", "from mynakiosk.cli import main; main()", "card", "read"]
    return subprocess.run(
        [*command, "--reader", uri, "--pin-env", "KIOSK_TEST_PIN", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_card_read_through_pcscd_then_a_wrong_pin(tmp_path: Path) -> None:
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"cannot run here: {reason}")
    path = tmp_path / "card.json"
    new_card(get_persona("tanaka"), seed=31).save(path)
    with pcsc_harness.pcsc_card_session(path) as session:
        ok = card_read(session.uri, DEFAULT_AUTH_PIN)
        assert ok.returncode == 0, ok.stderr
        report = json.loads(ok.stdout)
        assert report["tries_left"]["auth"] == 3
        assert report["chip_verified"]["ok"] is True

        wrong = card_read(session.uri, "0000" if DEFAULT_AUTH_PIN != "0000" else "1111")
        assert wrong.returncode != 0
        refusal = json.loads(wrong.stdout)
        assert (refusal["error"], refusal["tries_left"]) == ("wrong_pin", 2)
        assert "0000" not in wrong.stderr  # the PIN never reaches the output
