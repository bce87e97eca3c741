"""Walking the live QML item tree: find items, and find text that does not fit its box."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtQuick import QQuickItem

from ui.app import KioskUi
from ui.i18n import plain
from ui.render import grab


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    yield root
    for child in root.childItems():
        yield from items(child)


def visible_items(ui: KioskUi) -> Iterator[QQuickItem]:
    for item in items(ui.window.contentItem()):
        if item.isVisible() and item.opacity() > 0 and item.width() > 0 and item.height() > 0:
            yield item


def named(ui: KioskUi, name: str) -> list[QQuickItem]:
    return [i for i in visible_items(ui) if i.objectName() == name]


def one(ui: KioskUi, name: str) -> QQuickItem:
    found = named(ui, name)
    assert len(found) == 1, f"expected one visible {name!r}, found {len(found)}"
    return found[0]


def text_of(item: QQuickItem) -> str:
    """The words an item shows, without the phrase marks Japanese carries for line breaking (ui.i18n)."""
    return plain(str(item.property("text") or ""))


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def centre(item: QQuickItem) -> QPointF:
    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2))


@dataclass(frozen=True)
class Misfit:
    text: str
    why: str


def _ancestors(item: QQuickItem) -> Iterator[QQuickItem]:
    parent = item.parentItem()
    while parent is not None:
        yield parent
        parent = parent.parentItem()


def misfits(ui: KioskUi) -> list[Misfit]:
    """Every visible text that is elided, wider or taller than its box, or outside the window or its button."""
    grab(ui)  # polishes the layouts (a grab renders the scene), so sizes are final
    window = QRectF(0, 0, ui.window.width(), ui.window.height())
    found: list[Misfit] = []
    for item in visible_items(ui):
        if not item.inherits("QQuickText"):
            continue
        text = str(item.property("text") or "")
        if not text.strip():
            continue
        width, height = item.width(), item.height()
        content_w = float(item.property("contentWidth"))
        content_h = float(item.property("contentHeight"))
        if item.property("truncated"):
            found.append(Misfit(text, "truncated"))
        if content_w > width + 1.5:
            found.append(Misfit(text, f"content {content_w:.0f} px wider than box {width:.0f} px"))
        if content_h > height + 1.5:
            found.append(Misfit(text, f"content {content_h:.0f} px taller than box {height:.0f} px"))
        rect = scene_rect(item)
        # Inside a scrolling area a text is judged against that area (it can be scrolled to), as the layout check
        # (ui/layout_check.py) does; elsewhere against the window.
        scroller = next((a for a in _ancestors(item) if a.inherits("QQuickFlickable")), None)
        bounds = window if scroller is None else scene_rect(scroller.property("contentItem"))
        if not bounds.adjusted(-1, -1, 1, 1).contains(rect):
            where = "the window" if scroller is None else "its scroll area"
            found.append(Misfit(text, f"outside {where} at {rect.getRect()}"))
        button = next((a for a in _ancestors(item) if a.inherits("QQuickAbstractButton")), None)
        if button is not None and not scene_rect(button).adjusted(-1, -1, 1, 1).contains(rect):
            found.append(Misfit(text, "sticks out of its button"))
    return found


LAYERS = ("pageLoader", "footer", "idleDialog", "notice")


def _layer(item: QQuickItem) -> str:
    for ancestor in _ancestors(item):
        if ancestor.objectName() in LAYERS:
            return ancestor.objectName()
    return ""


def _text_box(item: QQuickItem) -> QRectF:
    """The box a text's lines take: its item's width, and as tall as its content (PySide cannot read the
    alignment enum back, so the horizontal extent is the whole item); inside a scrolling area only the part it
    shows (the rest is clipped, not drawn over what lies beyond)."""
    height = min(float(item.property("contentHeight")), item.height())
    box = item.mapRectToScene(QRectF(0, 0, item.width(), height))
    scroller = next((a for a in _ancestors(item) if a.inherits("QQuickFlickable")), None)
    return box if scroller is None else box.intersected(scene_rect(scroller))


def overlaps(ui: KioskUi) -> list[tuple[str, str]]:
    """Pairs of visible texts of the same layer (page, footer, dialog) whose drawn text boxes intersect."""
    grab(ui)
    texts = [
        i for i in visible_items(ui)
        if i.inherits("QQuickText") and str(i.property("text") or "").strip() and _layer(i)
    ]  # fmt: skip
    # A text scrolled wholly out of its scrolling area is not drawn: its clipped box is empty (and an empty box,
    # shrunk by a pixel, would have a negative size that "intersects" every other such box).
    boxes = [(t, box.adjusted(1, 1, -1, -1), _layer(t)) for t in texts if not (box := _text_box(t)).isEmpty()]
    found = []
    for n, (a, box_a, layer_a) in enumerate(boxes):
        for b, box_b, layer_b in boxes[n + 1 :]:
            if layer_a == layer_b and box_a.intersects(box_b) and not _covered_on_purpose(a, b):
                found.append((str(a.property("text")), str(b.property("text"))))
    return found


def _covered_on_purpose(a: QQuickItem, b: QQuickItem) -> bool:
    # The camera prompt and guide are drawn over the camera picture by design (never over other text).
    return any(x.objectName() == "cameraView" for x in (*_ancestors(a), *_ancestors(b)))
