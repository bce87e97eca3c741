"""Verification metrics from genuine and impostor scores (accept when ``score >= threshold``).

Pure numpy; used by ``mynakiosk face evaluate``, the benchmark and the calibration document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class RatesAt:
    """Acceptance rates at one threshold."""

    threshold: float
    tar: float
    far: float


def rates_at(genuine: Sequence[float], impostor: Sequence[float], threshold: float) -> RatesAt:
    """True and false accept rates at ``threshold`` (NaN for an empty side)."""
    gen, imp = np.asarray(genuine, dtype=float), np.asarray(impostor, dtype=float)
    tar = float(np.mean(gen >= threshold)) if gen.size else math.nan
    far = float(np.mean(imp >= threshold)) if imp.size else math.nan
    return RatesAt(threshold, tar, far)


def threshold_for_far(impostor: Sequence[float], target_far: float) -> float:
    """The lowest threshold whose false accept rate on ``impostor`` does not exceed ``target_far``.

    With fewer than ``1 / target_far`` impostor scores this is just above the highest impostor score: the
    measured FAR is then 0 but says little (see the counts reported beside it).
    """
    imp = np.sort(np.asarray(impostor, dtype=float))[::-1]
    if imp.size == 0:
        return -1.0
    allowed = math.floor(target_far * imp.size)
    if allowed >= imp.size:
        return float(imp[-1])
    return float(np.nextafter(imp[allowed], math.inf))


def tar_at_far(genuine: Sequence[float], impostor: Sequence[float], target_far: float) -> float:
    """True accept rate at the threshold :func:`threshold_for_far` picks."""
    return rates_at(genuine, impostor, threshold_for_far(impostor, target_far)).tar


def equal_error_rate(genuine: Sequence[float], impostor: Sequence[float]) -> tuple[float, float]:
    """``(eer, threshold)``: where false accept and false reject rates are closest (their mean is the EER)."""
    gen, imp = np.asarray(genuine, dtype=float), np.asarray(impostor, dtype=float)
    if gen.size == 0 or imp.size == 0:
        return math.nan, math.nan
    candidates = np.unique(np.concatenate([gen, imp, [np.nextafter(max(gen.max(), imp.max()), math.inf)]]))
    frr = np.searchsorted(np.sort(gen), candidates, side="left") / gen.size
    far = 1.0 - np.searchsorted(np.sort(imp), candidates, side="left") / imp.size
    best = int(np.argmin(np.abs(far - frr)))
    return float((far[best] + frr[best]) / 2), float(candidates[best])


def roc_points(
    genuine: Sequence[float], impostor: Sequence[float], fars: Sequence[float] = (0.1, 0.01, 0.001, 0.0001)
) -> list[RatesAt]:
    """One point of the ROC per target FAR (threshold, TAR, measured FAR)."""
    return [rates_at(genuine, impostor, threshold_for_far(impostor, far)) for far in fars]
