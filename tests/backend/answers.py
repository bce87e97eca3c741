"""Every answer the backend tests see the service give: (method, route template, status), recorded as it is sent.

``install`` wraps the application of every ``TestClient`` the backend tests open (``tests/backend/conftest.py``
does it for the whole session), so the contract test can ask, at the end, whether the OpenAPI document lists every
status the suite saw — including the answers of the middleware, which refuse a request before any route runs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.routing import Match, Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class Answer:
    method: str
    template: str
    """The route the request matched (``/v1/renewals/{application_number}``), as the router would choose it."""
    status: int
    content_type: str
    documented_route: bool
    """The route is in the OpenAPI document (``include_in_schema``)."""


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seen: dict[Answer, str] = {}
        """Each distinct answer, with the first test that saw it."""

    def wrap(self, app: ASGIApp) -> ASGIApp:
        routes = [r for r in getattr(getattr(app, "router", None), "routes", []) if isinstance(r, Route)]

        async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            route = next((r for r in routes if r.matches(scope)[0] is Match.FULL), None)

            async def capture(message: Message) -> None:
                if message["type"] == "http.response.start" and route is not None:
                    headers = dict(message.get("headers", []))
                    ctype = headers.get(b"content-type", b"").decode().split(";")[0].strip()
                    method = "GET" if scope["method"] == "HEAD" else scope["method"]
                    answer = Answer(method, route.path, message["status"], ctype, route.include_in_schema)
                    with self._lock:
                        self.seen.setdefault(answer, os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0])
                await send(message)

            await app(scope, receive, capture)

        return recorded


RECORDER = Recorder()


@contextmanager
def install() -> Iterator[Recorder]:
    """Record the answers of every ``TestClient`` opened while this is active."""
    original = TestClient.__init__

    def init(self: TestClient, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        original(self, RECORDER.wrap(app), *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(TestClient, "__init__", init)
        yield RECORDER
