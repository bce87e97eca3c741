"""Presentation-attack simulations built from one still image, for measuring liveness (never used live).

Each function returns frames as a camera at ``fps`` would see them for ``seconds``: a photo held still in
front of the camera, a printed photo held by a shaking hand, a print turned about its vertical axis (trying
to fake a head turn), and a photo shown on a screen (flicker and a slightly wrong colour).
"""

from __future__ import annotations

import enum
from typing import Any

import numpy as np

from kiosk.face.image import Image

FRAME = (640, 480)


class Attack(enum.Enum):
    """The attack species of the set (ISO/IEC 30107-3 'presentation attack instrument species')."""

    STILL_PHOTO = "still_photo"
    HANDHELD_PRINT = "handheld_print"
    TURNED_PRINT = "turned_print"
    SCREEN_REPLAY = "screen_replay"


def attack_frames(image: Image, attack: Attack, seed: int, fps: float = 15.0, seconds: float = 8.0) -> list[Image]:
    """The frames of ``attack`` made from ``image`` (deterministic for a seed)."""
    import cv2

    cv: Any = cv2
    rng = np.random.default_rng(seed)
    base = place_in_frame(image)
    frames = []
    count = round(fps * seconds)
    for k in range(count):
        t = k / fps
        if attack is Attack.STILL_PHOTO:
            frame = base
        elif attack is Attack.HANDHELD_PRINT:
            angle = 3.0 * np.sin(2.1 * t) + rng.normal(0, 0.5)
            shift = rng.normal(0, 2.0, 2) + 6.0 * np.array([np.sin(1.3 * t), np.cos(1.7 * t)])
            matrix = cv.getRotationMatrix2D((FRAME[0] / 2, FRAME[1] / 2), angle, 1.0 + 0.04 * np.sin(0.9 * t))
            matrix[:, 2] += shift
            frame = cv.warpAffine(base, matrix, FRAME, borderMode=cv.BORDER_REPLICATE)
        elif attack is Attack.TURNED_PRINT:
            frame = _turned(base, 35.0 * np.sin(2 * np.pi * t / 3.0))
        else:
            flicker = 1.0 + 0.08 * np.sin(2 * np.pi * 7.0 * t)
            frame = np.clip(base * np.array([1.0, 1.05, 0.92]) * flicker, 0, 255).astype(np.uint8)
        noisy = np.clip(frame + rng.normal(0, 2.0, frame.shape), 0, 255).astype(np.uint8)
        frames.append(noisy)
    return frames


def place_in_frame(image: Image) -> Image:
    """``image`` scaled to 80% of a 640x480 frame on a gray surround (a photo held up to the camera)."""
    import cv2

    cv: Any = cv2
    scale = 0.8 * min(FRAME[0] / image.shape[1], FRAME[1] / image.shape[0])
    small = cv.resize(image, None, fx=scale, fy=scale, interpolation=cv.INTER_AREA)
    canvas = np.full((FRAME[1], FRAME[0], 3), 90, np.uint8)
    y, x = (FRAME[1] - small.shape[0]) // 2, (FRAME[0] - small.shape[1]) // 2
    canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
    return canvas


def _turned(base: Image, degrees: float) -> Image:
    """The flat picture rotated about its vertical axis by ``degrees`` (pinhole projection)."""
    import cv2

    cv: Any = cv2
    width, height = FRAME
    focal = 700.0
    theta = np.radians(degrees)
    corners = np.array(
        [[-width / 2, -height / 2], [width / 2, -height / 2], [width / 2, height / 2], [-width / 2, height / 2]]
    )
    projected = []
    for x, y in corners:
        xr, zr = x * np.cos(theta), focal + x * np.sin(theta)
        projected.append([width / 2 + focal * xr / zr, height / 2 + focal * y / zr])
    source = (corners + np.array([width / 2, height / 2])).astype(np.float32)
    matrix = cv.getPerspectiveTransform(source, np.array(projected, dtype=np.float32))
    turned: Image = cv.warpPerspective(base, matrix, FRAME, borderValue=(90, 90, 90))
    return turned
