"""Is a "live" face a copy of the chip photo? A camera frame of a person never reproduces the registered photo.

Both faces are aligned to the 112x112 crop SFace embeds (each on its own detected landmarks, both in gray, as
the chip is); the live crop is then registered onto the chip's by an affine ECC fit, which undoes what is left of
rescaling, cropping and landmark jitter. The measure is the normalised cross-correlation of the two crops' fine
detail (the gray crop minus its Gaussian blur, which discards lighting and contrast). A different capture of the
person — another day, light, pose, expression — does not line up pixel for pixel however it is moved; the chip
photo re-encoded, rescaled, cropped, blurred or brightened does. The SFace score is reported too: it does not
separate the two (a rescaled copy can score 0.7, another photograph 0.85). Where each falls, and why the limit is
where it is: ``docs/face-calibration.md`` ("The chip photo is not a live face").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from kiosk.face.engine import cosine
from kiosk.face.image import Image, as_bgr
from kiosk.face.match import check_live_frame, chip_subject, to_gray_bgr

if TYPE_CHECKING:
    from kiosk.face.engine import FaceEngine

_MARGIN = 8  # pixels of the 112x112 aligned crop left out at each side (background and hair at the edges)
_DETAIL_SIGMA = 3.0
_ECC_ITERATIONS = 50


@dataclass(frozen=True)
class CopyRules:
    """A live face is taken for a copy of the chip photo when its detail correlation reaches ``max_detail``."""

    max_detail: float = 0.9


@dataclass(frozen=True)
class Likeness:
    """How close one live face is to the chip photo: ``score`` (SFace cosine) and ``detail`` (correlation of the
    aligned crops' fine detail, -1..1). Neither holds image content."""

    score: float
    detail: float

    def is_copy(self, rules: CopyRules) -> bool:
        return self.detail >= rules.max_detail


def likeness(engine: FaceEngine, chip_image: Image, live_image: Image) -> Likeness | None:
    """The likeness of ``live_image``'s subject to the chip photo's; None when the live image has no usable face
    (the caller's matcher refuses such an image anyway). Raises ``NoFace`` when the chip photo shows none."""
    chip_face, _ = chip_subject(engine, chip_image)
    live = as_bgr(live_image)
    found = check_live_frame(engine, live).face
    if found is None:
        return None
    chip_crop = engine.align(to_gray_bgr(as_bgr(chip_image)), chip_face)
    live_crop = engine.align(to_gray_bgr(live), found)
    score = cosine(engine.embed_aligned(chip_crop), engine.embed_aligned(live_crop))
    registered = _registered(chip_crop, live_crop)
    return Likeness(round(score, 4), round(_correlation(_detail(chip_crop), _detail(registered)), 4))


def _registered(reference: Image, moving: Image) -> Image:
    """``moving`` warped onto ``reference`` by the affine map that best lines up their gray levels (ECC); as it is
    when the fit does not converge (two different faces often do not)."""
    import cv2

    cv: Any = cv2
    gray = [cv.cvtColor(image, cv.COLOR_BGR2GRAY).astype(np.float32) for image in (reference, moving)]
    criteria = (cv.TERM_CRITERIA_EPS | cv.TERM_CRITERIA_COUNT, _ECC_ITERATIONS, 1e-4)
    try:
        _, warp = cv.findTransformECC(gray[0], gray[1], np.eye(2, 3, dtype=np.float32), cv.MOTION_AFFINE, criteria,
                                      None, 5)  # fmt: skip
    except cv.error:
        return moving
    size = (reference.shape[1], reference.shape[0])
    warped: Image = cv.warpAffine(
        moving, warp, size, flags=cv.INTER_LINEAR + cv.WARP_INVERSE_MAP, borderMode=cv.BORDER_REPLICATE
    )
    return warped


def _detail(aligned: Image) -> npt.NDArray[np.float64]:
    import cv2

    cv: Any = cv2
    gray = cv.cvtColor(aligned, cv.COLOR_BGR2GRAY).astype(np.float64)[_MARGIN:-_MARGIN, _MARGIN:-_MARGIN]
    detail: npt.NDArray[np.float64] = gray - cv.GaussianBlur(gray, (0, 0), _DETAIL_SIGMA)
    return detail


def _correlation(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / norm) if norm > 0 else 0.0
