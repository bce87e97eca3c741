"""Helpers the face tests share (imported as ``tests.face.helpers``)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.face.devset import simulate_live
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image, decode_image

FACES = Path(__file__).resolve().parents[2] / "assets" / "faces"


def load(name: str) -> Image:
    """A committed sample face (assets/faces) as a BGR image."""
    return decode_image((FACES / name).read_bytes())


def live_frames(engine: FaceEngine, image: Image, count: int, seed: int) -> list[Image]:
    """Simulated kiosk-camera frames of the one face in ``image``."""
    rng = np.random.default_rng(seed)
    face = engine.single_face(image)
    return [simulate_live(image, rng, face) for _ in range(count)]


def side_by_side(left: Image, right: Image) -> Image:
    height = max(left.shape[0], right.shape[0])
    pad = [cv2.copyMakeBorder(i, 0, height - i.shape[0], 0, 0, cv2.BORDER_CONSTANT) for i in (left, right)]
    return np.hstack(pad)


def two_people(collins: Image, hopper: Image) -> Image:
    """Both faces at about the same size (Hopper's portrait is a closer shot)."""
    return side_by_side(collins, cv2.resize(hopper, (hopper.shape[1] * 3 // 5, hopper.shape[0] * 3 // 5)))
