"""Measuring the matcher on a pairs file: how the threshold is calibrated and how a deployer checks it.

A pairs file is a CSV with the header ``chip,live,same`` and optionally a fourth column ``group`` (e.g. an age
band or a camera); paths are relative to the CSV and ``same`` is 1 or 0. The ``live`` cell may name several
images separated by ``;``: they are one attempt, decided as the kiosk decides on several frames
(:func:`~kiosk.face.match.match`: usable frames only, the sharpest five fused). Each image is analysed once however
many pairs use it.

The chip photo's dominant face is used whatever else it shows. A live image is not used when it has no face, a
second face of comparable size, or a face that fails the quality gate; a pair none of whose live images is usable
has **no decision** (at the kiosk the resident is asked again): it is counted by reason and left out of the rates.

With ``cross_impostors`` the impostor scores are every chip against every live cell of every *other* identity
(identities are the groups of chips and live cells linked by genuine rows; images in no genuine row are left out of
this set), which turns 300 people into ~90,000 impostor
scores instead of the file's few hundred: the FAR of a 0.1 % target then rests on about 90 scores, not one.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.face.engine import Embedding, FaceEngine, cosine, fuse
from kiosk.face.errors import FaceError, NoFace
from kiosk.face.image import decode_image
from kiosk.face.match import (
    MAX_FRAMES_FUSED,
    OperatingPoint,
    SkipReason,
    check_live_frame,
    chip_embedding,
    is_monochrome,
    sharpness,
    to_gray_bgr,
)
from kiosk.face.roc import RatesAt, equal_error_rate, rates_at, roc_points, tar_at_far, threshold_for_far

if TYPE_CHECKING:
    from collections.abc import Callable

REPORTED_FARS = (0.01, 0.001)
LIVE_SEPARATOR = ";"
CHIP_NO_FACE = "chip_no_face"
NO_DECISION_REASONS = (CHIP_NO_FACE, *(reason.value for reason in SkipReason))
"""Why a pair had no decision: the chip shows no face, or no live image is usable (no face, a comparable second
face, the quality gate; with several live images, the reason of :func:`~kiosk.face.match.match`)."""


class PairsFileError(FaceError):
    """The pairs CSV is missing, malformed or names files that do not exist."""

    code = "pairs_file"


@dataclass(frozen=True)
class Pair:
    """One comparison to make: a chip photo against one or more live images of one attempt."""

    chip: Path
    lives: tuple[Path, ...]
    same: bool
    group: str = ""

    @property
    def live(self) -> Path:
        """The first live image (the only one in a single-image pair)."""
        return self.lives[0]


@dataclass(frozen=True)
class GroupRates:
    """Rates of one ``group`` at the operating point."""

    genuine_pairs: int
    impostor_pairs: int
    no_decision: int
    tar: float
    far: float


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
    no_decision: dict[str, int] = field(default_factory=dict)
    fused_pairs: int = 0
    groups: dict[str, GroupRates] = field(default_factory=dict)
    impostor_source: str = "file"
    file_impostor_pairs: int = 0
    fused_by_identity: FusedSummary | None = None


@dataclass(frozen=True)
class FusedSummary:
    """Decisions on every live image of one identity at once, per chip, as the kiosk decides on several frames.

    Made when some chip has several rows against one identity (e.g. ``face devset`` writes three live frames per
    person); identities are linked by genuine rows, as for ``cross_impostors``."""

    genuine_attempts: int
    impostor_attempts: int
    no_decision: int
    eer: float
    tar_at_far: dict[str, float]
    at_threshold: RatesAt


@dataclass
class _GroupScores:
    genuine: list[float] = field(default_factory=list)
    impostor: list[float] = field(default_factory=list)
    no_decision: int = 0


@dataclass(frozen=True)
class _Live:
    embedding: Embedding | None
    reason: SkipReason | None
    sharpness: float


def read_pairs(csv_path: Path) -> list[Pair]:
    """Parse a pairs file; raises :class:`PairsFileError` naming the first bad line."""
    try:
        text = csv_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PairsFileError(f"cannot read pairs file {csv_path}: {type(error).__name__}") from None
    rows = list(csv.reader(text.splitlines()))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if header not in (["chip", "live", "same"], ["chip", "live", "same", "group"]):
        raise PairsFileError(f"{csv_path}: the first line must be the header chip,live,same (optionally ,group)")
    base = csv_path.parent
    pairs = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header) or row[2].strip() not in ("0", "1"):
            raise PairsFileError(f"{csv_path}:{number}: expected {','.join(header)} with same = 0 or 1")
        lives = tuple(base / name.strip() for name in row[1].split(LIVE_SEPARATOR) if name.strip())
        if not lives:
            raise PairsFileError(f"{csv_path}:{number}: no live image")
        group = row[3].strip() if len(row) == 4 else ""
        pairs.append(Pair(base / row[0].strip(), lives, row[2].strip() == "1", group))
    if not pairs:
        raise PairsFileError(f"{csv_path}: no pairs")
    return pairs


class _Scorer:
    """Analyses each image once and decides pairs as :func:`~kiosk.face.match.match` does."""

    def __init__(self, engine: FaceEngine) -> None:
        self._engine = engine
        self._chips: dict[Path, tuple[Embedding, bool] | None] = {}
        self._lives: dict[tuple[Path, bool], _Live] = {}

    def chip(self, path: Path) -> tuple[Embedding, bool] | None:
        """``(embedding, monochrome)`` of the chip's dominant face, None when it shows no face."""
        if path not in self._chips:
            image = _read(path)
            try:
                self._chips[path] = (chip_embedding(self._engine, image)[0], is_monochrome(image))
            except NoFace:
                self._chips[path] = None
        return self._chips[path]

    def live(self, path: Path, gray: bool) -> _Live:
        key = (path, gray)
        if key not in self._lives:
            image = _read(path)
            check = check_live_frame(self._engine, image)
            if check.reason is not None or check.face is None:
                self._lives[key] = _Live(None, check.reason or SkipReason.NO_FACE, 0.0)
            else:
                # As in match(): found in colour, embedded in gray when the chip photo is monochrome.
                embedded = to_gray_bgr(image) if gray and not is_monochrome(image) else image
                self._lives[key] = _Live(self._engine.embed(embedded, check.face), None, sharpness(image, check.face))
        return self._lives[key]

    def decide(self, chip_path: Path, lives: tuple[Path, ...]) -> float | str:
        """The score, or the reason there is no decision (one of :data:`NO_DECISION_REASONS`)."""
        chip = self.chip(chip_path)
        if chip is None:
            return CHIP_NO_FACE
        vector, gray = chip
        analysed = [self.live(path, gray) for path in lives]
        usable = sorted((a for a in analysed if a.embedding is not None), key=lambda a: a.sharpness, reverse=True)
        if not usable:
            reasons = {a.reason for a in analysed}
            for reason in (SkipReason.SECOND_FACE, SkipReason.QUALITY, SkipReason.NO_FACE):
                if reason in reasons:
                    return str(reason.value)
            return str(SkipReason.NO_FACE.value)
        embeddings = [a.embedding for a in usable[:MAX_FRAMES_FUSED] if a.embedding is not None]
        return float(cosine(vector, fuse(embeddings) if len(embeddings) > 1 else embeddings[0]))


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PairsFileError(f"cannot read {path}: {type(error).__name__}") from None
    return decode_image(data)


