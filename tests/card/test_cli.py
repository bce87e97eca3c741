"""``mynakiosk card read`` / ``card status`` / ``demo`` as a technician runs them (real subprocess, virtual card)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN

MYNAKIOSK = [sys.executable, "-m", "mynakiosk"]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MYNAKIOSK, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **env}, check=False
    )


def test_card_read_prints_the_documented_json(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    pin_b = CardImage.load(path).holder.pin_b
    result = run(
        ["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--pin-b-env", "PINB", "--json"],
        AUTH=DEFAULT_AUTH_PIN,
        PINB=pin_b,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["tries_left"]["auth"] == 3
    assert doc["photo"] == {"format": "jp2", "bytes": doc["photo"]["bytes"], "width": 210, "height": 270}
    assert doc["chip_verified"]["ok"] is True
    assert set(doc["certificates"]) == {"auth", "auth_ca"}
    assert all(set(value) <= {"*", "-"} for value in doc["basic_four"].values()), "personal fields are masked"
    holder = CardImage.load(path).holder
    assert holder.name not in result.stdout and holder.my_number not in result.stdout


def test_show_personal_reveals_the_basic_four_but_never_the_my_number(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    holder = CardImage.load(path).holder
    result = run(
        ["card", "read", "--reader", f"sim:{path}", "--pin-b-env", "PINB", "--json", "--show-personal"],
        PINB=holder.pin_b,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["basic_four"]["name"] == holder.name
    assert holder.my_number not in result.stdout


def test_wrong_pin_exits_non_zero_with_tries_left(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    result = run(["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--json"], AUTH="9999")
    assert result.returncode != 0
    assert json.loads(result.stdout) == {"error": "wrong_pin", "tries_left": 2, "sw": "63C2"}
    assert "wrong" in result.stderr and "2 tries left" in result.stderr
    assert "9999" not in result.stderr + result.stdout


def test_blocked_pin_reports_pin_blocked_and_sends_nothing(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    for _ in range(3):  # the last wrong try is spent on purpose: only --allow-last-try lets the command block a PIN
        run(["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--allow-last-try", "--json"], AUTH="9999")
    result = run(["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--json"], AUTH=DEFAULT_AUTH_PIN)
    assert result.returncode != 0
    assert json.loads(result.stdout)["error"] == "pin_blocked"


def test_malformed_pin_is_refused_before_the_card(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    result = run(["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--json"], AUTH="12a4")
    assert json.loads(result.stdout) == {"error": "pin_format"}
    status = run(["card", "status", "--reader", f"sim:{path}", "--json"])
    assert json.loads(status.stdout)["pins"]["auth"]["tries_left"] == 3


def test_trace_file_is_redacted(card_file: Callable[[str], Path], tmp_path: Path) -> None:
    path = card_file()
    trace = tmp_path / "trace.jsonl"
    result = run(
        ["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--trace", str(trace), "--json"],
        AUTH=DEFAULT_AUTH_PIN,
    )
    assert result.returncode == 0, result.stderr
    text = trace.read_text()
    assert "[secret]" in text and DEFAULT_AUTH_PIN not in text
    assert DEFAULT_AUTH_PIN.encode().hex() not in text.lower()


def test_pin_cannot_be_given_as_an_argument(card_file: Callable[[str], Path]) -> None:
    result = run(["card", "read", "--reader", f"sim:{card_file()}", "--pin", DEFAULT_AUTH_PIN])
    assert result.returncode == 2 and "No such option" in result.stderr


def test_demo_card_read_runs_end_to_end() -> None:
    result = run(["demo", "--flow", "card-read", "--json"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["chip_verified"]["ok"] is True


def _tries(path: Path) -> dict[str, int | None]:
    status = run(["card", "status", "--reader", f"sim:{path}", "--json"])
    assert status.returncode == 0, status.stderr
    return {name: (pin or {}).get("tries_left") for name, pin in json.loads(status.stdout)["pins"].items()}


def test_card_read_refuses_the_last_try_and_sends_nothing(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    args = ["card", "read", "--reader", f"sim:{path}", "--pin-env", "AUTH", "--json"]
    for expected in (2, 1):
        wrong = run(args, AUTH="9999")
        assert json.loads(wrong.stdout)["tries_left"] == expected
    refused = run(args, AUTH="9999")
    assert refused.returncode != 0
    assert json.loads(refused.stdout) == {"error": "last_try", "tries_left": 1}
    assert _tries(path)["auth"] == 1, "no VERIFY was sent"
    allowed = run([*args, "--allow-last-try"], AUTH=DEFAULT_AUTH_PIN)
    assert allowed.returncode == 0, allowed.stderr
    assert _tries(path)["auth"] == 3


def test_card_read_refuses_the_last_try_of_pin_b_too(card_file: Callable[[str], Path]) -> None:
    path = card_file()
    with MyNumberCard(SimReader.from_file(path).connect()) as card:  # the card keeps its counters in its file
        for _ in range(9):
            with pytest.raises(WrongPin):
                card.verify(Pins.VISUAL_PIN_B, Pin("80010120309999"))
    args = ["card", "read", "--reader", f"sim:{path}", "--pin-b-env", "PINB", "--json"]
    refused = run(args, PINB=CardImage.load(path).holder.pin_b)
    assert json.loads(refused.stdout) == {"error": "last_try", "tries_left": 1}
    assert _tries(path)["visual_pin_b"] == 1
