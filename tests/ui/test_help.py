"""The Help button on every screen: the site's helpline (by default the national My Number toll-free line), and
"ask a member of staff" only where the site is staffed, never at an unattended kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.site_config import NATIONAL_HELPLINE
from ui.help import Help
from ui.i18n import plain
from ui.render import grab, sample_ui

from .qml_tree import misfits, named, one, scene_rect, text_of, visible_items


def _shown_texts(ui: object) -> list[str]:
    return [plain(str(i.property("text"))) for i in visible_items(ui) if i.property("text")]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_unattended_kiosk_gives_the_national_line_and_never_sends_to_staff(qapp: QApplication, lang: str) -> None:
    with sample_ui(lang) as (ui, driver):
        for name in ("attract-default", "error-internal", "error-reader_down", "pin_entry-auth"):
            driver.show(name)
            grab(ui)
            assert one(ui, "helpButton").isEnabled(), f"{name}: no Help button"
        desk = ui.engine.findChild(Help)
        desk.show()
        grab(ui)
        one(ui, "helpDialog")
        assert NATIONAL_HELPLINE in text_of(one(ui, "helpNumber"))
        assert not named(ui, "helpStaff")
        shown = " ".join(_shown_texts(ui))
        assert "係員" not in shown and "staff" not in shown.lower()
        assert ("マイナンバー総合フリーダイヤル" if lang == "ja" else "My Number toll-free") in shown
        desk.close()
        grab(ui)
        assert not named(ui, "helpDialog")


def test_a_staffed_site_also_says_to_ask_the_official(qapp: QApplication) -> None:
    with sample_ui("ja", staffed=True) as (ui, driver):
        driver.show("error-internal")
        ui.engine.findChild(Help).show()
        grab(ui)
        assert "係員" in text_of(one(ui, "helpStaff"))


def test_help_closes_when_the_session_ends(qapp: QApplication) -> None:
    with sample_ui("ja") as (ui, driver):
        driver.show("error-internal")
        desk = ui.engine.findChild(Help)
        desk.show()
        driver.show("attract-default")
        grab(ui)
        assert not desk.property("open")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_the_help_panel_fits_in_every_mode(qapp: QApplication, lang: str, large: bool) -> None:
    with sample_ui(lang, staffed=True) as (ui, driver):
        driver.show("error-internal")
        ui.vm.setLargeText(large)
        ui.engine.findChild(Help).show()
        assert [m for m in misfits(ui) if "helpDialog" in _path(ui, m.text)] == []
        assert overlaps_in(ui, "helpDialog") == []


def _path(ui: object, text: str) -> str:
    for item in visible_items(ui):  # type: ignore[arg-type]
        if str(item.property("text") or "") == text:
            names = []
            parent = item
            while parent is not None:
                names.append(parent.objectName())
                parent = parent.parentItem()
            return "/".join(names)
    return ""


def overlaps_in(ui: object, layer: str) -> list[tuple[str, str]]:
    texts = [i for i in visible_items(ui) if i.inherits("QQuickText") and layer in _path(ui, str(i.property("text")))]  # type: ignore[arg-type]
    boxes = [(str(t.property("text")), scene_rect(t).adjusted(1, 1, -1, -1)) for t in texts]
    return [(a, b) for n, (a, ra) in enumerate(boxes) for b, rb in boxes[n + 1 :] if ra.intersects(rb)]
