"""Response declarations shared by the routers, so the OpenAPI document lists every problem answer."""

from __future__ import annotations

from typing import Any

from backend.schemas import Problem

_PROBLEM: dict[str, Any] = {"model": Problem, "content": {"application/problem+json": {}}}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the given problem status codes (plus those every endpoint may answer)."""
    return {code: _PROBLEM for code in sorted({*codes, 401, 413, 422, 429, 500})}
