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
# In a live frame, a second face at least this fraction of the subject's height is "comparable": the frame is not
# used and the person behind is asked to step back. A smaller one is a bystander and is ignored. Measured on the
# different-photo dev set (docs/face-calibration.md, "Which face is the subject"): at 0.8, 10 of 300 live photos
# have a comparable second face (0.5 refused 23, 0.9 refused 3); below it, the subject is at least 1.25x taller
# than anyone else, so the largest face is unambiguous for both liveness and matching.
SECOND_FACE_RATIO = 0.8
BYSTANDER_RATIO = SECOND_FACE_RATIO  # the former name, kept for callers


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
        """The one face presented in a live frame: raises :class:`NoFace`, or :class:`MultipleFaces` when a second
        face is at least :data:`SECOND_FACE_RATIO` as tall as the tallest (see :func:`live_subject`)."""
        return live_subject(self.detect(image))

    def dominant_face(self, image: Image) -> DetectedFace:
        """The subject of a portrait such as the chip photo: the largest, most central face (see
        :func:`dominant`). Never refuses for another face; raises :class:`NoFace` only when there is none."""
        faces = self.detect(image)
        if not faces:
            raise NoFace("no face found in the image")
        height, width = as_bgr(image).shape[:2]
        return dominant(faces, width, height)

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


def live_subject(faces: Sequence[DetectedFace]) -> DetectedFace:
    """The subject among a live frame's ``faces``: the tallest, provided every other face is less than
    :data:`SECOND_FACE_RATIO` of its height. Raises :class:`NoFace` or :class:`MultipleFaces`."""
    if not faces:
        raise NoFace("no face found in the image")
    main = max(faces, key=lambda f: f.height)
    rivals = [f for f in faces if f is not main and f.height >= SECOND_FACE_RATIO * main.height]
    if rivals:
        raise MultipleFaces(f"{len(rivals) + 1} faces of comparable size found where one was expected", len(rivals) + 1)
    return main


def second_face_ratio(faces: Sequence[DetectedFace]) -> float:
    """Height of the second-tallest face over the tallest (0 with fewer than two faces)."""
    heights = sorted((f.height for f in faces), reverse=True)
    return heights[1] / heights[0] if len(heights) > 1 and heights[0] > 0 else 0.0


def prominence(face: DetectedFace, width: int, height: int) -> float:
    """Face height weighted by centrality: full at the image centre, falling linearly to 0 at a corner."""
    cx, cy = face.x + face.width / 2 - width / 2, face.y + face.height / 2 - height / 2
    off_centre = math.hypot(cx, cy) / math.hypot(width / 2, height / 2)
    return face.height * max(0.0, 1.0 - off_centre)


def dominant(faces: Sequence[DetectedFace], width: int, height: int) -> DetectedFace:
    """The most prominent of ``faces`` in a ``width`` x ``height`` image (largest and most central).

    A chip photo shows one person, framed in the centre; a sliver of a neighbour's face at its edge must not
    refuse it. On the dev set, taking the largest face instead picked the wrong person in some chips where the
    neighbour's cut-off face was the larger box (docs/face-calibration.md)."""
    if not faces:
        raise NoFace("no face found in the image")
    return max(faces, key=lambda f: prominence(f, width, height))


def _normalised(vector: Embedding) -> Embedding:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector


def cosine(a: Embedding, b: Embedding) -> float:
    """Cosine similarity of two normalised embeddings, in [-1, 1]; higher means more alike."""
    return float(np.dot(a, b))


def fuse(embeddings: Sequence[Embedding]) -> Embedding:
    """Template fusion: the normalised mean of several embeddings of one person."""
    return _normalised(np.mean(np.stack(embeddings), axis=0).astype(np.float32))
