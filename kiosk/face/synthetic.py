"""A synthetic "live" sequence made from one still photo: the person blinks (eyelids painted over the eyes).

There is no licensed video of real people in this project, so the replay camera of simulator mode and the
liveness tests use this to play a resident who answers a blink challenge. It is a digital manipulation of a
still image: that the liveness check accepts it is also a measured weakness (docs/face-liveness.md), since an
attacker who can inject frames into the camera path could do the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kiosk.face.attacks import FRAME, place_in_frame
from kiosk.face.image import Image

if TYPE_CHECKING:
    from kiosk.face.landmarks import MeshObservation, MeshTracker

# mediapipe mesh contours of the eyes.
_RIGHT_EYE_RING = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
_LEFT_EYE_RING = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)


def blink_frames(
    image: Image, tracker: MeshTracker, fps: float = 15.0, seconds: float = 4.0, blink_at: float = 1.5
) -> list[Image]:
    """Frames of ``image`` placed in a 640x480 view with slight natural motion, eyes closed for 0.2 s at
    ``blink_at``. Raises ValueError when the tracker finds no face in the photo."""
    import cv2

    cv: Any = cv2
    rng = np.random.default_rng(11)
    base = place_in_frame(image)
    observation = tracker.observe(base)
    if observation is None:
        raise ValueError("no face mesh in the photo: cannot synthesise a blink")
    closed = close_eyes(base, observation)
    frames = []
    for k in range(round(fps * seconds)):
        t = k / fps
        source = closed if blink_at <= t < blink_at + 0.2 else base
        matrix = cv.getRotationMatrix2D((FRAME[0] / 2, FRAME[1] / 2), 1.5 * np.sin(1.7 * t), 1.0)
        matrix[:, 2] += 3.0 * np.array([np.sin(1.1 * t), np.cos(1.3 * t)])
        frame = cv.warpAffine(source, matrix, FRAME, borderMode=cv.BORDER_REPLICATE)
        frames.append(np.clip(frame + rng.normal(0, 2.0, frame.shape), 0, 255).astype(np.uint8))
    return frames


def close_eyes(image: Image, observation: MeshObservation) -> Image:
    """``image`` with both eyes covered by skin from just above them and a dark lash line."""
    import cv2

    cv: Any = cv2
    out = image.copy()
    for ring in (_RIGHT_EYE_RING, _LEFT_EYE_RING):
        points = observation.points[list(ring)].astype(np.float32)
        x, y, w, h = cv.boundingRect(points)
        pad = int(h * 0.8) + 2
        x0, y0, x1, y1 = max(0, x - pad // 2), max(0, y - pad), x + w + pad // 2, y + h + pad
        lid = image[max(0, y0 - h - 2) : y0 + 2, x0:x1]
        patch = cv.resize(lid, (x1 - x0, y1 - y0))
        mask = np.zeros(image.shape[:2], np.uint8)
        cv.fillConvexPoly(mask, cv.convexHull(points.astype(np.int32)), 255)
        mask = cv.GaussianBlur(cv.dilate(mask, np.ones((5, 5), np.uint8)), (0, 0), 2)[y0:y1, x0:x1, None] / 255.0
        out[y0:y1, x0:x1] = (out[y0:y1, x0:x1] * (1 - mask) + patch * mask).astype(np.uint8)
        low = int(points[:, 1].mean() + h * 0.2)
        cv.line(out, (int(points[0][0]), low), (int(points[8][0]), low), (40, 40, 40), 1, cv.LINE_AA)
    return out
