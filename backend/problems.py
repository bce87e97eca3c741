"""RFC 9457 ``application/problem+json`` answers for every error, including the framework's own.

No answer ever carries a stack trace, a request body or a submitted value; unexpected errors are logged with the
route only and answered with a generic 500 (``backend.middleware.Unexpected``).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from backend.errors import BackendError

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://mynakiosk.example/problems/"


def problem_response(
    status: int, slug: str, title: str, detail: str, instance: str | None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail, "instance": instance}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:10]:
        loc = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    async def backend_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BackendError)
        return problem_response(exc.status, exc.slug, exc.title, exc.detail, request.url.path, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        detail = _validation_detail(exc)
        return problem_response(422, "validation-failed", "The request is not valid", detail, request.url.path)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return problem_response(
            exc.status_code, f"http-{exc.status_code}", str(exc.detail), str(exc.detail), request.url.path
        )

    app.add_exception_handler(BackendError, backend_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
