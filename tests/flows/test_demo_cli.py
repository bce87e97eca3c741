"""``mynakiosk demo --headless``: a whole session end to end in a real subprocess, and an attack refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mynakiosk", "demo", "--headless", *args],
        capture_output=True, text=True, timeout=300, check=False, env=dict(os.environ),
    )  # fmt: skip


def test_signature_pin_reset_demo_succeeds_and_prints_every_state() -> None:
    result = demo("--flow", "sign-pin-reset")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    for state in ("place_card", "pin_entry", "card_front_entry", "face_capture", "new_pin", "result"):
        assert any(line.startswith(state) for line in lines), state
    assert lines[-1] == "outcome: reset_done"


@pytest.mark.parametrize(
    ("attack", "outcome"),
    [
        ("wrong-card", "not_genuine"),
        # A tampered kiosk sends the chip photo as the live face and as the challenge frames: the service refuses.
        ("chip-replay", "backend_refused"),
    ],
)
def test_attack_demo_ends_in_refusal_with_exit_3(attack: str, outcome: str) -> None:
    result = demo("--flow", "sign-pin-reset", "--attack", attack)
    assert result.returncode == 3, result.stdout[-2000:]
    assert result.stdout.splitlines()[-1] == f"outcome: {outcome}"


def test_confirm_lost_in_the_demo_ends_reset_unconfirmed_never_nothing_changed() -> None:
    result = demo("--flow", "sign-pin-reset", "--backend-fault", "confirm")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1] == "outcome: reset_unconfirmed"
    assert any(line.startswith("result  reset.unconfirmed.body") for line in lines)
    assert not any(line.startswith("error") for line in lines), "never 'nothing was changed'"
    assert "delivered later: pin-reset-confirm confirmed" in lines  # once the fault clears


def test_backend_down_before_the_script_is_backend_down() -> None:
    result = demo("--flow", "sign-pin-reset", "--backend-fault", "pin-reset")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "outcome: backend_down"
