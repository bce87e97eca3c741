"""Renewal-photo quality, after the My Number Card photo specification.

The specification (J-LIS, 個人番号カード交付申請 photo rules): 45 x 35 mm, taken within 6 months, facing the
front, no hat, no background (plain), no shadow on face or background, head (crown to chin) 34 ± 2 mm, face
centred and not tilted, in focus, eyes visible, normal expression; online submissions 480-6000 px a side.
Each check below yields a :class:`Check` with the measured value and, when it fails, a hint key a UI translates
(plus an English sentence). "Taken within 6 months" holds by construction (the kiosk takes the photo now);
"no hat" and "glasses" are not checked automatically (see docs/face-quality.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from kiosk.face.errors import FaceError
from kiosk.face.geometry import card_crop, card_crop_box
from kiosk.face.image import Image, as_bgr

if TYPE_CHECKING:
    from kiosk.face.engine import DetectedFace, FaceEngine
    from kiosk.face.landmarks import MeshObservation, MeshTracker

HINTS: dict[str, str] = {
    "one_person_only": "Only one person should be in the picture.",
    "face_not_found": "We cannot see your face. Please face the camera.",
    "move_closer": "Please move a little closer to the camera.",
    "move_back": "Please move back a little.",
    "center_face": "Please move so that your face is in the middle of the frame.",
    "look_straight": "Please look straight at the camera.",
    "level_chin": "Please keep your chin level.",
    "straighten_head": "Please hold your head straight, not tilted.",
    "open_eyes": "Please keep your eyes open.",
    "close_mouth": "Please close your mouth and keep a neutral expression.",
    "hold_still": "Please hold still; the picture is blurred.",
    "more_light": "The picture is too dark.",
    "less_light": "The picture is too bright.",
    "even_light": "There is a shadow on your face.",
    "plain_background": "The background must be plain. Please stand in front of the plain panel.",
}


RULES: dict[str, tuple[str, ...]] = {
    # The photo rules as a resident reads them, each with the checks it stands for, in the order they are shown.
    "one_face": ("one_face",),
    "framing": ("face_size", "face_position"),
    "facing": ("landmarks", "yaw", "pitch", "roll"),
    "eyes": ("eyes_open",),
    "mouth": ("mouth_closed",),
    "sharp": ("sharpness",),
    "light": ("exposure", "even_light"),
    "background": ("background",),
}
"""Every check of :class:`PhotoQualityChecker` belongs to one rule; a rule passes when all its checks ran and passed."""


@dataclass(frozen=True)
class QualityLimits:
    """Thresholds of the checks; defaults follow the specification where it gives numbers."""

    min_crop_px: float = 480.0  # the crop's height in source pixels (online spec: at least 480 px a side)
    max_yaw: float = 8.0
    max_pitch: float = 10.0
    max_roll: float = 5.0
    min_eye_openness: float = 0.18
    max_mouth_openness: float = 0.08
    min_sharpness: float = 60.0
    exposure_range: tuple[float, float] = (70.0, 210.0)
    max_clipped: float = 0.05
    max_light_ratio: float = 1.6
    max_background_std: float = 22.0
    max_background_edges: float = 0.04


@dataclass(frozen=True)
class Check:
    """One quality check: passed or not, what was measured, and what to tell the resident when it failed."""

    ok: bool
    value: float | int | None
    hint_key: str | None = None

    @property
    def hint(self) -> str | None:
        """The English sentence for ``hint_key`` (a UI uses its own translation of the key)."""
        return HINTS[self.hint_key] if self.hint_key else None


@dataclass(frozen=True)
class QualityReport:
    """All checks; ``crop`` is the photo in card geometry (7:9, 420x540) when one face was found."""

    ok: bool
    checks: dict[str, Check]
    crop: Image | None = field(repr=False)

    @property
    def hints(self) -> list[str]:
        """Hint keys of the failed checks, most important first."""
        return [c.hint_key for c in self.checks.values() if not c.ok and c.hint_key]

    def rules(self) -> dict[str, bool]:
        """Each of :data:`RULES` passed or not. A rule none of whose checks ran (no face found) has not passed."""
        return {
            rule: any(name in self.checks for name in names)
            and all(self.checks[name].ok for name in names if name in self.checks)
            for rule, names in RULES.items()
        }


class PhotoQualityChecker:
    """Runs the checks; holds the models (YuNet via the engine, mediapipe mesh and segmentation)."""

    def __init__(self, engine: FaceEngine, limits: QualityLimits | None = None) -> None:
        import mediapipe as mp

        from kiosk.face.landmarks import MeshTracker

        self._engine = engine
        self._limits = limits or QualityLimits()
        self._mesh: MeshTracker = MeshTracker(video=False)
        self._segmenter: Any = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)

    def assess(self, frame: Image) -> QualityReport:
        """Check ``frame`` as a renewal photo. Never raises for a face problem: that is a failed check."""
        image = as_bgr(frame)
        faces = self._engine.detect(image)
        if not faces:
            return QualityReport(False, {"one_face": Check(False, 0, "face_not_found")}, None)
        if len(faces) > 1:
            return QualityReport(False, {"one_face": Check(False, len(faces), "one_person_only")}, None)
        face = faces[0]
        checks: dict[str, Check] = {"one_face": Check(True, 1)}
        checks.update(self._geometry(image, face))
        mesh = self._mesh.observe(image)
        if mesh is None:
            checks["landmarks"] = Check(False, None, "look_straight")
        else:
            checks.update(self._pose(mesh))
        checks.update(self._image(image, face))
        crop = card_crop(image, face)
        checks["background"] = self._background(crop)
        return QualityReport(all(c.ok for c in checks.values()), checks, crop)

    def close(self) -> None:
        """Release mediapipe's graphs."""
        self._mesh.close()
        self._segmenter.close()

    def _geometry(self, image: Image, face: DetectedFace) -> dict[str, Check]:
        x, y, w, h = card_crop_box(face)
        height, width = image.shape[:2]
        size = Check(
            h >= self._limits.min_crop_px, round(h, 1), None if h >= self._limits.min_crop_px else "move_closer"
        )
        margin = 0.02 * h
        inside = x >= -margin and y >= -margin and x + w <= width + margin and y + h <= height + margin
        if inside:
            position = Check(True, 0.0)
        else:
            too_big = w > width or h > height
            offset = max(-x, -y, x + w - width, y + h - height) / h
            position = Check(False, round(offset, 3), "move_back" if too_big else "center_face")
        return {"face_size": size, "face_position": position}

    def _pose(self, mesh: MeshObservation) -> dict[str, Check]:
        lim = self._limits
        return {
            "yaw": _within(abs(mesh.yaw), lim.max_yaw, "look_straight", round(mesh.yaw, 1)),
            "pitch": _within(abs(mesh.pitch), lim.max_pitch, "level_chin", round(mesh.pitch, 1)),
            "roll": _within(abs(mesh.roll), lim.max_roll, "straighten_head", round(mesh.roll, 1)),
            "eyes_open": Check(
                mesh.eye_openness >= lim.min_eye_openness,
                round(mesh.eye_openness, 3),
                None if mesh.eye_openness >= lim.min_eye_openness else "open_eyes",
            ),
            "mouth_closed": _within(
                mesh.mouth_openness, lim.max_mouth_openness, "close_mouth", round(mesh.mouth_openness, 3)
            ),
        }

    def _image(self, image: Image, face: DetectedFace) -> dict[str, Check]:
        import cv2

        cv: Any = cv2
        lim = self._limits
        x0, y0 = max(0, int(face.x)), max(0, int(face.y))
        x1, y1 = min(image.shape[1], int(face.x + face.width)), min(image.shape[0], int(face.y + face.height))
        gray = cv.cvtColor(image[y0:y1, x0:x1], cv.COLOR_BGR2GRAY)
        # Sharpness is measured on the face scaled to a fixed width, so it does not depend on distance.
        scaled = cv.resize(gray, (160, max(8, round(160 * gray.shape[0] / max(gray.shape[1], 1)))))
        sharpness = float(np.var(cv.Laplacian(scaled, cv.CV_64F)))
        mean = float(gray.mean())
        clipped = float(np.mean((gray >= 250) | (gray <= 5)))
        low, high = lim.exposure_range
        exposure_hint = (
            "more_light" if mean < low else "less_light" if mean > high or clipped > lim.max_clipped else None
        )
        half = gray.shape[1] // 2
        sides = float(gray[:, :half].mean() + 1.0), float(gray[:, half:].mean() + 1.0)
        ratio = max(sides) / min(sides)
        return {
            "sharpness": _at_least(sharpness, lim.min_sharpness, "hold_still"),
            "exposure": Check(exposure_hint is None, round(mean, 1), exposure_hint),
            "even_light": _within(ratio, lim.max_light_ratio, "even_light", round(ratio, 2)),
        }

    def _background(self, crop: Image) -> Check:
        import cv2

        cv: Any = cv2
        mask = self._segmenter.process(cv.cvtColor(crop, cv.COLOR_BGR2RGB)).segmentation_mask
        background = np.asarray(mask) < 0.3
        if background.mean() < 0.05:
            return Check(False, None, "plain_background")
        gray = cv.cvtColor(crop, cv.COLOR_BGR2GRAY)
        edges = cv.Canny(gray, 60, 150) > 0
        # Edges right at the person's outline are expected; erode the background mask to ignore them.
        inner = cv.erode(background.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
        if not inner.any():
            return Check(False, None, "plain_background")
        spread = float(gray[inner].std())
        edge_density = float(edges[inner].mean())
        plain = spread <= self._limits.max_background_std and edge_density <= self._limits.max_background_edges
        return Check(
            plain,
            round(max(spread / self._limits.max_background_std, edge_density / self._limits.max_background_edges), 3),
            None if plain else "plain_background",
        )


def _within(value: float, limit: float, hint: str, shown: float) -> Check:
    return Check(value <= limit, shown, None if value <= limit else hint)


def _at_least(value: float, limit: float, hint: str) -> Check:
    return Check(value >= limit, round(value, 1), None if value >= limit else hint)


def assess_renewal_photo(checker: PhotoQualityChecker, frame: Image) -> QualityReport:
    """Convenience wrapper: ``checker.assess(frame)``, turning an unusable frame into a failed report."""
    try:
        return checker.assess(frame)
    except FaceError:
        return QualityReport(False, {"one_face": Check(False, None, "face_not_found")}, None)
