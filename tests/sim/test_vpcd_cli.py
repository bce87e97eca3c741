"""``mynakiosk sim serve-vpcd``: argument errors are clear and immediate (no socket is opened for them)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mynakiosk.cli import main


def test_bad_fault_plan_is_a_usage_error(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text("{}")
    result = CliRunner().invoke(main, ["sim", "serve-vpcd", "--card", str(card), "--faults", "explode@3"])
    assert result.exit_code == 2
    assert "--faults" in result.output


def test_unreadable_card_image_names_the_file(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text("not a card image")
    result = CliRunner().invoke(main, ["sim", "serve-vpcd", "--card", str(card), "--port", "1"])
    assert result.exit_code == 1
    assert str(card) in result.output


def test_missing_card_image_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sim", "serve-vpcd", "--card", str(tmp_path / "none.json")])
    assert result.exit_code == 2
