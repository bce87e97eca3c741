"""Face-mesh landmarks (mediapipe, bundled models) and the measures liveness and quality need from them.

mediapipe takes about 2 s to import, so it is imported when a :class:`MeshTracker` is built, not before.
A tracker is not thread-safe; in video mode it tracks between frames, so feed it frames of one session in order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from kiosk.face.image import Image, as_bgr

if TYPE_CHECKING:
    from kiosk.face.engine import FaceEngine

# Indices into mediapipe's 478-point mesh (468 face points + 10 iris points with refine_landmarks).
_NOSE_TIP = 1
_FOREHEAD = 10
_CHIN = 152
_FACE_RIGHT_EDGE = 234  # the person's right cheek edge, on the image left
_FACE_LEFT_EDGE = 454
_RIGHT_EYE = (33, 133, 160, 144, 158, 153)  # outer, inner, upper1, lower1, upper2, lower2
_LEFT_EYE = (263, 362, 387, 373, 385, 380)
_RIGHT_EYE_OUTER, _LEFT_EYE_OUTER = 33, 263
_MOUTH_UPPER_INNER, _MOUTH_LOWER_INNER = 13, 14
_MOUTH_RIGHT, _MOUTH_LEFT = 78, 308
# The forehead-chin line of the mesh leans back about 7 degrees on frontal portraits (measured on the committed
# sample faces); pitch is reported relative to that.
_PITCH_OFFSET = 7.0
# Side of the square crop the mesh is fitted on when YuNet found the face first.
_CROP_SIDE = 256


@dataclass(frozen=True)
class MeshObservation:
    """What one frame's face mesh says, in degrees and ratios (no pixels of the face).

    ``yaw`` is positive when the person turns to their left (the face turns towards the image right),
    ``pitch`` positive when the chin is raised, ``roll`` positive when the head tilts to the person's left.
    ``eye_openness`` is the mean eye aspect ratio of both eyes (about 0.25-0.35 open, below 0.15 closed);
    ``mouth_openness`` is the inner-lip gap over the mouth width (about 0 closed).
    ``points`` holds the mesh in pixel coordinates (x, y) for overlays and geometry checks.
    ``faces`` counts the faces found; ``second_face_ratio`` is the second-tallest one's height over the measured
    (tallest) face's, 0 when there is only one (the :data:`~kiosk.face.engine.SECOND_FACE_RATIO` rule).
    """

    yaw: float
    pitch: float
    roll: float
    eye_openness: float
    mouth_openness: float
    points: npt.NDArray[np.float32]
    faces: int
    second_face_ratio: float = 0.0

    @property
    def face_box(self) -> tuple[float, float, float, float]:
        """``(x, y, width, height)`` of the mesh's extent in pixels."""
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


