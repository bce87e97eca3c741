"""My Number (個人番号) check digit, by the official rule (個人番号の検査用数字, 総務省令第85号 第5条)."""

from __future__ import annotations

import random


def check_digit(first_eleven: str) -> int:
    """Check digit for 11 digits: remainder of Σ Pn·Qn mod 11, n counted from the right.

    Qn = n + 1 for n ≤ 6 and n − 5 for 7 ≤ n ≤ 11; the digit is 0 when the remainder is 0 or 1,
    otherwise 11 − remainder.
    """
    if len(first_eleven) != 11 or not first_eleven.isdigit() or not first_eleven.isascii():
        raise ValueError("a My Number check digit needs exactly 11 ASCII digits")
    total = 0
    for n, char in enumerate(reversed(first_eleven), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(char) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid(number: str) -> bool:
    """Whether ``number`` is 12 ASCII digits with a correct check digit."""
    return len(number) == 12 and number.isascii() and number.isdigit() and check_digit(number[:11]) == int(number[11])


def generate(rng: random.Random) -> str:
    """A fictional, well-formed My Number."""
    body = "".join(str(rng.randrange(10)) for _ in range(11))
    return body + str(check_digit(body))