def evaluate(
    engine: FaceEngine, pairs: list[Pair], operating_point: OperatingPoint, *, cross_impostors: bool = False
) -> Evaluation:
    """Score every pair and summarise; see the module docstring for no-decisions and ``cross_impostors``."""
    scorer = _Scorer(engine)
    genuine: list[float] = []
    impostor: list[float] = []
    no_decision: Counter[str] = Counter()
    by_group: dict[str, _GroupScores] = {}
    for pair in pairs:
        outcome = scorer.decide(pair.chip, pair.lives)
        slot = by_group.setdefault(pair.group, _GroupScores())
        if isinstance(outcome, str):
            no_decision[outcome] += 1
            slot.no_decision += 1
            continue
        (genuine if pair.same else impostor).append(outcome)
        (slot.genuine if pair.same else slot.impostor).append(outcome)
    file_impostors = len(impostor)
    if cross_impostors:
        impostor = _cross_impostor_scores(scorer, pairs)
    eer, eer_threshold = equal_error_rate(genuine, impostor)
    threshold = operating_point.threshold
    return Evaluation(
        pairs=len(pairs),
        genuine_pairs=len(genuine),
        impostor_pairs=len(impostor),
        detection_failures=sum(no_decision.values()),
        eer=eer,
        eer_threshold=eer_threshold,
        tar_at_far={str(far): tar_at_far(genuine, impostor, far) for far in REPORTED_FARS},
        threshold=threshold,
        operating_point_name=operating_point.name,
        at_threshold=rates_at(genuine, impostor, threshold),
        roc=tuple(roc_points(genuine, impostor)),
        genuine_scores=tuple(genuine),
        impostor_scores=tuple(impostor),
        no_decision={reason: no_decision[reason] for reason in NO_DECISION_REASONS},
        fused_pairs=sum(len(p.lives) > 1 for p in pairs),
        groups=_group_rates(by_group, threshold) if any(p.group for p in pairs) else {},
        impostor_source="cross" if cross_impostors else "file",
        file_impostor_pairs=file_impostors,
        fused_by_identity=_fused_by_identity(scorer, pairs, threshold),
    )


