"""Japanese breaks between phrases (BudouX), never mid-word: the marks ui.i18n puts in every translation."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.i18n import BREAK_HERE, WORD_JOINER, mark_phrases, plain
from ui.layout_check import wrapped_lines

FONT_PX = 40


def _font() -> QFont:
    font = QFont("Noto Sans CJK JP")
    font.setPixelSize(FONT_PX)
    return font


def _lines_at(text: str, chars: float) -> list[str]:
    return [plain(line) for line in wrapped_lines(mark_phrases(text), _font(), FONT_PX * chars)]


def _plain_lines_at(text: str, chars: float) -> list[str]:
    return wrapped_lines(text, _font(), FONT_PX * chars)


def test_the_issues_examples_no_longer_break_mid_word(qapp: QApplication) -> None:
    # At these widths Qt alone broke 「読み取／り機」「くださ／い。」「落ち／着いて」「照／合します」; marked, it breaks
    # between phrases only.
    examples = {
        "カードを読み取り機に置いてください。": (8.5, ["カードを", "読み取り機に", "置いてください。"]),
        "あと4回入力できます。落ち着いて入力してください。": (
            12.5,
            ["あと4回入力できます。", "落ち着いて", "入力してください。"],
        ),
        "顔写真と照合します": (5.5, ["顔写真と", "照合します"]),
    }
    for text, (chars, phrases) in examples.items():
        assert _plain_lines_at(text, chars) != phrases  # the mid-word break this fixes
        assert _lines_at(text, chars) == phrases
    assert _lines_at("背景は無地の壁にしてください", 3.5)[0] == "背景は"


def test_placeholders_stay_whole_and_the_words_are_unchanged() -> None:
    marked = mark_phrases("あと{tries_left}回まちがえるとロックされます")
    assert "{tries_left}" in marked
    assert plain(marked) == "あと{tries_left}回まちがえるとロックされます"
    assert WORD_JOINER in marked and BREAK_HERE in marked
    assert mark_phrases("Enter your PIN") == "Enter your PIN"  # English keeps its spaces, nothing added
    assert plain(mark_phrases("マイナンバーカード 手続き端末")) == "マイナンバーカード 手続き端末"


def test_every_japanese_translation_reaches_qt_marked_and_the_sources_stay_plain(
    qapp: QApplication, tmp_path: Path
) -> None:
    built = i18n.build_qm(tmp_path)
    translator = QTranslator()
    assert translator.load(os.fspath(built["ja"]))
    source = i18n.read_ts(i18n.ts_path("ja"))
    for key in ("ui.entry.delete", "ui.tries_left"):
        shown = translator.translate("", key) or ""  # ID-based: the id is the source text
        assert plain(shown) == source[key]
        assert WORD_JOINER in shown
    assert all(WORD_JOINER not in v and BREAK_HERE not in v for v in source.values())
