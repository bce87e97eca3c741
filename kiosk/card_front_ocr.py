"""Reading the three numbers PIN-B needs from a camera picture of the card front (Tesseract OCR, Japanese).

What the card front prints (the kiosk never looks at the back, which holds the My Number):
birth date ``昭和56年 3月14日生`` (Japanese era for Japanese nationals; Western years for many foreign residents),
card expiry ``2036年 3月14日まで有効``, and ``セキュリティコード 7687``. OCR only PRE-FILLS the entry fields: the
resident confirms every number before the kiosk presents PIN-B, because a wrong PIN-B costs a try.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from typing import Any

ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_BIRTH_ERA = re.compile(r"(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*生")
_BIRTH_WESTERN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*生")
_EXPIRY = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*ま\s*で\s*有\s*効")
_CODE = re.compile(r"セ\s*キ\s*ュ\s*リ\s*テ\s*ィ\s*コ\s*ー\s*ド\D{0,4}(\d\s*\d\s*\d\s*\d)")
TIMEOUT_S = 15.0


class OcrUnavailable(Exception):
    """Tesseract (with Japanese) is not installed here: the kiosk offers typing only."""


@dataclass(frozen=True)
class CardFrontNumbers:
    birth_date: str | None = field(default=None, repr=False)  # YYYYMMDD
    expiry_year: str | None = field(default=None, repr=False)
    security_code: str | None = field(default=None, repr=False)

    @property
    def complete(self) -> bool:
        return bool(self.birth_date and self.expiry_year and self.security_code)


def available() -> bool:
    return shutil.which("tesseract") is not None


def parse(text: str) -> CardFrontNumbers:
    """The numbers found in OCR output (full-width digits and stray spaces tolerated)."""
    text = unicodedata.normalize("NFKC", text)
    birth = None
    if m := _BIRTH_ERA.search(text):
        era, year, month, day = m.groups()
        birth = _date(ERAS[era] + (1 if year == "元" else int(year)), int(month), int(day))
    elif m := _BIRTH_WESTERN.search(text):
        birth = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    expiry = m.group(1) if (m := _EXPIRY.search(text)) else None
    code = re.sub(r"\s", "", m.group(1)) if (m := _CODE.search(text)) else None
    return CardFrontNumbers(birth, expiry, code)


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return f"{dt.date(year, month, day):%Y%m%d}"
    except ValueError:
        return None


def read_card_front(frame: Any) -> CardFrontNumbers:
    """OCR one BGR frame of the card front. Raises :class:`OcrUnavailable` when Tesseract is missing."""
    import cv2

    if not available():
        raise OcrUnavailable("tesseract is not installed")
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    ok, png = cv2.imencode(".png", gray)
    if not ok:
        return CardFrontNumbers()
    try:
        result = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "jpn", "--psm", "11"],
            input=bytes(png),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return CardFrontNumbers()
    if result.returncode != 0:
        raise OcrUnavailable("tesseract could not run (is tesseract-ocr-jpn installed?)")
    return parse(result.stdout.decode("utf-8", errors="replace"))
