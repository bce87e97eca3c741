"""``mynakiosk face …``: match, evaluate, build a development set, check a renewal photo, check liveness.

Every command prints a human summary, or one JSON object with ``--json``. Errors on input images are reported
as ``{"error": code, "message": …}`` with exit status 2; nothing personal is printed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

import click

from kiosk.face.errors import FaceError, NoFace
from kiosk.face.match import DEFAULT_OPERATING_POINT, OPERATING_POINTS, resolve_operating_point

EXIT_FACE_ERROR = 2


def _emit(payload: dict[str, Any], as_json: bool, human: str) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, sort_keys=True) if as_json else human)


def _fail(error: FaceError, as_json: bool) -> NoReturn:
    payload = {"error": error.code, "message": str(error)}
    if as_json:
        click.echo(json.dumps(payload, sort_keys=True))
    else:
        click.echo(f"error: {error.code}: {error}", err=True)
    sys.exit(EXIT_FACE_ERROR)


_point_options = [
    click.option(
        "--operating-point",
        "point_name",
        type=click.Choice(sorted(OPERATING_POINTS)),
        default=None,
        help=f"Named threshold (default {DEFAULT_OPERATING_POINT.name}).",
    ),
    click.option("--threshold", type=float, default=None, help="Explicit cosine threshold (overrides the name)."),
]


def _with_point(command: Any) -> Any:
    for option in reversed(_point_options):
        command = option(command)
    return command


@click.group()
def face() -> None:
    """Face pipeline: chip photo matching, calibration, renewal-photo quality, liveness."""


@face.command("match")
@click.argument("chip", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("live", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_with_point
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def match_command(
    chip: Path, live: tuple[Path, ...], point_name: str | None, threshold: float | None, as_json: bool
) -> None:
    """Compare the chip photo CHIP (JPEG 2000 or any still image) with one or more LIVE frames."""
    from kiosk.face.engine import FaceEngine
    from kiosk.face.image import decode_image
    from kiosk.face.match import match

    point = resolve_operating_point(point_name, threshold)
    try:
        engine = FaceEngine()
        chip_image = decode_image(chip.read_bytes())
        frames = [decode_image(path.read_bytes()) for path in live]
        decision = match(engine, chip_image, frames, point)
    except FaceError as error:
        _fail(error, as_json)
    payload = {
        "match": decision.match,
        "score": decision.score,
        "threshold": decision.threshold,
        "operating_point": decision.operating_point_name,
        "frames_used": decision.frames_used,
        "frame_scores": list(decision.frame_scores),
        "faces": {"chip": asdict(decision.chip_face), "live": [asdict(f) for f in decision.live_faces]},
        "ms": decision.ms,
    }
    verdict = "MATCH" if decision.match else "NO MATCH"
    _emit(
        payload,
        as_json,
        f"{verdict}: score {decision.score:.3f}, threshold {decision.threshold:.3f} "
        f"({decision.operating_point_name}), {decision.frames_used} frame(s), {decision.ms:.0f} ms",
    )


@face.command("evaluate")
@click.argument("pairs_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_with_point
@click.option(
    "--cross-impostors",
    is_flag=True,
    help="Also score every chip against every other identity's live images (many more impostor scores).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(
    pairs_csv: Path, point_name: str | None, threshold: float | None, cross_impostors: bool, as_json: bool
) -> None:
    """Measure the matcher on PAIRS_CSV (header chip,live,same[,group]; paths relative to the CSV; a live cell
    may list several images separated by ';', decided together as the kiosk does)."""
    from kiosk.face.engine import FaceEngine
    from kiosk.face.evaluate import evaluate, evaluation_lines, evaluation_payload, read_pairs

    point = resolve_operating_point(point_name, threshold)
    try:
        result = evaluate(FaceEngine(), read_pairs(pairs_csv), point, cross_impostors=cross_impostors)
    except FaceError as error:
        _fail(error, as_json)
    _emit(evaluation_payload(result), as_json, "\n".join(evaluation_lines(result)))


@face.command("devset")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path(__file__).resolve().parents[2] / "assets" / "faces" / "manifest.json",
    show_default=True,
    help="Labelled identities (assets/faces/manifest.json format).",
)
@click.option(
    "--extra",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of unlabelled face photos, each used as its own identity.",
)
@click.option("--lives", default=3, show_default=True, help="Simulated live frames per identity.")
@click.option("--seed", default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def devset_command(out_dir: Path, manifest: Path, extra: Path | None, lives: int, seed: int, as_json: bool) -> None:
    """Build a chip-degraded development set (chips, live frames, pairs.csv) in OUT_DIR."""
    from kiosk.face.devset import build_devset, identities_from_folder, identities_from_manifest
    from kiosk.face.engine import FaceEngine

    try:
        identities = identities_from_manifest(manifest)
        if extra is not None:
            identities += identities_from_folder(extra)
        csv_path, skipped = build_devset(FaceEngine(), identities, out_dir, lives_per_identity=lives, seed=seed)
    except FaceError as error:
        _fail(error, as_json)
    _emit(
        {"pairs_csv": str(csv_path), "identities": len(identities), "skipped_images": skipped},
        as_json,
        f"wrote {csv_path} ({len(identities)} identities, {skipped} images skipped)",
    )


@face.command("quality")
@click.argument("image", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--crop-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the card-geometry crop (7:9) to this file (PNG or JPEG).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def quality_command(image: Path, crop_out: Path | None, as_json: bool) -> None:
    """Check IMAGE against the My Number Card photo specification."""
    from kiosk.face.engine import FaceEngine
    from kiosk.face.image import decode_image
    from kiosk.face.quality import PhotoQualityChecker

    try:
        frame = decode_image(image.read_bytes())
        checker = PhotoQualityChecker(FaceEngine())
        report = checker.assess(frame)
        checker.close()
    except FaceError as error:
        _fail(error, as_json)
    if crop_out is not None and report.crop is not None:
        import cv2

        cv2.imwrite(str(crop_out), report.crop)
    checks = {
        name: {"ok": c.ok, "value": c.value, "hint_key": c.hint_key, "hint": c.hint}
        for name, c in report.checks.items()
    }
    lines = [f"{'OK' if report.ok else 'NOT OK'}"] + [
        f"  {name}: {'ok' if c.ok else 'FAIL'} ({c.value})" + (f" - {c.hint}" if c.hint else "")
        for name, c in report.checks.items()
    ]
    _emit({"ok": report.ok, "checks": checks}, as_json, "\n".join(lines))


@face.command("liveness")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--challenge",
    "challenges",
    multiple=True,
    type=click.Choice(["blink", "turn_left", "turn_right"]),
    help="Challenge(s) to check, in order (repeatable). Default: two chosen at random.",
)
@click.option("--fps", default=15.0, show_default=True, help="Frame rate of a folder of images (timestamps).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def liveness_command(source: Path, challenges: tuple[str, ...], fps: float, as_json: bool) -> None:
    """Check liveness on SOURCE: a video file or a folder of frames (played in name order at --fps)."""
    from drivers.cameras.replay import ReplayCamera
    from kiosk.face.camera import EndOfStream
    from kiosk.face.engine import FaceEngine
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.liveness import Challenge, LivenessSession, random_challenges

    chosen = tuple(Challenge(c) for c in challenges) or random_challenges()
    frames = 0
    try:
        tracker = MeshTracker(video=True, engine=FaceEngine())
        session = LivenessSession(chosen, tracker)
        camera = ReplayCamera(source, fps=fps, loop=False)
        camera.open()
        status = session.status()
        try:
            while not status.state.final:
                frame = camera.read()
                frames += 1
                status = session.feed(frame.image, frame.timestamp)
        except EndOfStream:
            pass  # the recording ended before a verdict: reported as not live
        finally:
            camera.close()
            tracker.close()
    except FaceError as error:
        _fail(error, as_json)
    payload = {
        "live": status.live,
        "state": status.state.value,
        "challenges": [c.value for c in status.challenges],
        "completed": [c.value for c in status.completed],
        "frames": frames,
        "elapsed_s": status.elapsed_s,
        "deformation": status.deformation,
    }
    _emit(
        payload,
        as_json,
        f"{'LIVE' if status.live else 'NOT LIVE'}: {status.state.value}, challenges "
        f"{', '.join(c.value for c in status.challenges)}, completed {len(status.completed)}, {frames} frames",
    )


@face.command("synth-live")
@click.argument("photo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seconds", default=4.0, show_default=True)
@click.option("--fps", default=15.0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def synth_live_command(photo: Path, out_dir: Path, seconds: float, fps: float, as_json: bool) -> None:
    """Write a synthetic 'live' frame sequence of PHOTO (slight motion, one blink at 1.5 s) into OUT_DIR, for the
    replay camera in simulator mode. It passes a blink challenge; it is not a real person (docs/face-liveness.md)."""
    import cv2

    from kiosk.face.engine import FaceEngine
    from kiosk.face.image import decode_image
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.synthetic import blink_frames

    try:
        tracker = MeshTracker(video=False, engine=FaceEngine())
        try:
            frames = blink_frames(decode_image(photo.read_bytes()), tracker, fps=fps, seconds=seconds)
        except ValueError:
            _fail(NoFace("no face mesh found in the photo"), as_json)
        finally:
            tracker.close()
    except FaceError as error:
        _fail(error, as_json)
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, frame in enumerate(frames):
        cv2.imwrite(str(out_dir / f"{index:04d}.jpg"), frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
    _emit(
        {"frames": len(frames), "fps": fps, "out_dir": str(out_dir)},
        as_json,
        f"wrote {len(frames)} frames at {fps:g} fps to {out_dir}",
    )
