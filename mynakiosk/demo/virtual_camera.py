"""The simulator's camera: what a kiosk camera would see of a virtual resident.

There is no licensed video of real people in this project, so the virtual resident is built from one still
portrait: for the face check it blinks (eyelids painted over the eyes, ``kiosk.face.synthetic``); for the renewal
photo it stands in front of the kiosk's plain panel (the person cut out with mediapipe's selfie segmentation and
placed on a plain background, at the distance the photo booth asks for). Attack presentations come from
``kiosk.face.attacks``. Everything here is simulation for demos and tests, never used on a real kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.face.image import Image

PANEL_BGR = (232, 234, 236)  # a plain, light panel behind the resident


def portrait_frames(image: Image, *, count: int = 8, scale: float = 2.0, seed: int = 7) -> list[Image]:
    """``count`` frames of the person in ``image`` in front of a plain panel, with sensor noise."""
    import cv2
    import mediapipe as mp

    cv: Any = cv2
    big = cv.resize(image, None, fx=scale, fy=scale, interpolation=cv.INTER_CUBIC)
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as segmenter:
        mask = segmenter.process(cv.cvtColor(big, cv.COLOR_BGR2RGB)).segmentation_mask
    alpha = cv.GaussianBlur(np.clip((mask - 0.3) / 0.4, 0.0, 1.0), (7, 7), 0)[..., None]
    panel = np.empty_like(big)
    panel[:] = PANEL_BGR
    person = (alpha * big + (1.0 - alpha) * panel).astype(np.float32)
    rng = np.random.default_rng(seed)
    return [np.clip(person + rng.normal(0, 1.5, person.shape), 0, 255).astype(np.uint8) for _ in range(count)]


def looping(frames: list[Image], fps: float = 15.0) -> Callable[[], tuple[Image, float]]:
    """A camera that replays ``frames`` in a loop with monotonic timestamps (seconds)."""
    state = {"n": 0}

    def read() -> tuple[Image, float]:
        n = state["n"]
        state["n"] = n + 1
        return frames[n % len(frames)], n / fps

    return read
