"""The simulator's camera: what a kiosk camera would see of a virtual resident.

There is no licensed video of real people in this project, so the virtual resident is built from one still
portrait. For the face check (:class:`VirtualResident`) the portrait's face mesh (mediapipe, with depth) is turned
in 3-D and the picture warped triangle by triangle onto it, so the resident holds their head a little off the
photo's pose, blinks (eyelids painted over the eyes, ``kiosk.face.synthetic``), and turns left and right, over and
over, which answers any challenge a service draws. The chip photo is made from the same portrait: shown as it is,
the frames would be a copy of it, which the service refuses (``kiosk.face.likeness``); the pose is what makes them
another capture (docs/face-calibration.md). For the renewal photo the resident stands in front of the kiosk's plain
panel (the person cut out with mediapipe's selfie segmentation and placed on a plain background, at the distance
the photo booth asks for). Attack presentations come from ``kiosk.face.attacks``. Everything here is simulation
for demos and tests, never used on a real kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from kiosk.face.attacks import FRAME, place_in_frame
from kiosk.face.image import Image

if TYPE_CHECKING:
    from kiosk.face.landmarks import MeshTracker

PANEL_BGR = (232, 234, 236)  # a plain, light panel behind the resident
REST_POSE = (8.0, 3.0)  # degrees of yaw and pitch the resident holds their head off the photo's pose
TURN_POSES = (16.0, 28.0, 40.0, 50.0)  # a turn, rendered; the mesh measures about two thirds of it
FPS = 15.0
# One cycle of the resident's performance, as (what, seconds): rest, blink, rest, turn left and back, rest, turn
# right and back. 5.3 s: whichever two steps a service asks, each comes round within the 6 s a step is given. The
# eyes stay closed a third of a second (a slow blink) so that a kiosk busy with every third frame still sees it.
_CYCLE = (("rest", 1.0), ("closed", 0.33), ("rest", 0.6), ("left", 1.4), ("rest", 0.6), ("right", 1.4))


def portrait_frames(image: Image, *, count: int = 8, scale: float = 1.5, seed: int = 7) -> list[Image]:
    """``count`` frames of the person in ``image`` in front of a plain panel, with sensor noise. At the default
    ``scale`` the resident sits far enough back that the service's re-check of the kiosk's crop passes too (closer,
    the crop's face reads as too large there: ``move_back``)."""
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


@dataclass
class VirtualResident:
    """A still portrait that holds its head slightly turned, blinks, and turns left and right, in a loop.

    The few poses are rendered once (``render``, about a second per pose on a busy machine); :meth:`camera` then
    plays them with hand-held sway and sensor noise at :data:`FPS`."""

    poses: dict[str, Image] = field(repr=False)
    schedule: tuple[str, ...]

    @classmethod
    def render(cls, image: Image, tracker: MeshTracker) -> VirtualResident:
        """Raises ValueError when the portrait shows no face mesh."""
        from kiosk.face.synthetic import close_eyes

        base = place_in_frame(image)
        mesh = face_mesh_3d(base)
        poses = {"rest": posed(base, mesh, *REST_POSE)}
        observation = tracker.observe(poses["rest"])
        if observation is None:
            raise ValueError("no face mesh in the posed portrait: cannot make a virtual resident")
        poses["closed"] = close_eyes(poses["rest"], observation)
        for sign, side in ((1.0, "left"), (-1.0, "right")):  # positive yaw: the resident's own left
            for k, degrees in enumerate(TURN_POSES):
                poses[f"{side}{k}"] = posed(base, mesh, sign * degrees, REST_POSE[1])
        return cls(poses, _schedule())

    def camera(self, seed: int = 11) -> Callable[[], tuple[Image, float]]:
        """A camera that plays the performance in a loop, with monotonic timestamps (seconds)."""
        import cv2

        cv: Any = cv2
        rng = np.random.default_rng(seed)
        state = {"n": 0}

        def read() -> tuple[Image, float]:
            n = state["n"]
            state["n"] = n + 1
            t = n / FPS
            matrix = cv.getRotationMatrix2D((FRAME[0] / 2, FRAME[1] / 2), 1.5 * np.sin(1.7 * t), 1.0)
            matrix[:, 2] += 3.0 * np.array([np.sin(1.1 * t), np.cos(1.3 * t)])
            pose = self.poses[self.schedule[n % len(self.schedule)]]
            frame = cv.warpAffine(pose, matrix, FRAME, borderMode=cv.BORDER_REPLICATE)
            noisy: Image = np.clip(frame + rng.normal(0, 2.0, frame.shape), 0, 255).astype(np.uint8)
            return noisy, t

        return read


def _schedule() -> tuple[str, ...]:
    """The pose of every frame of one cycle: a turn goes out through the turn poses, holds, and comes back."""
    frames: list[str] = []
    for what, seconds in _CYCLE:
        count = round(seconds * FPS)
        if what in ("left", "right"):
            out = [f"{what}{k}" for k in range(len(TURN_POSES))]
            hold = count - 2 * len(out)
            frames += out + [out[-1]] * hold + out[::-1]
        else:
            frames += [what] * count
    return tuple(frames)


def face_mesh_3d(image: Image) -> npt.NDArray[np.float64]:
    """mediapipe's face mesh of ``image`` in pixels, with depth (z in the scale of x); ValueError without a face."""
    import cv2
    import mediapipe as mp

    cv: Any = cv2
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True, max_num_faces=1) as mesh:
        found = mesh.process(cv.cvtColor(image, cv.COLOR_BGR2RGB)).multi_face_landmarks
    if not found:
        raise ValueError("no face mesh in the portrait")
    height, width = image.shape[:2]
    return np.array([(p.x * width, p.y * height, p.z * width) for p in found[0].landmark], dtype=np.float64)


