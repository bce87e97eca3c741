"""Receipts: the result screen's words, in the resident's language, as a one-page PDF (the demo's "printer").

The flow leaves printing to the front end ("prints the receipt from the view's params"). A receipt holds only what
the result screen showed: its title, its body with the reference or application number, and the date. No name, no
address, no photo. A kiosk with a real printer would send the same PDF to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.flows.view import View

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.:]+)\}")


class ReceiptError(RuntimeError):
    """The receipt could not be written; the message names the file."""


def fill(text: str, params: Mapping[str, object]) -> str:
    """``{name}`` placeholders replaced from ``params`` (unknown ones left as they are, like the screens do)."""
    return PLACEHOLDER.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def write_receipt(
    view: View, translate: Callable[[str], str], out_dir: Path, *, font_family: str, now: datetime | None = None
) -> Path:
    """Write ``receipt-<time>.pdf`` for a result View into ``out_dir`` and return its path."""
    when = now or datetime.now().astimezone()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"receipt-{when:%Y%m%d-%H%M%S-%f}.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    writer.setPageMargins(QMarginsF(8, 8, 8, 8), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    painter = QPainter()
    if not painter.begin(writer):
        raise ReceiptError(f"cannot write receipt {path}: check the folder is writable")
    try:
        paint_receipt(painter, view, translate, font_family=font_family, when=when)
    finally:
        painter.end()
    return path


def paint_receipt(
    painter: QPainter, view: View, translate: Callable[[str], str], *, font_family: str, when: datetime
) -> None:
    """Draw the receipt on any paint device (the PDF, or an image to look at)."""
    area = QRectF(painter.window())  # logical coordinates, whatever the device
    gap = area.height() / 40
    y = 0.0
    for text, size, bold in (
        (translate("attract.title"), 9, False),
        (fill(translate(view.title), view.params), 13, True),
        (fill(translate(view.body), view.params), 10, False),
        (f"{when:%Y-%m-%d %H:%M}", 9, False),
    ):
        font = QFont(font_family)
        font.setPointSize(size)
        font.setBold(bold)
        painter.setFont(font)
        box = QRectF(area.left(), area.top() + y, area.width(), area.height() - y)
        flags = int(Qt.TextFlag.TextWordWrap)
        used = painter.boundingRect(box, flags, text)
        painter.drawText(box, flags, text)
        y += used.height() + gap
