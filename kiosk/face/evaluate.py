"""Measuring the matcher on a pairs file: how the threshold is calibrated and how a deployer checks it.

A pairs file is a CSV with the header ``chip,live,same``; paths are relative to the CSV and ``same`` is 1 or 0.
Each image is embedded once however many pairs use it. A pair whose chip or live image has no single face, or
whose live face fails the same quality gate :func:`~kiosk.face.match.match` applies to live frames (detection score,
eye distance), is a detection failure: it is counted and left out of the rates (at the kiosk such a frame is
skipped and the resident is asked again, so it is neither a false accept nor a decision).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from kiosk.face.engine import Embedding, FaceEngine, cosine
from kiosk.face.errors import FaceError
from kiosk.face.image import decode_image
from kiosk.face.match import OperatingPoint, is_monochrome, to_gray_bgr, usable_live_face
from kiosk.face.roc import RatesAt, equal_error_rate, rates_at, roc_points, tar_at_far

REPORTED_FARS = (0.01, 0.001)


class PairsFileError(FaceError):
    """The pairs CSV is missing, malformed or names files that do not exist."""

    code = "pairs_file"


@dataclass(frozen=True)
class Pair:
    """One comparison to make."""

    chip: Path
    live: Path
    same: bool


@dataclass(frozen=True)
class Evaluation:
    """The figures ``mynakiosk face evaluate`` prints."""

    pairs: int
    genuine_pairs: int
    impostor_pairs: int
    detection_failures: int
    eer: float
    eer_threshold: float
    tar_at_far: dict[str, float]
    threshold: float
    operating_point_name: str
    at_threshold: RatesAt
    roc: tuple[RatesAt, ...]
    genuine_scores: tuple[float, ...]
    impostor_scores: tuple[float, ...]


def read_pairs(csv_path: Path) -> list[Pair]:
    """Parse a pairs file; raises :class:`PairsFileError` naming the first bad line."""
    try:
        text = csv_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PairsFileError(f"cannot read pairs file {csv_path}: {type(error).__name__}") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [cell.strip().lower() for cell in rows[0]] != ["chip", "live", "same"]:
        raise PairsFileError(f"{csv_path}: the first line must be the header chip,live,same")
    base = csv_path.parent
    pairs = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 3 or row[2].strip() not in ("0", "1"):
            raise PairsFileError(f"{csv_path}:{number}: expected chip,live,same with same = 0 or 1")
        pairs.append(Pair(base / row[0].strip(), base / row[1].strip(), row[2].strip() == "1"))
    if not pairs:
        raise PairsFileError(f"{csv_path}: no pairs")
    return pairs


def evaluate(engine: FaceEngine, pairs: list[Pair], operating_point: OperatingPoint) -> Evaluation:
    """Score every pair and summarise; see the module docstring for detection failures."""
    cache: dict[tuple[Path, bool], tuple[Embedding, bool] | None] = {}
    genuine: list[float] = []
    impostor: list[float] = []
    failures = 0
    for pair in pairs:
        chip_entry = _embedding(engine, pair.chip, False, cache, gated=False)
        # As in match(): a monochrome chip is compared with the live frame in gray.
        live_entry = _embedding(engine, pair.live, chip_entry is not None and chip_entry[1], cache, gated=True)
        chip = chip_entry[0] if chip_entry else None
        live = live_entry[0] if live_entry else None
        if chip is None or live is None:
            failures += 1
            continue
        (genuine if pair.same else impostor).append(cosine(chip, live))
    eer, eer_threshold = equal_error_rate(genuine, impostor)
    return Evaluation(
        pairs=len(pairs),
        genuine_pairs=len(genuine),
        impostor_pairs=len(impostor),
        detection_failures=failures,
        eer=eer,
        eer_threshold=eer_threshold,
        tar_at_far={str(far): tar_at_far(genuine, impostor, far) for far in REPORTED_FARS},
        threshold=operating_point.threshold,
        operating_point_name=operating_point.name,
        at_threshold=rates_at(genuine, impostor, operating_point.threshold),
        roc=tuple(roc_points(genuine, impostor)),
        genuine_scores=tuple(genuine),
        impostor_scores=tuple(impostor),
    )


def _embedding(
    engine: FaceEngine,
    path: Path,
    gray: bool,
    cache: dict[tuple[Path, bool], tuple[Embedding, bool] | None],
    *,
    gated: bool,
) -> tuple[Embedding, bool] | None:
    """``(embedding, image is monochrome)`` or None when the image has no (usable, if ``gated``) single face."""
    key = (path, gray)
    if key not in cache:
        try:
            image = decode_image(path.read_bytes())
            monochrome = is_monochrome(image)
            face = engine.single_face(image)  # found in colour, as match() does
            if gated and not usable_live_face(face):
                cache[key] = None
                return None
            if gray and not monochrome:
                image = to_gray_bgr(image)
            cache[key] = (engine.embed(image, face), monochrome)
        except FaceError:
            cache[key] = None
        except OSError as error:
            raise PairsFileError(f"cannot read {path}: {type(error).__name__}") from None
    return cache[key]


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: report an undefined rate as null."""
    return None if math.isnan(value) else value
