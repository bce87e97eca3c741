from __future__ import annotations

import math

from kiosk.face.roc import equal_error_rate, rates_at, tar_at_far, threshold_for_far


def test_perfect_separation_has_zero_eer() -> None:
    eer, threshold = equal_error_rate([0.8, 0.9], [0.1, 0.2, 0.3])
    assert eer == 0.0 and 0.3 < threshold <= 0.8


def test_threshold_for_far_allows_at_most_the_target() -> None:
    impostor = [i / 1000 for i in range(1000)]
    threshold = threshold_for_far(impostor, 0.01)
    assert rates_at([], impostor, threshold).far <= 0.01
    assert rates_at([], impostor, threshold - 0.002).far > 0.01


def test_too_few_impostors_puts_threshold_above_all() -> None:
    impostor = [0.1, 0.5, 0.3]
    assert threshold_for_far(impostor, 0.001) > 0.5
    assert tar_at_far([0.4, 0.6], impostor, 0.001) == 0.5


def test_empty_sides_are_nan() -> None:
    assert math.isnan(equal_error_rate([], [0.1])[0])
    assert math.isnan(rates_at([], [], 0.5).tar)
