"""The layout check behind ``mynakiosk screenshots --check``: walk the rendered item tree of every sample screen
in every language and display mode and name each problem a resident would meet.

Problems found:

- a text truncated (elided), or wider or taller than its box, or outside the window, or sticking out of its button;
- an interactive item (a button, a key) outside the window or under the footer;
- a touch target below the kiosk's minimum (15 mm at the panel's pixels per millimetre);
- a key smaller in large-text mode than in the standard mode (large text must never shrink the keys);
- a wrapped line that holds a single character (「カードあり」 stacked one character per line, a lone 「い」).

Text inside a scrolling area (a ``Flickable``) is judged against that area, not the window: it can be scrolled to.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtQuick import QQuickItem

from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.i18n import LANGUAGES
from ui.qmlmodule import Display, engine_child
from ui.render import TECHNICIAN_STATES, RenderError, grab, none_guard, sample_ui, show_technician
from ui.technician import SimBench

MIN_TOUCH_MM = 15.0
MODES: dict[str, tuple[bool, bool]] = {  # name: (large text, high contrast)
    "standard": (False, False),
    "large-text": (True, False),
    "high-contrast": (False, True),
}
_SLACK = 1.5  # px: rounding in the layouts
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one screen: where (sample, language, mode), what (the item's text or name) and why."""

    sample: str
    lang: str
    mode: str
    what: str
    why: str

    def __str__(self) -> str:
        return f"{self.sample} [{self.lang}, {self.mode}] {self.what!r}: {self.why}"


def _items(root: QQuickItem) -> Iterator[QQuickItem]:
    yield root
    for child in root.childItems():
        yield from _items(child)


def _visible(
    root: QQuickItem, above: tuple[QQuickItem, ...] = ()
) -> Iterator[tuple[QQuickItem, tuple[QQuickItem, ...]]]:
    """Visible items with a size, each with its ancestors (nearest first); an invisible item hides its subtree.
    The ancestors are collected on the way down: asking PySide for the root's parent (None) again and again
    corrupts None's reference count."""
    if not root.isVisible() or root.opacity() <= 0:
        return
    if root.width() > 0 and root.height() > 0:
        yield root, above
    for child in root.childItems():
        yield from _visible(child, (root, *above))


def _rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _scroller(above: tuple[QQuickItem, ...]) -> QQuickItem | None:
    return next((a for a in above if a.inherits("QQuickFlickable")), None)


def _in_footer(above: tuple[QQuickItem, ...]) -> bool:
    return any(a.objectName() == "footer" for a in above)


def _interactive(item: QQuickItem) -> bool:
    return item.inherits("QQuickAbstractButton")


def _label(item: QQuickItem) -> str:
    text = str(item.property("text") or item.property("label") or "")
    return text or item.objectName() or item.metaObject().className()


def visible_chars(text: str) -> str:
    """The characters a reader sees: no spaces, no zero-width break marks."""
    return "".join(c for c in text if not c.isspace() and c not in _ZERO_WIDTH)


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def wrapped_lines(text: str, font: QFont, width: float) -> list[str]:
    """The lines Qt's text layout makes of ``text`` at ``width`` (Text.Wrap: at word boundaries, else anywhere)."""
    lines: list[str] = []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
        layout.endLayout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
    return lines


def single_character_lines(text: str, font: QFont, width: float) -> list[str]:
    """Wrapped lines holding one character (punctuation aside) of a text that has more than one."""
    if len([c for c in visible_chars(text) if not _is_punctuation(c)]) < 2:
        return []
    found = []
    for paragraph in text.split("\n"):
        lines = wrapped_lines(paragraph, font, width)
        if len(lines) < 2:
            continue  # a paragraph of one line is what was written
        for line in lines:
            letters = [c for c in visible_chars(line) if not _is_punctuation(c)]
            if len(letters) <= 1 and visible_chars(line):
                found.append(line)
    return found


def check_window(ui: KioskUi, *, px_per_mm: float) -> list[tuple[str, str]]:
    """(what, why) for every problem on the screen shown now."""
    grab(ui)  # a grab renders the scene and polishes every layout: sizes are final afterwards
    window = QRectF(0, 0, ui.window.width(), ui.window.height()).adjusted(-1, -1, 1, 1)
    footer = next((i for i in _items(ui.window.contentItem()) if i.objectName() == "footer"), None)
    footer_rect = _rect(footer).adjusted(1, 1, -1, -1) if footer is not None and footer.isVisible() else None
    min_px = MIN_TOUCH_MM * px_per_mm - _SLACK
    found: list[tuple[str, str]] = []
    for item, above in _visible(ui.window.contentItem()):
        rect = _rect(item)
        scroller = _scroller(above)
        bounds = window if scroller is None else _rect(scroller.property("contentItem")).adjusted(-1, -1, 1, 1)
        if item.inherits("QQuickText"):
            found.extend((_label(item), why) for why in _text_problems(item, above, rect, bounds))
        elif _interactive(item):
            name = _label(item)
            if not bounds.contains(rect):
                found.append((name, f"outside the {'window' if scroller is None else 'scroll area'} at {_box(rect)}"))
            if footer_rect is not None and not _in_footer(above) and scroller is None and rect.intersects(footer_rect):
                found.append((name, f"under the footer at {_box(rect)}"))
            if item.width() < min_px or item.height() < min_px:
                found.append(
                    (name, f"touch target {item.width():.0f}x{item.height():.0f} px, under {MIN_TOUCH_MM:g} mm")
                )
    return found


