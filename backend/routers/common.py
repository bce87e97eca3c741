"""Problem answers in the OpenAPI document: what a route declares itself, and what every operation may answer.

A route names the problems its own handler raises (``responses=problems(403, 409)``). The answers that come from
the layers every request crosses are added to every operation in one place, :func:`document_common_problems`, so no
operation can miss one and no route repeats them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from backend.schemas import Problem

PROBLEM_REF = "#/components/schemas/Problem"
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
"""What FastAPI documents for a request it cannot validate; ``backend.problems`` answers a Problem instead."""

COMMON: tuple[tuple[int, str], ...] = (
    (413, "the body is larger than the route's limit (backend.middleware.BodyLimits; any method, by Content-Length)"),
    (500, "the service failed unexpectedly (backend.middleware.Unexpected)"),
)
"""What any operation may answer."""
WITH_BODY: tuple[tuple[int, str], ...] = ((415, "the body is not application/json (backend.middleware.BodyLimits)"),)
"""What an operation that takes a body (POST, PUT, PATCH) may answer on top."""
SIGNED: tuple[tuple[int, str], ...] = (
    (401, "the kiosk signature is missing, wrong, replayed or of an unknown kiosk (backend.deps.kiosk_principal)"),
    (422, "a parameter or the body is not valid (backend.problems)"),
    (429, "this kiosk sends requests too fast (backend.ratelimit; with Retry-After)"),
)
"""What an operation signed by a kiosk (its OpenAPI ``security``) may answer on top."""


def _problem(code: int, why: str | None = None) -> dict[str, Any]:
    description = HTTPStatus(code).phrase + (f": {why}" if why else "")
    return {"description": description, "content": {"application/problem+json": {"schema": {"$ref": PROBLEM_REF}}}}


CARD_SESSION_REFUSED = (
    "Refused. The problem `type` says why: `card-session-expired` — the card session's time is over (judged from "
    "when it was opened, in both directions): authenticate the card again; a queued request cannot be sent as it "
    "is. `card-refused` — the card is suspended, revoked or not registered, or the card session is unknown or "
    "another kiosk's. Others: `forbidden`, `service-disabled`, `card-not-genuine`, `face-mismatch`."
)
"""The 403 of the endpoints that act within a card session: the kiosk's outbox tells these types apart."""


def problems(*codes: int, described: Mapping[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the problems a route's own handler may answer (the common ones are added to every
    operation by :func:`document_common_problems`); ``described``: what some of them mean (which problem types they
    carry)."""
    described = described or {}
    return {code: _problem(code, described.get(code)) for code in sorted(set(codes))}


def document_common_problems(doc: dict[str, Any]) -> None:
    """Add the problem answers every operation may give, by what the operation is, and the Problem schema."""
    for operations in doc["paths"].values():
        for method, op in operations.items():
            common = COMMON + (WITH_BODY if method in ("post", "put", "patch") else ())
            common += SIGNED if "security" in op else ()  # signed by a kiosk (set by the app from the handler)
            responses = op.setdefault("responses", {})
            for code, why in common:
                if str(code) not in responses or _FASTAPI_422 in json.dumps(responses[str(code)]):
                    responses[str(code)] = _problem(code, why)
            op["responses"] = dict(sorted(responses.items()))
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    if _FASTAPI_422 not in json.dumps(doc["paths"]):  # FastAPI's own 422 answer, which ours replaces
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
