"""Helpers the application modules share."""

from __future__ import annotations

from sim.errors import CardImageError
from sim.image import CardImage


def contents(image: CardImage, app: str, fid: int) -> bytes:
    """A file the application always has; ``CardImageError`` if the image lacks it."""
    data = image.file(app, fid)
    if data is None:
        raise CardImageError(f"card image has no {app} EF {fid:04X}")
    return data


def fid_key(fid: int) -> str:
    """The key of a file in a card image (4 upper-case hex digits)."""
    return f"{fid:04X}"