def _group_rates(by_group: dict[str, _GroupScores], threshold: float) -> dict[str, GroupRates]:
    rates = {}
    for name, slot in sorted(by_group.items()):
        at = rates_at(slot.genuine, slot.impostor, threshold)
        rates[name] = GroupRates(len(slot.genuine), len(slot.impostor), slot.no_decision, at.tar, at.far)
    return rates


def _identities(pairs: list[Pair]) -> Callable[[object], object]:
    """The identity (a representative) of a chip or a live cell, linking both sides of every genuine row."""
    parent: dict[object, object] = {}

    def root(item: object) -> object:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    for pair in pairs:
        if pair.same:
            parent[root(pair.chip)] = root(pair.lives)
    return root


def _cross_impostor_scores(scorer: _Scorer, pairs: list[Pair]) -> list[float]:
    """Every chip against every live cell of another identity; pairs without a decision are left out.

    Only chips and live cells that appear in a genuine row have a known identity; the others are left out, since
    an unlinked image may well show the same person."""
    root = _identities(pairs)
    chips = sorted({p.chip for p in pairs if p.same})
    cells = sorted({p.lives for p in pairs if p.same})
    scores = []
    for chip in chips:
        for cell in cells:
            if root(chip) == root(cell):
                continue
            outcome = scorer.decide(chip, cell)
            if not isinstance(outcome, str):
                scores.append(outcome)
    return scores


