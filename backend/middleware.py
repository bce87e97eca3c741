"""ASGI middleware: body-size limits (before any parsing), JSON-only POST bodies, request metrics, and a generic 500
for anything unexpected (logged by type and route, never as a traceback)."""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import BackendError, InternalError, PayloadTooLarge, UnsupportedMediaType
from backend.metrics import Metrics
from backend.problems import MEDIA_TYPE, TYPE_BASE
from backend.settings import Limits

OFFICE_UPLOADS = frozenset({"/office/jlis/import"})
"""The office's only file upload (J-LIS's status feed): the one route that takes ``multipart/form-data``."""


async def _send_problem(send: Send, scope: Scope, exc: BackendError) -> None:
    doc = {
        "type": TYPE_BASE + exc.slug,
        "title": exc.title,
        "status": exc.status,
        "detail": exc.detail,
        "instance": scope.get("path"),
    }
    body = json.dumps(doc, separators=(",", ":")).encode()
    headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


log = logging.getLogger("backend")


class _TooLarge(Exception):
    pass


class BodyLimits:
    """Refuse bodies over the route's limit with 413 — by Content-Length up front, or while streaming."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        # Built once: matching with a generator expression per request was 2 % of a status read's CPU (py-spy).
        self._large_paths = frozenset(limits.large_body_paths)
        self._large_prefixes = tuple(p + "/" for p in limits.large_body_paths)

    def _limit(self, path: str) -> int:
        large = path in self._large_paths or path.startswith(self._large_prefixes)
        return self.limits.max_large_body_bytes if large else self.limits.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        headers = dict(scope.get("headers", []))
        too_large = PayloadTooLarge(f"request body is limited to {limit} bytes on this route")
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_problem(send, scope, too_large)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            # The back office's pages post plain HTML forms; the kiosk API takes JSON only.
            form = ctype == b"application/x-www-form-urlencoded" and scope["path"].startswith("/office/")
            form |= ctype == b"multipart/form-data" and scope["path"] in OFFICE_UPLOADS
            if ctype != b"application/json" and not form:
                await _send_problem(send, scope, UnsupportedMediaType("send Content-Type: application/json"))
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLarge:
            if not started:
                await _send_problem(send, scope, too_large)


class RequestMetrics:
    """Count and time every request by route template (never the concrete path)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - start)


class Unexpected:
    """Answer an unexpected exception with a generic 500 and log its type and route only.

    Starlette's outermost middleware re-raises an exception after its handler answered, and the ASGI server then
    logs the traceback, whose frames may quote request values; this middleware sits inside it and keeps the
    exception from reaching it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 (the last line of defence: every failure becomes a 500)
            route = getattr(scope.get("route"), "path", "unmatched")
            log.error("unexpected %s on %s %s", type(exc).__name__, scope["method"], route)
            if not started:
                await _send_problem(send, scope, InternalError("the service failed unexpectedly; see its log"))
