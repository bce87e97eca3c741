"""Face detection (YuNet), alignment and embedding (SFace) on OpenCV's DNN module.

A :class:`FaceEngine` loads both models once (about 0.2 s) and is then cheap to call. It is not thread-safe
(OpenCV networks keep per-call state): use one engine per thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from kiosk.face.errors import ModelUnavailable, MultipleFaces, NoFace
from kiosk.face.image import Image, as_bgr
from kiosk.face.models import ModelPaths

if TYPE_CHECKING:
    from collections.abc import Sequence

Embedding = npt.NDArray[np.float32]
"""An L2-normalised 128-d SFace feature vector."""

Point = tuple[float, float]

# YuNet finds faces of roughly 10-300 px; frames are searched at this long side first, then at the smaller one
# so that a face filling a close-up frame is still found.
_DETECTION_SIDES = (640, 320)
_SCORE_THRESHOLD = 0.6
_NMS_THRESHOLD = 0.3
_TOP_K = 20
# A second face smaller than this fraction of the main one (height) is a bystander, not a second presenter.
BYSTANDER_RATIO = 0.5


@dataclass(frozen=True)
class DetectedFace:
    """One detection in the coordinates of the image it was found in.

    ``landmarks`` are YuNet's five points in this order: right eye, left eye, nose tip, right and left mouth
    corner (right/left of the person). ``score`` is the detector confidence in [0, 1].
    """

    x: float
    y: float
    width: float
    height: float
    landmarks: tuple[Point, Point, Point, Point, Point]
    score: float

    @property
    def eye_distance(self) -> float:
        """Distance between the eye centres in pixels (the usual measure of face resolution)."""
        (rx, ry), (lx, ly) = self.landmarks[0], self.landmarks[1]
        return math.hypot(lx - rx, ly - ry)

    @property
    def roll_degrees(self) -> float:
        """In-plane rotation of the eye line; positive when the person's left eye is lower."""
        (rx, ry), (lx, ly) = self.landmarks[0], self.landmarks[1]
        return math.degrees(math.atan2(ly - ry, lx - rx))

    def as_row(self) -> npt.NDArray[np.float32]:
        """The 15-value row OpenCV's ``alignCrop`` expects (box, landmarks, score)."""
        values = [self.x, self.y, self.width, self.height]
        for px, py in self.landmarks:
            values += [px, py]
        values.append(self.score)
        return np.asarray(values, dtype=np.float32)


def _scaled(row: npt.NDArray[np.float32], factor: float) -> DetectedFace:
    v = [float(value) / factor for value in row[:14]]
    points = ((v[4], v[5]), (v[6], v[7]), (v[8], v[9]), (v[10], v[11]), (v[12], v[13]))
    return DetectedFace(v[0], v[1], v[2], v[3], points, float(row[14]))


class FaceEngine:
    """Detects faces and computes embeddings; load once, call many times."""

    def __init__(self, paths: ModelPaths | None = None) -> None:
        import cv2  # OpenCV is imported here so that importing kiosk.face stays cheap.

        self._cv2: Any = cv2
        paths = paths or ModelPaths.default()
        paths.check()
        try:
            self._detector = cv2.FaceDetectorYN.create(
                str(paths.detector), "", (320, 320), _SCORE_THRESHOLD, _NMS_THRESHOLD, _TOP_K
            )
            self._recognizer = cv2.FaceRecognizerSF.create(str(paths.recognizer), "")
        except cv2.error as error:
            raise ModelUnavailable(f"face models in {paths.detector.parent} cannot be loaded: {error}") from None

    def detect(self, image: Image, *, fast: bool = False) -> list[DetectedFace]:
        """All faces in ``image``, largest first. Accepts gray, BGR or BGRA ``uint8`` arrays.

        ``fast`` searches only at a 320 px long side (about 4x cheaper): enough for a live preview overlay of a
        resident at the kiosk, not for small faces.
        """
        bgr = as_bgr(image)
        longest = max(bgr.shape[:2])
        # Scale factors for each search side; a small image is searched once, at full size.
        factors = dict.fromkeys(
            min(1.0, side / longest) for side in (_DETECTION_SIDES[1:] if fast else _DETECTION_SIDES)
        )
        for factor in factors:
            faces = self._detect_at(bgr, factor)
            if faces:
                return sorted(faces, key=lambda f: f.width * f.height, reverse=True)
        return []

    def _detect_at(self, bgr: Image, factor: float) -> list[DetectedFace]:
        if factor < 1.0:
            height, width = bgr.shape[:2]
            bgr = self._cv2.resize(
                bgr, (round(width * factor), round(height * factor)), interpolation=self._cv2.INTER_AREA
            )
        self._detector.setInputSize((bgr.shape[1], bgr.shape[0]))
        _, rows = self._detector.detect(bgr)
        if rows is None:
            return []
        return [_scaled(row, factor) for row in rows]

    def single_face(self, image: Image) -> DetectedFace:
        """The one face presented in ``image``: raises :class:`NoFace`, or :class:`MultipleFaces` when a second
        face is at least :data:`BYSTANDER_RATIO` as tall as the largest."""
        faces = self.detect(image)
        if not faces:
            raise NoFace("no face found in the image")
        main = faces[0]
        rivals = [f for f in faces[1:] if f.height >= BYSTANDER_RATIO * main.height]
        if rivals:
            raise MultipleFaces(f"{len(rivals) + 1} faces found where one was expected", len(rivals) + 1)
        return main

    def align(self, image: Image, face: DetectedFace) -> Image:
        """The 112x112 aligned crop SFace embeds (eyes and mouth at canonical positions)."""
        return np.asarray(self._recognizer.alignCrop(as_bgr(image), face.as_row()), dtype=np.uint8)

    def embed(self, image: Image, face: DetectedFace) -> Embedding:
        """The L2-normalised embedding of ``face`` in ``image``."""
        return self.embed_aligned(self.align(image, face))

    def embed_aligned(self, aligned: Image) -> Embedding:
        """The L2-normalised embedding of an already aligned 112x112 crop."""
        raw = np.asarray(self._recognizer.feature(aligned), dtype=np.float32).reshape(-1)
        return _normalised(raw)


def _normalised(vector: Embedding) -> Embedding:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector


def cosine(a: Embedding, b: Embedding) -> float:
    """Cosine similarity of two normalised embeddings, in [-1, 1]; higher means more alike."""
    return float(np.dot(a, b))


def fuse(embeddings: Sequence[Embedding]) -> Embedding:
    """Template fusion: the normalised mean of several embeddings of one person."""
    return _normalised(np.mean(np.stack(embeddings), axis=0).astype(np.float32))
