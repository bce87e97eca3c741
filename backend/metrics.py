"""Prometheus text exposition (format 0.0.4), written by hand: a request counter and a latency histogram.

Labels are the route *template* (``/v1/renewals/{application_number}``), never the concrete path, so no
application number or id ends up in a metrics store. Per process: a scraper sums over processes.
"""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: defaultdict[tuple[str, str, int], int] = defaultdict(int)
        self._buckets: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self._sum: defaultdict[tuple[str, str], float] = defaultdict(float)
        self._count: defaultdict[tuple[str, str], int] = defaultdict(int)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            key = (method, route)
            buckets = self._buckets[key]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self._sum[key] += seconds
            self._count[key] += 1

    def render(self) -> str:
        lines = [
            "# HELP mynakiosk_http_requests_total Requests answered, by method, route template and status.",
            "# TYPE mynakiosk_http_requests_total counter",
        ]
        with self._lock:
            for (method, route, status), n in sorted(self._requests.items()):
                lines.append(f'mynakiosk_http_requests_total{{{_labels(method, route)},status="{status}"}} {n}')
            lines += [
                "# HELP mynakiosk_http_request_duration_seconds Time to answer, by method and route template.",
                "# TYPE mynakiosk_http_request_duration_seconds histogram",
            ]
            for key, buckets in sorted(self._buckets.items()):
                labels = _labels(*key)
                for bound, n in zip(BUCKETS, buckets, strict=True):
                    lines.append(f'mynakiosk_http_request_duration_seconds_bucket{{{labels},le="{bound}"}} {n}')
                count = self._count[key]
                lines.append(f'mynakiosk_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {count}')
                lines.append(f"mynakiosk_http_request_duration_seconds_sum{{{labels}}} {self._sum[key]:.6f}")
                lines.append(f"mynakiosk_http_request_duration_seconds_count{{{labels}}} {count}")
        return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(method: str, route: str) -> str:
    return f'method="{_escape(method)}",route="{_escape(route)}"'