def _fused_by_identity(scorer: _Scorer, pairs: list[Pair], threshold: float) -> FusedSummary | None:
    """One decision per (chip, identity of the live images) over all that identity's rows for the chip."""
    root = _identities(pairs)
    known = {root(p.lives) for p in pairs if p.same}
    attempts: dict[tuple[Path, object], list[Path]] = {}
    for pair in pairs:
        identity = root(pair.lives)
        if identity in known:
            attempts.setdefault((pair.chip, identity), []).extend(pair.lives)
    if all(len(lives) < 2 for lives in attempts.values()):
        return None
    genuine: list[float] = []
    impostor: list[float] = []
    none = 0
    for (chip, identity), lives in attempts.items():
        outcome = scorer.decide(chip, tuple(dict.fromkeys(lives)))
        if isinstance(outcome, str):
            none += 1
            continue
        (genuine if root(chip) == identity else impostor).append(outcome)
    eer, _ = equal_error_rate(genuine, impostor)
    return FusedSummary(
        genuine_attempts=len(genuine),
        impostor_attempts=len(impostor),
        no_decision=none,
        eer=eer,
        tar_at_far={str(far): tar_at_far(genuine, impostor, far) for far in REPORTED_FARS},
        at_threshold=rates_at(genuine, impostor, threshold),
    )


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: report an undefined rate as null."""
    return None if math.isnan(value) else value


def evaluation_payload(result: Evaluation) -> dict[str, Any]:
    """The JSON object ``mynakiosk face evaluate --json`` prints."""
    threshold = result.threshold
    at = {
        "tar": finite_or_none(result.at_threshold.tar),
        "far": finite_or_none(result.at_threshold.far),
        "accepted_genuine": sum(s >= threshold for s in result.genuine_scores),
        "rejected_genuine": sum(s < threshold for s in result.genuine_scores),
        "accepted_impostor": sum(s >= threshold for s in result.impostor_scores),
        "rejected_impostor": sum(s < threshold for s in result.impostor_scores),
    }
    far_points = {}
    for far in REPORTED_FARS:
        cut = threshold_for_far(result.impostor_scores, far)
        far_points[str(far)] = {
            "threshold": cut if result.impostor_scores else None,
            "impostor_scores_at_or_above": sum(s >= cut for s in result.impostor_scores),
        }
    return {
        "pairs": result.pairs,
        "genuine_pairs": result.genuine_pairs,
        "impostor_pairs": result.impostor_pairs,
        "impostor_source": result.impostor_source,
        "file_impostor_pairs": result.file_impostor_pairs,
        "fused_pairs": result.fused_pairs,
        "detection_failures": result.detection_failures,
        "no_decision": dict(result.no_decision),
        "no_decision_rate": result.detection_failures / result.pairs if result.pairs else None,
        "eer": finite_or_none(result.eer),
        "eer_threshold": finite_or_none(result.eer_threshold),
        "tar_at_far": {far: finite_or_none(tar) for far, tar in result.tar_at_far.items()},
        "far_points": far_points,
        "threshold": threshold,
        "operating_point": result.operating_point_name,
        "at_threshold": at,
        "groups": {
            name: {
                "genuine_pairs": g.genuine_pairs,
                "impostor_pairs": g.impostor_pairs,
                "no_decision": g.no_decision,
                "tar": finite_or_none(g.tar),
                "far": finite_or_none(g.far),
            }
            for name, g in result.groups.items()
        },
        "fused_by_identity": _fused_payload(result.fused_by_identity),
        "roc": [{"threshold": p.threshold, "tar": p.tar, "far": p.far} for p in result.roc],
    }


def _fused_payload(fused: FusedSummary | None) -> dict[str, Any] | None:
    if fused is None:
        return None
    return {
        "genuine_attempts": fused.genuine_attempts,
        "impostor_attempts": fused.impostor_attempts,
        "no_decision": fused.no_decision,
        "eer": finite_or_none(fused.eer),
        "tar_at_far": {far: finite_or_none(tar) for far, tar in fused.tar_at_far.items()},
        "tar": finite_or_none(fused.at_threshold.tar),
        "far": finite_or_none(fused.at_threshold.far),
    }


def evaluation_lines(result: Evaluation) -> list[str]:
    """The human summary of ``mynakiosk face evaluate``."""
    payload = evaluation_payload(result)
    at = payload["at_threshold"]
    reasons = ", ".join(f"{reason} {count}" for reason, count in result.no_decision.items())
    lines = [
        f"pairs: {result.pairs} ({result.genuine_pairs} genuine, {result.impostor_pairs} impostor scored"
        + (" from every chip against every other identity's live images" if result.impostor_source == "cross" else "")
        + (f"; {result.fused_pairs} with several live images, fused" if result.fused_pairs else "")
        + ")",
        f"no decision: {result.detection_failures} ({reasons})",
        f"EER: {result.eer:.4f} (at threshold {result.eer_threshold:.3f})",
        *(
            f"TAR at FAR {far}: {tar:.4f} (threshold {payload['far_points'][far]['threshold']}, resting on "
            f"{payload['far_points'][far]['impostor_scores_at_or_above']} impostor scores)"
            for far, tar in result.tar_at_far.items()
        ),
        f"at threshold {result.threshold:.3f} ({result.operating_point_name}): TAR {result.at_threshold.tar:.4f}, "
        f"FAR {result.at_threshold.far:.6f}; genuine accepted {at['accepted_genuine']} rejected "
        f"{at['rejected_genuine']}; impostor accepted {at['accepted_impostor']} rejected {at['rejected_impostor']}",
    ]
    lines += [
        f"group {name or '-'}: {g.genuine_pairs} genuine, {g.impostor_pairs} impostor, {g.no_decision} no decision; "
        f"TAR {g.tar:.4f}, FAR {g.far:.6f}"
        for name, g in result.groups.items()
    ]
    fused = result.fused_by_identity
    if fused is not None:
        lines.append(
            f"fused per chip and identity: {fused.genuine_attempts} genuine, {fused.impostor_attempts} impostor, "
            f"{fused.no_decision} no decision; EER {fused.eer:.4f}; at threshold TAR {fused.at_threshold.tar:.4f}, "
            f"FAR {fused.at_threshold.far:.6f}"
        )
    return lines
