"""The four applications of the My Number Card, each as data (how personalisation lays out its files) and
rules (which files exist and what reading or using them needs)."""

from __future__ import annotations

from sim.apps import jpki, juki, kenhojo, kenkaku
from sim.errors import CardImageError
from sim.image import CardImage
from sim.os.files import DedicatedFile, KeyEf, PinEf
from sim.profile import KeyId


def applications(image: CardImage) -> list[DedicatedFile]:
    """Every application of ``image``, in the order a host usually selects them.

    Raises ``CardImageError`` if the image lacks a file, PIN or key that an application needs.
    """
    dfs = [jpki.application(image), kenhojo.application(image), kenkaku.application(image), juki.application(image)]
    for df in dfs:
        for ef in df.efs.values():
            if isinstance(ef, PinEf) and ef.pin not in image.pins:
                raise CardImageError(f"card image has no PIN {ef.pin.value} for EF {ef.fid:04X}")
            if isinstance(ef, KeyEf) and ef.key not in image.keys:
                raise CardImageError(f"card image has no key {ef.key.value} for EF {ef.fid:04X}")
        if df.internal_auth and KeyId.CARD not in image.keys:
            raise CardImageError("card image has no card key for INTERNAL AUTHENTICATE")
    return dfs
