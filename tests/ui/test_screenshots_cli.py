"""``mynakiosk screenshots`` writes screen-state-lang.png files of the real QML, offscreen."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from mynakiosk.cli import main


def test_screenshots_are_named_screen_state_lang_and_portrait(qapp: QApplication, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["screenshots", "--out", str(tmp_path), "--lang", "ja,en", "--only", "pin_entry-auth,error-timeout", "--json"],
    )
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    assert sorted(files) == sorted(
        ["pin_entry-auth-ja.png", "error-timeout-ja.png", "pin_entry-auth-en.png", "error-timeout-en.png"]
    )
    image = QImage(str(tmp_path / "pin_entry-auth-ja.png"))
    assert (image.width(), image.height()) == (1080, 1920)


def test_an_unknown_sample_is_refused_with_the_reason(qapp: QApplication, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screenshots", "--out", str(tmp_path), "--only", "nope-nothing"])
    assert result.exit_code != 0 and "no sample(s) nope-nothing" in result.output
