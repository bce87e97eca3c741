"""The copy pass: words docs/glossary.md rules out stay out of the translations; a service the kiosk does not offer
is named on the screen that says so."""

from __future__ import annotations

import pytest

from ui import i18n
from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.render import grab

from .qml_tree import one, text_of

RULED_OUT = {"ja": ("落ち着いて", "確かなので", "白黒で", "明るい場所で"), "en": ("I am sure, try it", "in good light")}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_translation_uses_a_word_the_glossary_rules_out(lang: str) -> None:
    translations = i18n.read_ts(i18n.ts_path(lang))
    found = [(k, w) for k, text in translations.items() for w in RULED_OUT[lang] if w in text]
    assert found == []


@pytest.mark.parametrize(
    ("lang", "said"), [("ja", "手続き：カードの更新を申請する"), ("en", "Service: Apply to renew my card")]
)
def test_a_service_not_offered_here_is_named(sample_kiosk: tuple[KioskUi, SampleDriver], lang: str, said: str) -> None:
    ui, driver = sample_kiosk
    driver.show("info-service_unavailable")
    ui.vm.setLanguage(lang)
    grab(ui)
    assert text_of(one(ui, "serviceName")) == said
