"""The real QML, offscreen: every sample screen in both languages fits, has the language switch, big targets."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtQuick import QQuickItem

from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.render import grab, settle
from ui.samples import samples

from .qml_tree import misfits, named, one, overlaps, scene_rect, visible_items

SAMPLES = [s.name for s in samples()]


def _show(kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str, *, large: bool = False) -> KioskUi:
    ui, driver = kiosk
    driver.show(name)  # first: the start screen restores the start language and modes
    ui.vm.setLanguage(lang)
    ui.vm.setLargeText(large)
    grab(ui)  # a grab renders the scene, which polishes every layout: sizes are final afterwards
    return ui


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_is_elided_or_overflows(sample_kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str) -> None:
    ui = _show(sample_kiosk, name, lang)
    assert misfits(ui) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_overflows_in_large_text_mode(sample_kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str) -> None:
    ui = _show(sample_kiosk, name, lang, large=True)
    try:
        assert misfits(ui) == []
    finally:
        ui.vm.setLargeText(False)


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_overlaps_another(
    sample_kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str, large: bool
) -> None:
    ui = _show(sample_kiosk, name, lang, large=large)
    try:
        assert overlaps(ui) == []
    finally:
        ui.vm.setLargeText(False)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_screen_has_the_language_switch(sample_kiosk: tuple[KioskUi, SampleDriver], name: str) -> None:
    ui = _show(sample_kiosk, name, "ja")
    switch = one(ui, "languageSwitch")
    window = scene_rect(ui.window.contentItem())
    assert window.contains(scene_rect(switch))
    assert {i.objectName() for i in visible_items(ui)} >= {"lang_ja", "lang_en"}


@pytest.mark.parametrize("name", SAMPLES)
def test_buttons_are_at_least_15_mm_and_in_the_window(sample_kiosk: tuple[KioskUi, SampleDriver], name: str) -> None:
    ui = _show(sample_kiosk, name, "en")
    min_px = 15 * 4.0  # the default 4 px/mm panel
    window = scene_rect(ui.window.contentItem())
    for button in (i for i in visible_items(ui) if i.inherits("QQuickAbstractButton")):
        assert button.width() >= min_px and button.height() >= min_px, button.objectName()
        assert window.adjusted(-1, -1, 1, 1).contains(scene_rect(button)), button.objectName()


@pytest.mark.parametrize("name", [n for n in SAMPLES if not n.startswith("staff")])
def test_resident_actions_sit_in_the_lower_half(sample_kiosk: tuple[KioskUi, SampleDriver], name: str) -> None:
    """Reachable from a wheelchair: every action button of the View is in the lower half of the portrait screen."""
    ui = _show(sample_kiosk, name, "ja")
    half = ui.window.height() / 2
    for button in (i for i in visible_items(ui) if i.objectName().startswith("action_")):
        assert scene_rect(button).top() >= half, button.objectName()


def test_high_contrast_changes_the_colours_but_keeps_the_words(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "error-backend_down", "ja")
    normal = ui.window.grabWindow()
    ui.vm.setHighContrast(True)
    try:
        settle(ui)
        contrast = ui.window.grabWindow()
        assert contrast.pixelColor(5, 5) != normal.pixelColor(5, 5)
        assert misfits(ui) == []
        assert named(ui, "title")
    finally:
        ui.vm.setHighContrast(False)


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("contrast_mode", [False, True])
@pytest.mark.parametrize("name", SAMPLES)
def test_button_text_is_readable_on_its_button(
    sample_kiosk: tuple[KioskUi, SampleDriver], name: str, contrast_mode: bool
) -> None:
    """WCAG AA (4.5:1) between every enabled button's text and the button's own colour, in both colour modes."""
    ui, _ = sample_kiosk
    ui.vm.setHighContrast(contrast_mode)
    try:
        _show(sample_kiosk, name, "ja")
        for button in (i for i in visible_items(ui) if i.inherits("QQuickAbstractButton") and i.isEnabled()):
            background = button.property("background")
            caption = next(t for t in visible_items(ui) if t.objectName() == "buttonText" and _inside(t, button))
            ratio = _contrast(caption.property("color"), background.property("color"))
            assert ratio >= 4.5, f"{button.objectName()}: {ratio:.1f}:1"
    finally:
        ui.vm.setHighContrast(False)


def _inside(item: QQuickItem, ancestor: QQuickItem) -> bool:
    parent = item.parentItem()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parentItem()
    return False
