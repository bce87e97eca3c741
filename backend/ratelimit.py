"""Per-kiosk request rate limit: a token bucket per kiosk id, in this process.

With N processes the effective limit is up to N × the configured rate; it protects each process from one
misbehaving kiosk. Limits that matter for security (card sessions per card, PIN resets per card) are counted in
the database instead, so they hold across processes: ``capped_count`` builds those counts.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.sql.elements import BindParameter

from backend.errors import RateLimited


def capped_count(rows: Select[Any], limit: int | BindParameter[int]) -> Select[int]:
    """``SELECT count(*)`` of ``rows``, counting no further than ``limit``: enough to compare with the limit, and a
    card that was used in a loop makes the check no dearer."""
    return select(func.count()).select_from(rows.limit(limit).subquery())


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    def __init__(self, rate_per_s: float, burst: int) -> None:
        self._rate = rate_per_s
        self._burst = burst
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Spend one token for ``key`` or raise ``RateLimited`` with a ``Retry-After`` header."""
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self._burst), now)
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            if bucket.tokens < 1.0:
                wait = math.ceil((1.0 - bucket.tokens) / self._rate)
                raise RateLimited("this kiosk sends requests too fast", headers={"Retry-After": str(wait)})
            bucket.tokens -= 1.0
