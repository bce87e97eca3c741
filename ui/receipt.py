"""Receipts: the result screen's words, in the resident's language, as a one-page PDF (the demo's "printer").

The flow leaves printing to the front end ("prints the receipt from the view's params"). A receipt holds only what
the result screen showed: its title, the reference or application number in a box of its own (what the resident
quotes at the counter), the body's next steps, and the date. No name, no address, no birth date, no photo: only the
parameters in :data:`RECEIPT_PARAMS` are filled in, whatever else a View carries. A kiosk with a printer sends the
same PDF to its CUPS queue (``drivers/printer.py``).
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from drivers.printer import CupsPrinter, PrinterError
from kiosk.flows.view import View
from ui.i18n import plain

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.:]+)\}")
log = logging.getLogger(__name__)
# The only View parameters a receipt may print: numbers that identify the application, never the person.
RECEIPT_PARAMS = ("reference", "application_number", "local_reference")


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


def receipt_number(view: View) -> str:
    """The number the resident quotes at the counter, or "" when the View has none."""
    return next((str(view.params[k]) for k in RECEIPT_PARAMS if view.params.get(k)), "")


def paint_receipt(
    painter: QPainter, view: View, translate: Callable[[str], str], *, font_family: str, when: datetime
) -> None:
    """Draw the receipt on any paint device (the PDF, or an image to look at)."""
    area = QRectF(painter.window())  # logical coordinates, whatever the device
    gap = area.height() / 40
    allowed = {k: view.params[k] for k in RECEIPT_PARAMS if k in view.params}
    flags = int(Qt.TextFlag.TextWordWrap)

    def line(text: str, size: int, bold: bool, y: float) -> float:
        font = QFont(font_family)
        font.setPointSize(size)
        font.setBold(bold)
        painter.setFont(font)
        box = QRectF(area.left(), area.top() + y, area.width(), area.height() - y)
        used = painter.boundingRect(box, flags, text)
        painter.drawText(box, flags, text)
        return y + used.height() + gap

    def words(key: str) -> str:
        return plain(fill(translate(key), allowed))  # no phrase marks on paper: nothing wraps mid-word there

    y = line(words("attract.title"), 9, False, 0.0)
    y = line(words(view.title), 13, True, y)
    number = receipt_number(view)
    if number:
        label = "ui.receipt." + next(k for k in RECEIPT_PARAMS if view.params.get(k))  # which number this is
        y = line(words(label), 9, False, y)
        font = QFont(font_family)
        font.setPointSize(18)
        font.setBold(True)
        painter.setFont(font)
        height = painter.boundingRect(area, flags, number).height() * 1.6
        box = QRectF(area.left(), area.top() + y, area.width(), height)
        pen = QPen(Qt.GlobalColor.black)
        pen.setWidthF(max(1.0, area.width() / 200))
        painter.setPen(pen)
        painter.drawRect(box)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), number)
        y += height + gap
    y = line(words(view.body), 10, False, y)
    line(f"{when:%Y-%m-%d %H:%M}", 9, False, y)


def print_receipt(
    view: View,
    translate: Callable[[str], str],
    printer: CupsPrinter,
    keep_dir: Path | None,
    *,
    font_family: str,
    now: datetime | None = None,
) -> str:
    """Print the receipt of a result View on ``printer``; return the UI's message key for what happened.

    The PDF is written into ``keep_dir`` (kept) or a private temporary folder (gone afterwards). An absent printer,
    no paper or a stopped queue each gives its own message; the result screen, with its number, stays."""
    with tempfile.TemporaryDirectory(prefix="mynakiosk-receipt-") as scratch:
        try:
            pdf = write_receipt(view, translate, keep_dir or Path(scratch), font_family=font_family, now=now)
        except (ReceiptError, OSError):
            return "ui.receipt.failed"
        try:
            printer.print_pdf(pdf, title="mynakiosk receipt")
        except PrinterError as exc:
            log.warning("receipt not printed: %s", exc)
            return exc.message_key
    return "ui.receipt.saved"