def _text_problems(item: QQuickItem, above: tuple[QQuickItem, ...], rect: QRectF, bounds: QRectF) -> list[str]:
    text = str(item.property("text") or "")
    if not text.strip():
        return []
    why = []
    width, height = item.width(), item.height()
    content_w = float(item.property("contentWidth"))
    content_h = float(item.property("contentHeight"))
    if item.property("truncated"):
        why.append("truncated")
    if content_w > width + _SLACK:
        why.append(f"content {content_w:.0f} px wider than its box {width:.0f} px")
    if content_h > height + _SLACK:
        why.append(f"content {content_h:.0f} px taller than its box {height:.0f} px")
    if not bounds.contains(rect):
        why.append(f"outside the window at {_box(rect)}")
    button = next((a for a in above if a.inherits("QQuickAbstractButton")), None)
    if button is not None and not _rect(button).adjusted(-1, -1, 1, 1).contains(rect):
        why.append("sticks out of its button")
    font = item.property("font")
    if isinstance(font, QFont) and int(item.property("lineCount") or 1) > 1:
        lone = single_character_lines(text, font, width)
        if lone:
            why.append(f"a line holds a single character: {', '.join(repr(x) for x in lone)}")
    return why


def _box(rect: QRectF) -> str:
    return f"({rect.x():.0f}, {rect.y():.0f}, {rect.width():.0f}x{rect.height():.0f})"


def _key_heights(ui: KioskUi) -> dict[str, float]:
    return {
        i.objectName(): i.height()
        for i, _ in _visible(ui.window.contentItem())
        if _interactive(i) and i.objectName().startswith("key_")
    }


def check_samples(
    languages: Sequence[str],
    modes: Sequence[str] = tuple(MODES),
    *,
    names: Sequence[str] | None = None,
    bench: SimBench | None = None,
) -> list[Problem]:
    """Every problem on every sample screen (and the technician screens when ``names`` is None), in every language
    and mode. Keys are also compared with the standard mode's: large text never shrinks them."""
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise RenderError(f"unknown display mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    strange = [lang for lang in languages if lang not in LANGUAGES]
    if strange:
        raise RenderError(f"unknown language(s) {', '.join(strange)}; choose from {', '.join(LANGUAGES)}")
    problems: list[Problem] = []
    standard_keys: dict[tuple[str, str], dict[str, float]] = {}
    with sample_ui(bench=bench) as (ui, driver):
        px_per_mm = float(engine_child(ui.engine, Display).property("pxPerMm"))
        wanted = list(names) if names is not None else [s.name for s in driver.samples]
        missing = sorted(set(wanted) - {s.name for s in driver.samples})
        if missing:
            raise RenderError(f"no sample(s) {', '.join(missing)}; `mynakiosk screenshots --help` lists how to choose")
        screens = [*wanted, *(TECHNICIAN_STATES if names is None else ())]
        ordered = sorted(modes, key=lambda m: m != "standard")  # the standard keys first, to compare against
        if "large-text" in ordered and "standard" not in ordered:
            ordered.insert(0, "standard")
        for mode in ordered:
            for lang in languages:
                for name in screens:
                    with none_guard():
                        problems.extend(_check_one(ui, driver, name, lang, mode, modes, standard_keys, px_per_mm))
                with none_guard():
                    ui.technician.close()
    return problems


def _check_one(
    ui: KioskUi,
    driver: SampleDriver,
    name: str,
    lang: str,
    mode: str,
    modes: Sequence[str],
    standard_keys: dict[tuple[str, str], dict[str, float]],
    px_per_mm: float,
) -> list[Problem]:
    large, contrast = MODES[mode]
    _show(ui, driver, name, lang, large=large, contrast=contrast)
    keys = _key_heights(ui)
    if mode == "standard":
        standard_keys[(name, lang)] = keys
    if mode not in modes:
        return []
    problems = [Problem(name, lang, mode, what, why) for what, why in check_window(ui, px_per_mm=px_per_mm)]
    if large:
        for key, height in keys.items():
            before = standard_keys.get((name, lang), {}).get(key)
            if before is not None and height < before - _SLACK:
                why = f"key {height:.0f} px high, {before:.0f} px in standard mode"
                problems.append(Problem(name, lang, mode, key, why))
    return problems


def _show(ui: KioskUi, driver: SampleDriver, name: str, lang: str, *, large: bool, contrast: bool) -> None:
    if name in TECHNICIAN_STATES:
        show_technician(ui, name)
    else:
        if ui.technician.property("active"):
            ui.technician.close()
        driver.show(name)  # first: the start screen restores the start language and modes
    ui.vm.setLanguage(lang)
    ui.vm.setLargeText(large)
    ui.vm.setHighContrast(contrast)
