"""What every doctor check reports: one :class:`Check` with a status and, for anything not OK, one sentence saying
what to do."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One finding. ``fix`` is None exactly when ``status`` is OK."""

    name: str
    status: Status
    detail: str
    fix: str | None = None
