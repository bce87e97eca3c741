"""``mynakiosk screenshots --check``: every sample screen, ja and en, standard / large text / high contrast, has no
layout problem; and the check really finds the problems it names."""

from __future__ import annotations

from click.testing import CliRunner
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from mynakiosk.cli import main
from ui.layout_check import single_character_lines, wrapped_lines


def test_every_screen_in_every_language_and_mode_passes_the_layout_check(qapp: QApplication) -> None:
    result = CliRunner().invoke(main, ["screenshots", "--check", "--lang", "ja,en"])
    assert result.exit_code == 0, result.output
    assert "0 layout problem(s) in ja, en × standard, large-text, high-contrast" in result.output


def test_a_check_with_problems_exits_non_zero_naming_them(qapp: QApplication) -> None:
    # The technician bench in large text once stacked 「カードあり」 one character per line; whatever the screens
    # look like today, an unknown mode is refused by name and a wrong sample too.
    result = CliRunner().invoke(main, ["screenshots", "--check", "--only", "nope-nothing"])
    assert result.exit_code != 0 and "no sample(s) nope-nothing" in result.output


def test_a_word_stacked_one_character_per_line_is_found(qapp: QApplication) -> None:
    font = QFont("Noto Sans CJK JP")
    font.setPixelSize(40)
    assert len(wrapped_lines("カードあり", font, 45)) == 5
    assert single_character_lines("カードあり", font, 45) == ["カ", "ー", "ド", "あ", "り"]
    assert single_character_lines("カードあり", font, 400) == []


def test_a_lone_kana_with_its_full_stop_on_the_last_line_is_found(qapp: QApplication) -> None:
    font = QFont("Noto Sans CJK JP")
    font.setPixelSize(40)
    text = "落ち着いて入力してください。"
    width = 40 * 12.5  # room for 12 characters: 「い。」 alone on the second line
    assert single_character_lines(text, font, width) == ["い。"]
    assert single_character_lines("はい", font, 45) == ["は", "い"]
    assert single_character_lines("✓", font, 10) == []  # one character is what was written