class MeshTracker:
    """mediapipe FaceMesh with iris refinement.

    mediapipe's own detector only finds faces that fill a good part of the frame; with an ``engine`` the face
    is first found by YuNet and the mesh is fitted on a crop around it, so small and distant faces work too
    (each frame is then processed independently). Without one, ``video=True`` tracks across frames.
    """

    def __init__(self, *, video: bool, max_faces: int = 2, engine: FaceEngine | None = None) -> None:
        import mediapipe as mp

        self._engine = engine
        self._mesh: Any = mp.solutions.face_mesh.FaceMesh(
            static_image_mode=engine is not None or not video,
            max_num_faces=max_faces,
            refine_landmarks=True,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )

    def observe(self, frame: Image) -> MeshObservation | None:
        """Measure the largest face in ``frame``; None when mediapipe finds no face."""
        import cv2

        cv: Any = cv2
        bgr = as_bgr(frame)
        if self._engine is not None:
            return self._observe_crop(bgr)
        result = self._mesh.process(cv.cvtColor(bgr, cv.COLOR_BGR2RGB))
        faces = result.multi_face_landmarks or []
        if not faces:
            return None
        height, width = bgr.shape[:2]
        meshes = [
            np.array([(p.x * width, p.y * height, p.z * width) for p in face.landmark], dtype=np.float32)
            for face in faces
        ]
        heights = sorted((float(np.ptp(m[:, 1])) for m in meshes), reverse=True)
        mesh = max(meshes, key=lambda m: float(np.ptp(m[:, 1])))
        ratio = heights[1] / heights[0] if len(heights) > 1 and heights[0] > 0 else 0.0
        return measure(mesh, len(faces), ratio)

    def _observe_crop(self, bgr: Image) -> MeshObservation | None:
        import cv2

        cv: Any = cv2
        assert self._engine is not None
        from kiosk.face.engine import second_face_ratio

        faces = self._engine.detect(bgr, fast=True) or self._engine.detect(bgr)
        if not faces:
            return None
        face = max(faces, key=lambda f: f.height)
        side = 2.0 * max(face.width, face.height)
        scale = _CROP_SIDE / side
        left, top = face.x + face.width / 2 - side / 2, face.y + face.height / 2 - side / 2
        matrix = np.array([[scale, 0.0, -left * scale], [0.0, scale, -top * scale]])
        crop = cv.warpAffine(bgr, matrix, (_CROP_SIDE, _CROP_SIDE), borderMode=cv.BORDER_REPLICATE)
        result = self._mesh.process(cv.cvtColor(crop, cv.COLOR_BGR2RGB))
        if not result.multi_face_landmarks:
            return None
        points = np.array(
            [(p.x * _CROP_SIDE, p.y * _CROP_SIDE, p.z * _CROP_SIDE) for p in result.multi_face_landmarks[0].landmark],
            dtype=np.float32,
        )
        points /= scale
        points[:, 0] += left
        points[:, 1] += top
        return measure(points, len(faces), second_face_ratio(faces))

    def close(self) -> None:
        """Release mediapipe's graph."""
        self._mesh.close()


def measure(mesh: npt.NDArray[np.float32], faces: int = 1, second_face_ratio: float = 0.0) -> MeshObservation:
    """Pose, eye and mouth measures from a ``(478, 3)`` mesh in pixels (z in the same scale as x)."""
    right, left = mesh[_FACE_RIGHT_EDGE], mesh[_FACE_LEFT_EDGE]
    across = left - right
    yaw = math.degrees(math.atan2(float(across[2]), float(across[0])))
    top, bottom = mesh[_FOREHEAD], mesh[_CHIN]
    down = bottom - top
    pitch = math.degrees(math.atan2(float(-down[2]), float(down[1]))) + _PITCH_OFFSET
    eye_line = mesh[_LEFT_EYE_OUTER] - mesh[_RIGHT_EYE_OUTER]
    roll = math.degrees(math.atan2(float(eye_line[1]), float(eye_line[0])))
    eyes = (_eye_aspect(mesh, _RIGHT_EYE) + _eye_aspect(mesh, _LEFT_EYE)) / 2
    width = _distance(mesh[_MOUTH_RIGHT], mesh[_MOUTH_LEFT])
    mouth = _distance(mesh[_MOUTH_UPPER_INNER], mesh[_MOUTH_LOWER_INNER]) / width if width else 0.0
    return MeshObservation(
        yaw=yaw,
        pitch=pitch,
        roll=roll,
        eye_openness=eyes,
        mouth_openness=mouth,
        points=np.ascontiguousarray(mesh[:, :2]),
        faces=faces,
        second_face_ratio=round(second_face_ratio, 3),
    )


def _distance(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    return float(np.hypot(float(a[0] - b[0]), float(a[1] - b[1])))


def _eye_aspect(mesh: npt.NDArray[np.float32], idx: tuple[int, int, int, int, int, int]) -> float:
    outer, inner, up1, low1, up2, low2 = (mesh[i] for i in idx)
    width = _distance(outer, inner)
    if width == 0:
        return 0.0
    return (_distance(up1, low1) + _distance(up2, low2)) / (2 * width)
