"""Every message key has a Japanese and an English text, with the same placeholders, in glyphs the font has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import QApplication

from kiosk.flows.messages import MESSAGES
from ui import i18n
from ui.app import FONT_FAMILY, load_fonts
from ui.strings import UI_MESSAGES

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")
QML_DIR = Path(i18n.ROOT) / "ui" / "qml"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_flow_message_key_has_a_translation(lang: str) -> None:
    translations = i18n.read_ts(i18n.ts_path(lang))
    missing = sorted(set(MESSAGES) - set(translations))
    assert missing == [], f"{lang}: no finished translation for {missing} (run python -m ui.i18n sync, then translate)"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_ui_message_key_has_a_translation(lang: str) -> None:
    translations = i18n.read_ts(i18n.ts_path(lang))
    assert sorted(set(UI_MESSAGES) - set(translations)) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_translations_keep_the_placeholders_of_the_source(lang: str) -> None:
    translations = i18n.read_ts(i18n.ts_path(lang))
    for key, source in i18n.catalogue().items():
        assert set(PLACEHOLDER.findall(translations[key])) == set(PLACEHOLDER.findall(source)), key


def test_japanese_is_really_japanese() -> None:
    """A Japanese text that is the English source was copied, not translated (short codes like OK excepted)."""
    ja = i18n.read_ts(i18n.ts_path("ja"))
    words = {k: PLACEHOLDER.sub("", source) for k, source in i18n.catalogue().items()}
    same = [k for k, source in i18n.catalogue().items() if ja[k] == source and len(words[k].strip()) > 3]
    assert same == []


def test_qm_files_build_and_hold_japanese(tmp_path: Path) -> None:
    built = i18n.build_qm(tmp_path)
    assert set(built) == set(i18n.LANGUAGES)
    assert all(p.stat().st_size > 1000 for p in built.values())


def test_no_tofu_every_character_is_in_the_cjk_font(qapp: QApplication) -> None:
    assert load_fonts(qapp) == FONT_FAMILY
    font = QFont(FONT_FAMILY)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    raw = QRawFont.fromFont(font)
    assert raw.familyName() == FONT_FAMILY
    texts = [t for lang in i18n.LANGUAGES for t in i18n.read_ts(i18n.ts_path(lang)).values()]
    texts += [p.read_text(encoding="utf-8") for p in QML_DIR.rglob("*.qml")]
    texts.append("田中太郎髙橋美咲渡邊茂伊藤キヨ")  # the personas' names, variant kanji included
    missing = sorted({ch for t in texts for ch in t if ch.isprintable() and not ch.isspace()} - _supported(raw, texts))
    assert missing == []


def _supported(raw: QRawFont, texts: list[str]) -> set[str]:
    # glyphIndexesForString, not supportsCharacter: the latter answers wrongly for some kanji in PySide6 6.12.
    return {ch for t in texts for ch in set(t) if raw.glyphIndexesForString(ch) != [0]}
