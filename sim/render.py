"""Images rendered with a Japanese font: the chip's name, address, security-code and My Number images
(PNG, as in 券面AP ``DF 25``/``DF 26``/``DF 2A`` and the back-face ``DF 41``) and a picture of the printed
card front for camera and OCR tests.

Every text is checked against the font's character map first: a glyph the font lacks raises
``RenderError`` instead of drawing a "tofu" box.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from sim.dates import japanese_date
from sim.errors import RenderError

_FONT_CANDIDATES: Final = (
    # (path, face index): index 0 of the Noto CJK collections is the Japanese face
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 0),
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 0),
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), 0),
)
_NOT_A_CHARACTER: Final = "\U0010fffd"  # private use, never in the font: renders as .notdef

CARD_FRONT_SIZE: Final = (1011, 638)
"""ID-1 card (85.60 × 53.98 mm) at 300 dpi."""


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK JP at ``size`` pixels; ``RenderError`` if fonts-noto-cjk is not installed."""
    for path, index in _FONT_CANDIDATES:
        if path.exists():
            return ImageFont.truetype(str(path), size, index=index)
    raise RenderError("no Japanese font found: install the Debian package fonts-noto-cjk")


def missing_glyphs(text: str, face: ImageFont.FreeTypeFont) -> list[str]:
    """Characters of ``text`` that ``face`` would draw as the .notdef box."""
    notdef = _glyph(_NOT_A_CHARACTER, face)
    return sorted({c for c in text if not c.isspace() and _glyph(c, face) == notdef})


def _glyph(char: str, face: ImageFont.FreeTypeFont) -> bytes:
    size = int(face.size * 2)
    image = Image.new("L", (size, size), 0)
    ImageDraw.Draw(image).text((0, 0), char, font=face, fill=255)
    return image.tobytes()


def _checked(text: str, face: ImageFont.FreeTypeFont) -> str:
    missing = missing_glyphs(text, face)
    if missing:
        codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
        raise RenderError(f"the Japanese font has no glyph for {codes}")
    return text


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (Japanese text breaks between any characters)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and face.getlength(line + char) > width:
            lines.append(line)
            line = "" if char.isspace() else char
        else:
            line += char
    if line:
        lines.append(line)
    return lines


def text_png(text: str, *, width: int, font_size: int, max_lines: int) -> bytes:
    """Black text on white, 1 bit per pixel, wrapped to ``width`` pixels and at most ``max_lines``."""
    face = font(font_size)
    lines = _wrap(_checked(text, face), face, width - 8)
    if len(lines) > max_lines:
        raise RenderError(f"text needs {len(lines)} lines, the image holds {max_lines}")
    line_height = int(font_size * 1.35)
    image = Image.new("L", (width, line_height * max_lines + 8), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((4, 4 + i * line_height), line, font=face, fill=0)
    return _png(image.convert("1", dither=Image.Dither.NONE))


def name_png(name: str) -> bytes:
    """券面AP ``DF 25``: the name image."""
    return text_png(name, width=600, font_size=40, max_lines=1)


def address_png(address: str) -> bytes:
    """券面AP ``DF 26``: the address image (up to three lines)."""
    return text_png(address, width=600, font_size=28, max_lines=3)


def security_code_png(code: str) -> bytes:
    """券面AP ``DF 2A``: the security code image."""
    return text_png(code, width=160, font_size=40, max_lines=1)


def my_number_png(my_number: str) -> bytes:
    """券面AP back face ``DF 41``: the My Number in groups of four."""
    grouped = " ".join(my_number[i : i + 4] for i in range(0, len(my_number), 4))
    return text_png(grouped, width=480, font_size=44, max_lines=1)


@dataclass(frozen=True)
class PrintedFront:
    """What is printed on the card front: never the My Number (it is on the back)."""

    name: str
    address: str
    birth_date: dt.date
    sex_label: str  # 男 / 女 / blank
    card_expiry: dt.date
    security_code: str


def card_front_png(front: PrintedFront, photo: Image.Image) -> bytes:
    """A flat picture of the printed card front, 1011 × 638 px, with the colour ``photo`` on the right."""
    image = Image.new("RGB", CARD_FRONT_SIZE, (246, 243, 236))
    draw = ImageDraw.Draw(image)
    _background(draw)
    label, small, body, large = font(20), font(24), font(30), font(44)
    draw.text((36, 30), "氏名", font=label, fill=(70, 70, 70))
    draw.text((100, 18), _checked(front.name, large), font=large, fill=(0, 0, 0))
    draw.text((36, 108), "住所", font=label, fill=(70, 70, 70))
    for i, line in enumerate(_wrap(_checked(front.address, body), body, 560)[:3]):
        draw.text((100, 100 + i * 40), line, font=body, fill=(0, 0, 0))
    draw.text((36, 246), "生年月日", font=label, fill=(70, 70, 70))
    draw.text((130, 238), f"{japanese_date(front.birth_date)}生", font=body, fill=(0, 0, 0))
    draw.text((470, 246), "性別", font=label, fill=(70, 70, 70))
    draw.text((530, 238), front.sex_label, font=body, fill=(0, 0, 0))
    draw.rectangle((30, 300, 640, 356), outline=(120, 120, 120), width=2)
    expiry = front.card_expiry
    draw.text((46, 308), f"{expiry.year}年{expiry.month:2d}月{expiry.day:2d}日まで有効", font=body, fill=(0, 0, 0))
    draw.text((36, 380), "電子証明書の有効期限の確認欄", font=label, fill=(70, 70, 70))
    for i in range(4):
        draw.rectangle((36 + i * 150, 410, 176 + i * 150, 470), outline=(150, 150, 150), width=1)
    draw.text((36, 500), "セキュリティコード", font=label, fill=(70, 70, 70))
    draw.text((230, 488), _checked(front.security_code, body), font=body, fill=(0, 0, 0))
    draw.text((36, 584), "見本 TEST CARD — 架空の人物", font=small, fill=(200, 30, 30))
    draw.text((700, 24), "個人番号カード", font=body, fill=(30, 60, 120))
    image.paste(photo.convert("RGB").resize((270, 347), Image.Resampling.LANCZOS), (700, 80))
    draw.rectangle((700, 80, 970, 427), outline=(90, 90, 90), width=2)
    return _png(image)


def _background(draw: ImageDraw.ImageDraw) -> None:
    """A faint guilloche-like line pattern, so camera tests do not see a flat page."""
    width, height = CARD_FRONT_SIZE
    for x in range(-height, width, 24):
        draw.line((x, height, x + height, 0), fill=(236, 232, 224), width=1)
