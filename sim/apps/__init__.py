"""The four applications of the My Number Card, each as data (how personalisation lays out its files) and
rules (which files exist and what reading or using them needs)."""

from __future__ import annotations

from sim.apps import jpki, juki, kenhojo, kenkaku
from sim.image import CardImage
from sim.os.files import DedicatedFile


def applications(image: CardImage) -> list[DedicatedFile]:
    """Every application of ``image``, in the order a host usually selects them."""
    return [jpki.application(image), kenhojo.application(image), kenkaku.application(image), juki.application(image)]