def posed(image: Image, mesh: npt.NDArray[np.float64], yaw: float, pitch: float = 0.0) -> Image:
    """``image`` with the face of ``mesh`` turned by ``yaw`` degrees (positive: towards the image right, the
    person's own left) and tilted by ``pitch``: each mesh triangle is warped onto its rotated place, far ones
    first; a ring around the face and the frame's corners stay put, so hair and shoulders stretch to follow."""
    height, width = image.shape[:2]
    points = mesh[:468]  # the face; the iris points would only crowd the triangulation
    centre = points.mean(axis=0)
    a, b = np.radians(yaw), np.radians(pitch)
    turn = np.array([[np.cos(a), 0, -np.sin(a)], [0, 1, 0], [np.sin(a), 0, np.cos(a)]])
    tilt = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    moved = (points - centre) @ (tilt @ turn).T + centre
    (x0, y0), (x1, y1) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    ring = np.stack(
        [(x0 + x1) / 2 + 0.9 * (x1 - x0) * np.cos(angles), (y0 + y1) / 2 + 0.85 * (y1 - y0) * np.sin(angles)], 1
    )
    corners = np.array([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]], dtype=np.float64)
    fixed = np.clip(np.vstack([ring, corners]), 0, [width - 1, height - 1])
    source = np.vstack([points[:, :2], fixed])
    target = np.vstack([moved[:, :2], fixed])
    depth = np.concatenate([moved[:, 2], np.full(len(fixed), np.inf)])
    out = image.copy()
    for triangle in sorted(_triangles(source, width, height), key=lambda tri: -float(np.mean(depth[tri]))):
        _warp_triangle(image, out, source[triangle].astype(np.float32), target[triangle].astype(np.float32))
    return out


def _triangles(points: npt.NDArray[np.float64], width: int, height: int) -> list[list[int]]:
    """Delaunay triangles of ``points`` as index triples (OpenCV's subdivision, mapped back to the indices)."""
    import cv2

    cv: Any = cv2
    subdivision = cv.Subdiv2D((0, 0, width, height))
    index: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(points):
        key = (round(float(x), 2), round(float(y), 2))
        if key not in index:
            index[key] = i
            subdivision.insert((float(x), float(y)))
    triangles = []
    for t in subdivision.getTriangleList():
        keys = [(round(float(t[k]), 2), round(float(t[k + 1]), 2)) for k in (0, 2, 4)]
        if all(key in index for key in keys):
            triangles.append([index[key] for key in keys])
    return triangles


def _warp_triangle(image: Image, out: Image, source: npt.NDArray[np.float32], target: npt.NDArray[np.float32]) -> None:
    import cv2

    cv: Any = cv2
    height, width = out.shape[:2]
    x, y, w, h = cv.boundingRect(target)
    x, y = max(x, 0), max(y, 0)
    w, h = min(w, width - x), min(h, height - y)
    if w <= 0 or h <= 0:
        return
    local = (target - np.array([x, y], dtype=np.float32)).astype(np.float32)
    matrix = cv.getAffineTransform(source, local)
    patch = cv.warpAffine(image, matrix, (w, h), flags=cv.INTER_LINEAR, borderMode=cv.BORDER_REFLECT)
    mask = np.zeros((h, w), np.uint8)
    corners = np.round(local).astype(np.int32)
    cv.fillConvexPoly(mask, corners, 255)
    cv.polylines(mask, [corners], True, 255, 1)  # no cracks between neighbours
    region = out[y : y + h, x : x + w]
    region[mask > 0] = patch[mask > 0]
