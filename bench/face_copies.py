"""Where copies of the chip photo and live captures fall on the service's copy check (``kiosk.face.likeness``).

    .venv/bin/python bench/face_copies.py [--devset DIR] [--every N]

Three groups, each scored against its chip photo (SFace score, and the detail correlation after ECC registration):

* copies: every N-th chip of the dev set (default 10) re-encoded as JPEG (q 30-95), rescaled (0.6-3x), cropped
  (3 %, 8 %), with noise, blurred, brightened, rotated 4 degrees at 2x and JPEG, and placed in a 640x480 frame;
* different captures: each dev-set chip against the *other* photograph of the same person (genuine pairs);
* the simulator's virtual resident (``mynakiosk.demo.virtual_camera``): its rest pose and turn poses, and the
  same portrait unposed, against the chip photo the simulator makes from that portrait.

The dev set is read in place from ``../shared/face-devset`` (or ``--devset`` / ``MYNAKIOSK_FACE_DEVSET``), never
copied. Prints one figure per line.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.face.attacks import place_in_frame  # noqa: E402
from kiosk.face.engine import FaceEngine  # noqa: E402
from kiosk.face.errors import FaceError  # noqa: E402
from kiosk.face.image import decode_chip_photo, decode_image  # noqa: E402
from kiosk.face.landmarks import MeshTracker  # noqa: E402
from kiosk.face.likeness import CopyRules, Likeness, likeness  # noqa: E402
from mynakiosk.demo.virtual_camera import REST_POSE, TURN_POSES, face_mesh_3d, posed  # noqa: E402
from sim.faces import FACES  # noqa: E402
from sim.photo import chip_photo  # noqa: E402


def _jpeg(image: Any, quality: int) -> Any:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def copies(chip: Any, rng: np.random.Generator) -> dict[str, Any]:
    height, width = chip.shape[:2]
    out = {f"jpeg{q}": _jpeg(chip, q) for q in (30, 50, 75, 95)}
    for s in (0.6, 1.5, 2.0, 3.0):
        out[f"scale{s}"] = cv2.resize(chip, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
    for c in (0.03, 0.08):
        dy, dx = int(height * c), int(width * c)
        out[f"crop{c}"] = chip[dy : height - dy // 2, dx : width - dx]
    out["noise"] = np.clip(chip + rng.normal(0, 4, chip.shape), 0, 255).astype(np.uint8)
    out["blur"] = cv2.GaussianBlur(chip, (0, 0), 1.2)
    out["bright"] = np.clip(chip * 1.2 + 15, 0, 255).astype(np.uint8)
    big = cv2.resize(chip, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    turn = cv2.getRotationMatrix2D((width, height), 4, 1.0)
    out["rot4_x2"] = _jpeg(cv2.warpAffine(big, turn, (2 * width, 2 * height), borderMode=cv2.BORDER_REPLICATE), 80)
    canvas = np.full((480, 640, 3), 90, np.uint8)
    canvas[40:440, 170:470] = cv2.resize(chip, (300, 400))
    out["inframe"] = _jpeg(canvas, 85)
    return out


def report(name: str, found: list[Likeness], rules: CopyRules) -> None:
    if not found:
        print(f"{name}: none scored")
        return
    scores = np.array([f.score for f in found])
    detail = np.array([f.detail for f in found])
    refused = sum(f.is_copy(rules) for f in found)
    print(f"{name} n: {len(found)}")
    print(f"{name} SFace score min/median/max: {scores.min():.3f} / {np.median(scores):.3f} / {scores.max():.3f}")
    print(f"{name} detail min/median/max: {detail.min():.3f} / {np.median(detail):.3f} / {detail.max():.3f}")
    print(f"{name} taken for copies at detail >= {rules.max_detail}: {refused} of {len(found)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--devset",
        type=Path,
        default=Path(os.environ.get("MYNAKIOSK_FACE_DEVSET", ROOT.parent / "shared" / "face-devset")),
    )
    parser.add_argument("--every", type=int, default=10, help="copies of every N-th chip")
    args = parser.parse_args()
    engine = FaceEngine()
    rules = CopyRules()
    rng = np.random.default_rng(1)
    if (args.devset / "pairs.csv").exists():
        with (args.devset / "pairs.csv").open() as f:
            pairs = list(csv.DictReader(f))
        by_kind: dict[str, list[Likeness]] = defaultdict(list)
        for chip_path in sorted({p["chip"] for p in pairs})[:: args.every]:
            chip = decode_chip_photo((args.devset / chip_path).read_bytes())
            for kind, image in copies(chip, rng).items():
                if (found := likeness(engine, chip, image)) is not None:
                    by_kind[kind].append(found)
        report("copies", [f for group in by_kind.values() for f in group], rules)
        for kind, group in by_kind.items():
            print(f"copies {kind} taken for copies: {sum(f.is_copy(rules) for f in group)} of {len(group)}")
        genuine: list[Likeness] = []
        for pair in (p for p in pairs if p["same"] == "1"):
            chip = decode_chip_photo((args.devset / pair["chip"]).read_bytes())
            try:
                scored = likeness(engine, chip, decode_image((args.devset / pair["live"]).read_bytes()))
            except FaceError:
                continue
            if scored is not None:
                genuine.append(scored)
        report("different captures", genuine, rules)
    else:
        print(f"dev set not found at {args.devset}: copies and different captures skipped")
    tracker = MeshTracker(video=False, engine=engine)
    for key, source in FACES.items():
        chip = decode_chip_photo(chip_photo(source))
        base = place_in_frame(decode_image(source.path.read_bytes()))
        mesh = face_mesh_3d(base)
        unposed = likeness(engine, chip, base)
        shown = f"score {unposed.score}, detail {unposed.detail}" if unposed is not None else "no usable face"
        print(f"virtual resident {key} unposed: {shown}")
        for yaw in (REST_POSE[0], *TURN_POSES, *(-t for t in TURN_POSES)):
            frame = posed(base, mesh, yaw, REST_POSE[1])
            at_pose = likeness(engine, chip, frame)
            observed = tracker.observe(frame)
            measured = f"{observed.yaw:.1f}" if observed is not None else "-"
            shown = f"score {at_pose.score}, detail {at_pose.detail}" if at_pose is not None else "no usable face"
            print(f"virtual resident {key} pose {yaw:+.0f} deg (measured yaw {measured}): {shown}")
    tracker.close()


if __name__ == "__main__":
    main()
